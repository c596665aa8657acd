// SPDX-License-Identifier: MIT
#include "transport/event_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace parley::transport {

namespace {

// epoll data: the fd in the low half, the registration's generation in the high half.
std::uint64_t tag(int fd, std::uint32_t generation) {
  return (static_cast<std::uint64_t>(generation) << 32) | static_cast<std::uint32_t>(fd);
}

}  // namespace

EventLoop::EventLoop(Clock& clock) : clock_(clock), timers_(clock.now()) {
  epollFd_ = epoll_create1(EPOLL_CLOEXEC);
  wakeFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epollFd_ < 0 || wakeFd_ < 0) {
    // Startup failure: STYLE §6 says end the process with a clear message.
    std::perror("parley: cannot create the event loop");
    std::abort();
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = tag(wakeFd_, 0);
  epoll_ctl(epollFd_, EPOLL_CTL_ADD, wakeFd_, &ev);
}

EventLoop::~EventLoop() {
  if (wakeFd_ >= 0) ::close(wakeFd_);
  if (epollFd_ >= 0) ::close(epollFd_);
}

Result<void> EventLoop::watch(int fd, std::uint32_t events, IoCallback callback) noexcept {
  std::uint32_t generation = nextGeneration_++;
  if (nextGeneration_ == 0) nextGeneration_ = 1;  // 0 is never used
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag(fd, generation);
  if (epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev) != 0) return fail(Errc::Io, "epoll_ctl(ADD) failed", "event loop", 0);
  handlers_[fd] = Handler{generation, std::make_shared<IoCallback>(std::move(callback))};
  return {};
}

Result<void> EventLoop::modify(int fd, std::uint32_t events) noexcept {
  auto it = handlers_.find(fd);
  if (it == handlers_.end()) return fail(Errc::Io, "modify of an unwatched fd", "event loop", 0);
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag(fd, it->second.generation);
  if (epoll_ctl(epollFd_, EPOLL_CTL_MOD, fd, &ev) != 0) return fail(Errc::Io, "epoll_ctl(MOD) failed", "event loop", 0);
  return {};
}

void EventLoop::unwatch(int fd) noexcept {
  if (handlers_.erase(fd) > 0) epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr);
}

void EventLoop::post(Task task) {
  {
    std::lock_guard lock(postedMutex_);
    posted_.push_back(std::move(task));
  }
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wakeFd_, &one, sizeof one);
}

void EventLoop::stop() noexcept {
  stopping_.store(true);
  std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wakeFd_, &one, sizeof one);
}

void EventLoop::drainPosted() {
  std::vector<Task> tasks;
  {
    std::lock_guard lock(postedMutex_);
    tasks.swap(posted_);
  }
  for (Task& t : tasks) t();
}

std::size_t EventLoop::runOnce(Duration maxWait) {
  Duration wait = maxWait;
  if (auto next = timers_.nextWakeup()) {
    Duration untilTimer = *next - clock_.now();
    if (untilTimer < wait) wait = untilTimer < Duration::zero() ? Duration::zero() : untilTimer;
  }
  // Round up so a timer is never polled for before it is due.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
  std::array<epoll_event, 64> events{};
  int n = epoll_wait(epollFd_, events.data(), static_cast<int>(events.size()), static_cast<int>(ms));
  std::size_t ran = 0;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t data = events[i].data.u64;
    const int fd = static_cast<int>(static_cast<std::uint32_t>(data));
    const auto generation = static_cast<std::uint32_t>(data >> 32);
    if (generation == 0 && fd == wakeFd_) {
      std::uint64_t count = 0;
      [[maybe_unused]] ssize_t r = ::read(wakeFd_, &count, sizeof count);
      continue;
    }
    auto it = handlers_.find(fd);
    // Unwatched by an earlier callback in this batch, or re-registered for a new socket since.
    if (it == handlers_.end() || it->second.generation != generation) continue;
    std::shared_ptr<IoCallback> keep = it->second.callback;
    (*keep)(events[i].events);
    ++ran;
  }
  ran += timers_.advance(clock_.now());
  drainPosted();
  return ran;
}

void EventLoop::run() {
  while (!stopping_.load()) runOnce(std::chrono::seconds(1));
  stopping_.store(false);
}

}  // namespace parley::transport
