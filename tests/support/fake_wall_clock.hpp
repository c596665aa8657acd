// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>

#include "base/wall_clock.hpp"

namespace parley::test {

// FakeWallClock is a calendar clock the test sets by hand. Atomic so a test may move it while a
// worker thread reads it.
class FakeWallClock final : public WallClock {
 public:
  explicit FakeWallClock(UnixSeconds start = 1'700'000'000) noexcept : now_(start) {}
  [[nodiscard]] UnixSeconds now() const noexcept override { return now_.load(); }
  void set(UnixSeconds t) noexcept { now_.store(t); }
  void advance(UnixSeconds seconds) noexcept { now_.fetch_add(seconds); }

 private:
  std::atomic<UnixSeconds> now_;
};

}  // namespace parley::test
