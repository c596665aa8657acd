// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>

#include "base/timer_wheel.hpp"
#include "fake_clock.hpp"

namespace parley::test {

// FakeLoop models the time half of an event loop for tests: a FakeClock and the TimerWheel it
// drives. runFor() moves time forward and stops the clock at each moment a timer may be due, so a
// callback that reads clock.now() sees the time its timer was due, as on a real, idle loop.
// Owned by the test; test thread only.
class FakeLoop {
 public:
  FakeLoop() : wheel_(clock_.now()) {}

  [[nodiscard]] FakeClock& clock() noexcept { return clock_; }
  [[nodiscard]] TimerWheel& wheel() noexcept { return wheel_; }
  [[nodiscard]] TimePoint now() const noexcept { return clock_.now(); }

  // Moves time forward by `d`, firing timers as they fall due. Returns how many fired.
  std::size_t runFor(Duration d) noexcept {
    const TimePoint end = clock_.now() + d;
    std::size_t fired = 0;
    for (auto next = wheel_.nextWakeup(); next && *next <= end; next = wheel_.nextWakeup()) {
      clock_.set(std::max(*next, clock_.now()));
      fired += wheel_.advance(clock_.now());
    }
    clock_.set(end);
    return fired + wheel_.advance(end);
  }

 private:
  FakeClock clock_;
  TimerWheel wheel_;
};

}  // namespace parley::test
