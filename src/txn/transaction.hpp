// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "base/clock.hpp"
#include "txn/transaction_env.hpp"
#include "txn/transaction_timer.hpp"
#include "txn/transport_target.hpp"

namespace parley::txn {

// Transaction is what the four RFC 3261 §17 state machines share: an id, the transport target,
// the environment, and the helpers to send, arm timers and announce termination. The machines
// themselves (ClientInviteTransaction, ClientNonInviteTransaction, ServerInviteTransaction,
// ServerNonInviteTransaction) keep their own state enum and one handler per state.
// Owned by the TransactionTable from creation until shortly after it reaches Terminated; its
// timers die with it. Event-loop thread only.
class Transaction {
 public:
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  virtual ~Transaction() = default;

  [[nodiscard]] TransactionId id() const noexcept { return id_; }
  [[nodiscard]] const TransportTarget& target() const noexcept { return target_; }
  [[nodiscard]] virtual bool terminated() const noexcept = 0;
  [[nodiscard]] virtual std::string_view stateName() const noexcept = 0;

 protected:
  Transaction(TransactionEnv& env, TransactionId id, TransportTarget target) noexcept;

  [[nodiscard]] bool reliable() const noexcept { return target_.reliable; }
  [[nodiscard]] const TimerConfig& config() const noexcept { return env_.config; }
  [[nodiscard]] TransactionUser& tu() const noexcept { return env_.tu; }

  // Hands `bytes` to the transport. On failure tells the TU (onTransportError) and returns false;
  // the caller decides the next state.
  [[nodiscard]] bool send(std::string_view bytes) noexcept;
  void startTimer(TransactionTimer& timer, Duration after, TimerWheel::Callback onFire) noexcept;
  // Tells the TU and the owner that this transaction reached Terminated. Call once, after the
  // machine stopped its timers and set its state.
  void announceTerminated() noexcept;

 private:
  TransactionEnv& env_;
  TransactionId id_;
  TransportTarget target_;
};

}  // namespace parley::txn
