// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "txn/client_transaction.hpp"

namespace parley::txn {

// ClientNonInviteTransaction is the non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6),
// used for every method but INVITE and ACK (CANCEL included, §9.1).
//   Trying:     Timer E retransmits (unreliable only; T1 doubling up to T2), Timer F times out.
//   Proceeding: after a 1xx; Timer E keeps firing, every T2; Timer F still times out.
//   Completed:  after a final response; retransmissions are absorbed until Timer K.
// Owned by the TransactionTable; event-loop thread only.
class ClientNonInviteTransaction final : public ClientTransaction {
 public:
  enum class State : std::uint8_t { Trying, Proceeding, Completed, Terminated };

  ClientNonInviteTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage request,
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
  void onResponseInTrying(const syntax::SipMessage& response) noexcept;
  void onResponseInProceeding(const syntax::SipMessage& response) noexcept;

  void onTimerE() noexcept;
  void onTimerF() noexcept;

  void enterCompleted(const syntax::SipMessage& response) noexcept;
  void enterTerminated() noexcept;

  State state_ = State::Trying;
  Duration timerEInterval_{};
  TransactionTimer timerE_;
  TransactionTimer timerF_;
  TransactionTimer timerK_;
};

}  // namespace parley::txn
