// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "base/timer_wheel.hpp"

namespace parley::transport {

// EventLoop models one worker thread's reactor (STYLE §7): an epoll set of file descriptors, the
// timer wheel of that thread, and a queue of work posted from other threads (woken through an
// eventfd). Everything registered with a loop runs on the loop's thread; only post() and stop()
// may be called from elsewhere. Owned by the worker that runs it; outlives every socket and
// transaction registered with it.
class EventLoop {
 public:
  // Called with the epoll event mask (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP ...).
  using IoCallback = std::function<void(std::uint32_t events)>;
  using Task = std::function<void()>;

  explicit EventLoop(Clock& clock);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Registers `fd` for `events` (EPOLLIN/EPOLLOUT ...). The loop does not own the fd.
  [[nodiscard]] Result<void> watch(int fd, std::uint32_t events, IoCallback callback) noexcept;
  [[nodiscard]] Result<void> modify(int fd, std::uint32_t events) noexcept;
  // Safe to call from inside the fd's own callback.
  void unwatch(int fd) noexcept;

  // Runs `task` on the loop thread soon. Any thread.
  void post(Task task);
  // Makes run() return after the current iteration. Any thread.
  void stop() noexcept;

  [[nodiscard]] TimerWheel& timers() noexcept { return timers_; }
  [[nodiscard]] Clock& clock() noexcept { return clock_; }
  TimerId runAfter(Duration delay, TimerWheel::Callback callback) noexcept {
    return timers_.schedule(clock_.now() + delay, std::move(callback));
  }

  // One iteration: wait for I/O at most `maxWait` (less when a timer is due sooner), dispatch the
  // ready fds, fire due timers, run posted tasks. Returns how many callbacks ran.
  std::size_t runOnce(Duration maxWait);
  // Iterates until stop().
  void run();

  [[nodiscard]] std::size_t watchedCount() const noexcept { return handlers_.size(); }

 private:
  void drainPosted();

  Clock& clock_;
  TimerWheel timers_;
  int epollFd_ = -1;
  int wakeFd_ = -1;
  std::atomic<bool> stopping_{false};
  // Each registration carries a generation, also stored in its epoll data: an event queued for an
  // fd that a callback closed and a new socket reused within the same epoll batch is recognised as
  // stale and dropped instead of reaching the new handler.
  struct Handler {
    std::uint32_t generation;
    std::shared_ptr<IoCallback> callback;
  };
  std::unordered_map<int, Handler> handlers_;
  std::uint32_t nextGeneration_ = 1;
  std::mutex postedMutex_;  // guards posted_ only; never held while running a task
  std::vector<Task> posted_;
};

}  // namespace parley::transport
