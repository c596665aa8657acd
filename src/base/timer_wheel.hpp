// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "base/clock.hpp"

namespace parley {

// Names one scheduled timer. A handle stays safe to use after its timer fired or was cancelled:
// the slot's generation no longer matches, so cancel() is a no-op. A default handle names nothing.
struct TimerId {
  std::uint32_t index = 0;
  std::uint32_t generation = 0;  // 0 never names a live timer

  [[nodiscard]] bool valid() const noexcept { return generation != 0; }
  friend bool operator==(TimerId, TimerId) = default;
};

// TimerWheel models the timers of one event loop (RFC 3261 §17 needs hundreds of thousands of
// them at once: one or more per live transaction). It is a hierarchical wheel of kLevels levels of
// kSlots slots (Varghese & Lauck): schedule() and cancel() are O(1) through a handle into a slab of
// nodes linked into per-slot lists; advance() walks the ticks that passed, cascading far timers to
// nearer levels, and skips stretches where the nearer levels are empty. Timers further out than
// the top level reaches (2^32 ticks) park in the top level and are re-placed when it comes round.
//
// Firing order: by due tick, then by the order schedule() was called. A timer never fires early:
// its due time is rounded up to the next tick. Callbacks may schedule and cancel any timer,
// including ones due in the same advance(); a timer scheduled at or before the current tick fires
// before advance() returns. Callbacks must not call advance().
//
// Owned by one event loop; only that loop's thread touches it. No locks.
class TimerWheel {
 public:
  using Callback = std::function<void()>;

  static constexpr unsigned kBitsPerLevel = 8;
  static constexpr std::size_t kSlots = std::size_t{1} << kBitsPerLevel;
  static constexpr std::size_t kLevels = 4;

  // `origin` is the loop's start time (normally clock.now()); `tick` the resolution.
  explicit TimerWheel(TimePoint origin, Duration tick = std::chrono::milliseconds(1));

  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  // Runs `callback` on the first advance() whose `now` is at or past `due`.
  TimerId schedule(TimePoint due, Callback callback) noexcept;
  // Returns true when a pending timer was removed; false for a fired, cancelled or empty handle.
  bool cancel(TimerId id) noexcept;
  [[nodiscard]] bool pending(TimerId id) const noexcept;

  // Fires every timer due at or before `now`, in order. Returns how many fired.
  std::size_t advance(TimePoint now) noexcept;

  // The earliest time at which advance() may have work: exact when a timer is due within kSlots
  // ticks, otherwise the next time a far level is re-sorted. nullopt when no timer is pending.
  [[nodiscard]] std::optional<TimePoint> nextWakeup() const noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return live_; }

 private:
  static constexpr std::uint32_t kNil = UINT32_MAX;
  static constexpr std::uint16_t kNoList = UINT16_MAX;
  static constexpr std::uint16_t kReadyList = kSlots * kLevels;  // due at or before the current tick

  struct Node {
    std::uint32_t prev = kNil;
    std::uint32_t next = kNil;
    std::uint32_t generation = 1;
    std::uint16_t list = kNoList;
    std::uint64_t due = 0;  // tick
    std::uint64_t seq = 0;  // schedule order, breaks ties
    Callback callback;
  };
  struct List {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
  };

  [[nodiscard]] std::uint64_t ticksUntil(TimePoint t, bool roundUp) const noexcept;
  [[nodiscard]] std::uint16_t listFor(std::uint64_t due) const noexcept;
  void link(std::uint32_t index, std::uint16_t list) noexcept;
  void unlink(std::uint32_t index) noexcept;
  void release(std::uint32_t index) noexcept;
  void processTick() noexcept;
  void cascade(std::size_t level) noexcept;
  std::size_t fireSlot(std::uint16_t list) noexcept;
  std::size_t fireReady() noexcept;
  std::size_t fire(std::uint32_t index) noexcept;
  [[nodiscard]] std::uint64_t skippableUntil(std::uint64_t target) const noexcept;

  TimePoint origin_;
  Duration tick_;
  std::uint64_t current_ = 0;  // the last tick processed
  std::uint64_t nextSeq_ = 0;
  std::size_t live_ = 0;
  bool advancing_ = false;
  std::array<std::size_t, kLevels> levelCount_{};
  std::array<List, kSlots * kLevels + 1> lists_{};
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  std::vector<TimerId> batch_;  // the slot being fired
};

}  // namespace parley
