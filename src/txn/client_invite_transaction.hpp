// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "txn/client_transaction.hpp"

namespace parley::txn {

// ClientInviteTransaction is the INVITE client transaction of RFC 3261 §17.1.1 (Figure 5) as
// updated by RFC 6026 §8.4 (Figure 4): a 2xx moves it to Accepted, where further 2xx responses go
// to the TU until Timer M, instead of terminating it. It builds and sends the ACK for a non-2xx
// final response itself (§17.1.1.3); the ACK for a 2xx is the TU's (§13.2.2.4).
//   Calling:    Timer A retransmits (unreliable only, doubling), Timer B times out.
//   Proceeding: after a 1xx; no retransmissions, no timeout (the TU uses Timer C / CANCEL).
//   Completed:  after 300-699; the ACK is re-sent for each retransmission; Timer D ends it.
//   Accepted:   after 2xx; Timer M ends it.
// Owned by the TransactionTable; event-loop thread only.
class ClientInviteTransaction final : public ClientTransaction {
 public:
  enum class State : std::uint8_t { Calling, Proceeding, Completed, Accepted, Terminated };

  ClientInviteTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage invite,
                          TransportTarget target) noexcept;

  // ClientTransaction
  void start() noexcept override;
  void receiveResponse(const syntax::SipMessage& response) noexcept override;
  void transportFailed() noexcept override;

  // Transaction
  [[nodiscard]] bool terminated() const noexcept override { return state_ == State::Terminated; }
  [[nodiscard]] std::string_view stateName() const noexcept override;

  [[nodiscard]] State state() const noexcept { return state_; }

 private:
  void onResponseInCalling(const syntax::SipMessage& response) noexcept;
  void onResponseInProceeding(const syntax::SipMessage& response) noexcept;
  void onResponseInCompleted(const syntax::SipMessage& response) noexcept;
  void onResponseInAccepted(const syntax::SipMessage& response) noexcept;
  void onFinalResponse(const syntax::SipMessage& response) noexcept;

  void onTimerA() noexcept;
  void onTimerB() noexcept;

  void enterCompleted(const syntax::SipMessage& response) noexcept;
  void enterAccepted(const syntax::SipMessage& response) noexcept;
  void enterTerminated() noexcept;

  State state_ = State::Calling;
  Duration timerAInterval_{};
  std::string ack_;
  TransactionTimer timerA_;
  TransactionTimer timerB_;
  TransactionTimer timerD_;
  TransactionTimer timerM_;
};

}  // namespace parley::txn
