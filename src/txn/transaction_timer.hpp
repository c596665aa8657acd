// SPDX-License-Identifier: MIT
#pragma once

#include <utility>

#include "base/timer_wheel.hpp"

namespace parley::txn {

// TransactionTimer is one named RFC 3261 §17 timer of one transaction (timerA_, timerB_ ...): a
// TimerWheel handle that is cancelled when the timer is restarted, stopped, or destroyed with its
// transaction, so a wheel callback never outlives the transaction it points at. Owned by its
// transaction; event-loop thread only.
class TransactionTimer {
 public:
  TransactionTimer() = default;
  TransactionTimer(const TransactionTimer&) = delete;
  TransactionTimer& operator=(const TransactionTimer&) = delete;
  ~TransactionTimer() { stop(); }

  void start(TimerWheel& wheel, TimePoint due, TimerWheel::Callback onFire) noexcept {
    stop();
    wheel_ = &wheel;
    id_ = wheel.schedule(due, std::move(onFire));
  }
  void stop() noexcept {
    if (wheel_ != nullptr) wheel_->cancel(id_);
    id_ = TimerId{};
  }
  [[nodiscard]] bool running() const noexcept { return wheel_ != nullptr && wheel_->pending(id_); }

 private:
  TimerWheel* wheel_ = nullptr;
  TimerId id_;
};

}  // namespace parley::txn
