// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

#include "base/clock.hpp"

namespace parley::test {

// FakeClock is a Clock that only moves when a test moves it. It starts one hour after the
// steady_clock epoch so that "before the start" is representable. Owned by the test; test thread.
class FakeClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const noexcept override { return now_; }

  void advance(Duration d) noexcept { now_ += d; }
  void set(TimePoint t) noexcept { now_ = t; }

 private:
  TimePoint now_ = TimePoint{} + std::chrono::hours(1);
};

}  // namespace parley::test
