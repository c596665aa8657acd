// SPDX-License-Identifier: MIT
#pragma once

#include "base/clock.hpp"
#include "base/timer_wheel.hpp"
#include "txn/timer_config.hpp"
#include "txn/transaction_transport.hpp"
#include "txn/transaction_user.hpp"

namespace parley::txn {

// TransactionOwner is told when a transaction reaches Terminated so it can drop it from its
// indexes. It must not destroy the transaction inside retire(): the transaction is still on the
// call stack. Implemented by TransactionTable (and a recording fake in tests).
class TransactionOwner {
 public:
  virtual ~TransactionOwner() = default;
  virtual void retire(TransactionId id) noexcept = 0;
};

// TransactionEnv bundles what every transaction machine uses: the loop's clock and timer wheel,
// the two seams, the owner and the timer values. Owned by the TransactionTable (or a test
// fixture), which outlives the machines that hold a reference to it; event-loop thread only.
struct TransactionEnv {
  const Clock& clock;
  TimerWheel& wheel;
  TransactionTransport& transport;
  TransactionUser& tu;
  TransactionOwner& owner;
  TimerConfig config;
};

}  // namespace parley::txn
