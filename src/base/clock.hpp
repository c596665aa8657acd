// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

namespace parley {

// Monotonic time as every layer sees it. Wall-clock time never drives protocol timers.
using TimePoint = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;

// Clock models the monotonic time source of one event loop (STYLE §7: time is injected). The loop
// owns the clock and outlives everything that holds a reference to it; only that loop's thread
// calls now(). Tests use FakeClock (tests/support/fake_clock.hpp) and move time by hand.
class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual TimePoint now() const noexcept = 0;
};

// SteadyClock reads std::chrono::steady_clock. Stateless; any thread.
class SteadyClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const noexcept override { return std::chrono::steady_clock::now(); }
};

}  // namespace parley
