// SPDX-License-Identifier: MIT
#include "base/timer_wheel.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fake_loop.hpp"

namespace parley {
namespace {

using namespace std::chrono_literals;
using test::FakeLoop;

class TimerWheelTest : public ::testing::Test {
 protected:
  TimerId at(Duration delay, std::string name) {
    return loop_.wheel().schedule(loop_.now() + delay, [this, name] { fired_.push_back(name); });
  }

  FakeLoop loop_;
  std::vector<std::string> fired_;
};

TEST_F(TimerWheelTest, FiresAtDueTimeAndNotBefore) {
  at(500ms, "a");
  loop_.runFor(499ms);
  EXPECT_TRUE(fired_.empty());
  loop_.runFor(1ms);
  EXPECT_EQ(fired_, std::vector<std::string>{"a"});
  EXPECT_EQ(loop_.wheel().size(), 0u);
}

TEST_F(TimerWheelTest, SubTickDueTimeIsRoundedUpNeverEarly) {
  loop_.wheel().schedule(loop_.now() + 1500us, [this] { fired_.push_back("x"); });
  loop_.wheel().advance(loop_.now() + 1ms);
  EXPECT_TRUE(fired_.empty());
  loop_.wheel().advance(loop_.now() + 2ms);
  EXPECT_EQ(fired_.size(), 1u);
}

TEST_F(TimerWheelTest, FiresInDueOrderThenScheduleOrder) {
  at(300ms, "c");
  at(100ms, "a");
  at(300ms, "d");
  at(200ms, "b");
  const std::size_t fired = loop_.wheel().advance(loop_.now() + 1s);  // one jump, not stepped
  EXPECT_EQ(fired, 4u);
  EXPECT_EQ(fired_, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST_F(TimerWheelTest, CascadedTimerKeepsScheduleOrderAgainstLaterNearTimer) {
  at(300ms, "far-first");         // placed on level 1 at t=0
  loop_.runFor(100ms);
  at(200ms, "near-second");       // due at the same tick, placed on level 0
  loop_.runFor(300ms);
  EXPECT_EQ(fired_, (std::vector<std::string>{"far-first", "near-second"}));
}

TEST_F(TimerWheelTest, CancelStopsTimerAndStaleHandleIsNoOp) {
  const TimerId a = at(10ms, "a");
  const TimerId b = at(20ms, "b");
  EXPECT_TRUE(loop_.wheel().pending(a));
  EXPECT_TRUE(loop_.wheel().cancel(a));
  EXPECT_FALSE(loop_.wheel().cancel(a));
  EXPECT_FALSE(loop_.wheel().pending(a));
  loop_.runFor(1s);
  EXPECT_EQ(fired_, std::vector<std::string>{"b"});
  EXPECT_FALSE(loop_.wheel().cancel(b));  // already fired
  EXPECT_FALSE(loop_.wheel().cancel(TimerId{}));
}

TEST_F(TimerWheelTest, ReusedSlotIsNotCancelledThroughOldHandle) {
  const TimerId old = at(10ms, "old");
  ASSERT_TRUE(loop_.wheel().cancel(old));
  const TimerId fresh = at(10ms, "fresh");
  EXPECT_EQ(fresh.index, old.index);
  EXPECT_FALSE(loop_.wheel().cancel(old));
  loop_.runFor(10ms);
  EXPECT_EQ(fired_, std::vector<std::string>{"fresh"});
}

TEST_F(TimerWheelTest, CallbackCancelsTimerDueInSameTick) {
  TimerId victim;
  loop_.wheel().schedule(loop_.now() + 5ms, [&] {
    fired_.push_back("killer");
    EXPECT_TRUE(loop_.wheel().cancel(victim));
  });
  victim = at(5ms, "victim");
  loop_.runFor(5ms);
  EXPECT_EQ(fired_, std::vector<std::string>{"killer"});
  EXPECT_EQ(loop_.wheel().size(), 0u);
}

TEST_F(TimerWheelTest, CallbackCancellingItselfIsNoOp) {
  TimerId self;
  self = loop_.wheel().schedule(loop_.now() + 1ms, [&] { EXPECT_FALSE(loop_.wheel().cancel(self)); });
  EXPECT_EQ(loop_.runFor(1ms), 1u);
}

TEST_F(TimerWheelTest, CallbackSchedulesTimersIncludingOverdueOnes) {
  loop_.wheel().schedule(loop_.now() + 10ms, [&] {
    fired_.push_back("first");
    at(0ms, "now");      // due already: fires in this same advance()
    at(5ms, "later");    // due 5 ms after the callback ran
  });
  loop_.clock().advance(10ms);
  loop_.wheel().advance(loop_.now());
  EXPECT_EQ(fired_, (std::vector<std::string>{"first", "now"}));
  loop_.clock().advance(4ms);
  loop_.wheel().advance(loop_.now());
  EXPECT_EQ(fired_.size(), 2u);
  loop_.clock().advance(1ms);
  loop_.wheel().advance(loop_.now());
  EXPECT_EQ(fired_, (std::vector<std::string>{"first", "now", "later"}));
}

TEST_F(TimerWheelTest, PeriodicRescheduleFromCallback) {
  int count = 0;
  std::function<void()> tick = [&] {
    ++count;
    loop_.wheel().schedule(loop_.now() + 100ms, tick);
  };
  loop_.wheel().schedule(loop_.now() + 100ms, tick);
  loop_.runFor(1s);
  EXPECT_EQ(count, 10);
}

TEST_F(TimerWheelTest, FarTimersOnEveryLevelAndBeyondFireOnTime) {
  const std::vector<Duration> delays = {200ms, 70s, 5h, 30 * 24h, 60 * 24h};  // 60 days > 2^32 ms
  for (std::size_t i = 0; i < delays.size(); ++i) at(delays[i], std::to_string(i));
  for (std::size_t i = 0; i < delays.size(); ++i) {
    const Duration before = delays[i] - (i == 0 ? Duration::zero() : delays[i - 1]) - 1ms;
    loop_.runFor(before);
    EXPECT_EQ(fired_.size(), i) << "timer " << i << " fired early";
    loop_.runFor(1ms);
    EXPECT_EQ(fired_.size(), i + 1) << "timer " << i << " late";
  }
}

TEST_F(TimerWheelTest, NextWakeupIsExactForNearTimers) {
  EXPECT_FALSE(loop_.wheel().nextWakeup().has_value());
  at(42ms, "a");
  ASSERT_TRUE(loop_.wheel().nextWakeup().has_value());
  EXPECT_EQ(*loop_.wheel().nextWakeup(), loop_.now() + 42ms);
}

TEST_F(TimerWheelTest, HundredThousandTimersFireInOrderWithTenPercentCancelled) {
  constexpr int kTimers = 100'000;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> delayMs(1, 64 * 500);  // up to Timer B
  std::vector<TimerId> ids;
  std::vector<TimePoint> due(kTimers);
  std::vector<bool> fired(kTimers, false);
  TimePoint last{};
  bool ordered = true;
  ids.reserve(kTimers);
  for (int i = 0; i < kTimers; ++i) {
    due[i] = loop_.now() + std::chrono::milliseconds(delayMs(rng));
    ids.push_back(loop_.wheel().schedule(due[i], [&, i] {
      ordered = ordered && due[i] >= last && loop_.now() >= due[i];
      last = due[i];
      fired[i] = true;
    }));
  }
  EXPECT_EQ(loop_.wheel().size(), static_cast<std::size_t>(kTimers));
  for (int i = 0; i < kTimers; i += 10) ASSERT_TRUE(loop_.wheel().cancel(ids[i]));
  EXPECT_EQ(loop_.runFor(40s), static_cast<std::size_t>(kTimers - kTimers / 10));
  EXPECT_TRUE(ordered);
  for (int i = 0; i < kTimers; ++i) EXPECT_EQ(fired[i], i % 10 != 0) << i;
  EXPECT_EQ(loop_.wheel().size(), 0u);
}

TEST_F(TimerWheelTest, CancelDuringFireAcrossHundredThousandTimers) {
  // Every even timer cancels its odd neighbour, which is due at the same tick.
  constexpr int kPairs = 50'000;
  std::vector<TimerId> odd(kPairs);
  int evenFired = 0;
  int oddFired = 0;
  for (int i = 0; i < kPairs; ++i) {
    const TimePoint due = loop_.now() + std::chrono::milliseconds(1 + i % 5000);
    loop_.wheel().schedule(due, [&, i] {
      ++evenFired;
      EXPECT_TRUE(loop_.wheel().cancel(odd[i]));
    });
    odd[i] = loop_.wheel().schedule(due, [&] { ++oddFired; });
  }
  loop_.wheel().advance(loop_.now() + 10s);
  EXPECT_EQ(evenFired, kPairs);
  EXPECT_EQ(oddFired, 0);
  EXPECT_EQ(loop_.wheel().size(), 0u);
}

TEST_F(TimerWheelTest, AdvanceAcrossLongIdleGapIsCheap) {
  at(10 * 24h, "far");
  // With only a far timer pending, the wheel skips empty stretches instead of walking 8.6e8 ticks.
  EXPECT_EQ(loop_.wheel().advance(loop_.now() + 10 * 24h), 1u);
  EXPECT_EQ(fired_, std::vector<std::string>{"far"});
}

}  // namespace
}  // namespace parley
