// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "txn/server_transaction.hpp"

namespace parley::txn {

// ServerInviteTransaction is the INVITE server transaction of RFC 3261 §17.2.1 (Figure 7) as
// updated by RFC 6026 §8.5-§8.7 (Figure 5): a 2xx from the TU moves it to Accepted, where the TU's
// 2xx retransmissions are sent, INVITE retransmissions are absorbed and ACKs go to the TU, until
// Timer L.
//   Proceeding: INVITE retransmissions are answered with the last provisional response. When
//               TimerConfig::autoTrying is set and the TU sent no provisional response within
//               tryingDelay (200 ms), the transaction sends 100 Trying itself (§17.2.1).
//   Completed:  after 300-699; Timer G retransmits it (unreliable only; T1 doubling up to T2),
//               Timer H gives up waiting for the ACK and reports Timeout::TimerH.
//   Confirmed:  after the ACK; further ACKs are absorbed until Timer I (0 when reliable).
//   Accepted:   after 2xx; Timer L ends it.
// Owned by the TransactionTable; event-loop thread only.
class ServerInviteTransaction final : public ServerTransaction {
 public:
  enum class State : std::uint8_t { Proceeding, Completed, Confirmed, Accepted, Terminated };

  ServerInviteTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage invite,
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
  void onRequestInProceeding(const syntax::SipMessage& request) noexcept;
  void onRequestInCompleted(const syntax::SipMessage& request) noexcept;
  void onRequestInAccepted(const syntax::SipMessage& request, const TransportTarget& source) noexcept;
  [[nodiscard]] Result<void> respondInProceeding(const syntax::SipMessage& response) noexcept;
  [[nodiscard]] Result<void> respondInAccepted(const syntax::SipMessage& response) noexcept;

  void onTryingTimer() noexcept;
  void onTimerG() noexcept;
  void onTimerH() noexcept;

  void sendResponse(std::string_view bytes) noexcept;
  void enterCompleted() noexcept;
  void enterConfirmed() noexcept;
  void enterAccepted() noexcept;
  void enterTerminated() noexcept;

  State state_ = State::Proceeding;
  std::string lastResponse_;  // last provisional in Proceeding, the final one in Completed
  Duration timerGInterval_{};
  TransactionTimer tryingTimer_;
  TransactionTimer timerG_;
  TransactionTimer timerH_;
  TransactionTimer timerI_;
  TransactionTimer timerL_;
};

}  // namespace parley::txn
