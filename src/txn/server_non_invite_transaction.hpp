// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "txn/server_transaction.hpp"

namespace parley::txn {

// ServerNonInviteTransaction is the non-INVITE server transaction of RFC 3261 §17.2.2 (Figure 8),
// used for every request but INVITE and ACK (CANCEL included: it is its own transaction, §9.2).
//   Trying:     retransmissions of the request are absorbed; nothing has been sent yet.
//   Proceeding: after a 1xx from the TU; retransmissions get the last provisional again.
//   Completed:  after a final response; retransmissions get it again until Timer J
//               (64*T1 on unreliable transports, 0 on reliable ones).
// Owned by the TransactionTable; event-loop thread only.
class ServerNonInviteTransaction final : public ServerTransaction {
 public:
  enum class State : std::uint8_t { Trying, Proceeding, Completed, Terminated };

  ServerNonInviteTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage request,
                             TransportTarget source) noexcept;

  // ServerTransaction
  void start() noexcept override;
  void receiveRequest(const syntax::SipMessage& request, const TransportTarget& source) noexcept override;
  [[nodiscard]] Result<void> respond(const syntax::SipMessage& response) noexcept override;

  // Transaction
  [[nodiscard]] bool terminated() const noexcept override { return state_ == State::Terminated; }
  [[nodiscard]] std::string_view stateName() const noexcept override;

  [[nodiscard]] State state() const noexcept { return state_; }

 private:
  [[nodiscard]] Result<void> respondInTryingOrProceeding(const syntax::SipMessage& response) noexcept;
  void resendLastResponse() noexcept;
  void enterCompleted() noexcept;
  void enterTerminated() noexcept;

  State state_ = State::Trying;
  std::string lastResponse_;
  TransactionTimer timerJ_;
};

}  // namespace parley::txn
