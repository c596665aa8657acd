// SPDX-License-Identifier: MIT
#include "txn/server_invite_transaction.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "txn/trying_response.hpp"

namespace parley::txn {

ServerInviteTransaction::ServerInviteTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage invite,
                                                 TransportTarget source) noexcept
    : ServerTransaction(env, id, std::move(invite), std::move(source)) {}

std::string_view ServerInviteTransaction::stateName() const noexcept {
  static constexpr std::array<std::string_view, 5> kNames{"Proceeding", "Completed", "Confirmed", "Accepted", "Terminated"};  // in State order
  return kNames[static_cast<std::size_t>(state_)];
}

void ServerInviteTransaction::start() noexcept {
  state_ = State::Proceeding;
  if (config().autoTrying) startTimer(tryingTimer_, config().tryingDelay, [this] { onTryingTimer(); });
  tu().onRequest(id(), request(), target());
}

void ServerInviteTransaction::receiveRequest(const syntax::SipMessage& request, const TransportTarget& source) noexcept {
  switch (state_) {
    case State::Proceeding: onRequestInProceeding(request); break;
    case State::Completed: onRequestInCompleted(request); break;
    case State::Confirmed: break;  // §17.2.1: ACKs (and late INVITE retransmissions) are absorbed
    case State::Accepted: onRequestInAccepted(request, source); break;
    case State::Terminated: break;
  }
}

// §17.2.1: a retransmitted INVITE gets the most recent provisional response again. Before any,
// there is nothing to send; an ACK here matched an INVITE not yet answered and is dropped.
void ServerInviteTransaction::onRequestInProceeding(const syntax::SipMessage& request) noexcept {
  if (request.method() == syntax::Method::Invite && !lastResponse_.empty()) sendResponse(lastResponse_);
}

void ServerInviteTransaction::onRequestInCompleted(const syntax::SipMessage& request) noexcept {
  if (request.method() == syntax::Method::Ack) {
    enterConfirmed();
  } else {
    sendResponse(lastResponse_);
  }
}

// RFC 6026 §8.7: INVITE retransmissions are absorbed (the TU re-sends its 2xx on its own
// schedule, §13.3.1.4); the ACK for the 2xx goes to the TU.
void ServerInviteTransaction::onRequestInAccepted(const syntax::SipMessage& request,
                                                  const TransportTarget& source) noexcept {
  if (request.method() == syntax::Method::Ack) tu().onAck(id(), request, source);
}

Result<void> ServerInviteTransaction::respond(const syntax::SipMessage& response) noexcept {
  switch (state_) {
    case State::Proceeding: return respondInProceeding(response);
    case State::Accepted: return respondInAccepted(response);
    case State::Completed:
    case State::Confirmed:
    case State::Terminated: break;
  }
  return fail(Errc::Conflict, "INVITE transaction already has a final response", "Status-Line", 0);
}

Result<void> ServerInviteTransaction::respondInProceeding(const syntax::SipMessage& response) noexcept {
  if (auto ok = acceptResponse(response); !ok) return ok;
  tryingTimer_.stop();
  lastResponse_.assign(response.bytes());
  const std::uint16_t status = response.statusCode();
  if (status >= 300) {
    enterCompleted();
  } else if (status >= 200) {
    enterAccepted();
  }
  sendResponse(lastResponse_);
  return {};
}

// RFC 6026 §8.6: 2xx retransmissions from the TU are sent; nothing else may follow a 2xx.
Result<void> ServerInviteTransaction::respondInAccepted(const syntax::SipMessage& response) noexcept {
  if (response.statusCode() < 200 || response.statusCode() >= 300) {
    return fail(Errc::Conflict, "only 2xx may follow a 2xx", "Status-Line", 0);
  }
  if (auto ok = acceptResponse(response); !ok) return ok;
  sendResponse(response.bytes());
  return {};
}

void ServerInviteTransaction::onTryingTimer() noexcept {
  if (state_ != State::Proceeding || !lastResponse_.empty()) return;
  lastResponse_ = buildTrying(request());
  sendResponse(lastResponse_);
}

// §17.2.1: Timer G re-sends the final response, doubling up to T2.
void ServerInviteTransaction::onTimerG() noexcept {
  sendResponse(lastResponse_);
  if (state_ != State::Completed) return;
  timerGInterval_ = std::min(2 * timerGInterval_, config().t2);
  startTimer(timerG_, timerGInterval_, [this] { onTimerG(); });
}

void ServerInviteTransaction::onTimerH() noexcept {
  tu().onTimeout(id(), Timeout::TimerH);
  enterTerminated();
}

// §17.2.4: a transport error ends the transaction, except in Accepted (RFC 6026), where the TU
// owns the 2xx and Timer L still guards the state.
void ServerInviteTransaction::sendResponse(std::string_view bytes) noexcept {
  if (!send(bytes) && state_ != State::Accepted) enterTerminated();
}

void ServerInviteTransaction::enterCompleted() noexcept {
  state_ = State::Completed;
  if (!reliable()) {
    timerGInterval_ = config().timerG();
    startTimer(timerG_, timerGInterval_, [this] { onTimerG(); });
  }
  startTimer(timerH_, config().timerH(), [this] { onTimerH(); });
}

void ServerInviteTransaction::enterConfirmed() noexcept {
  timerG_.stop();
  timerH_.stop();
  state_ = State::Confirmed;
  // Timer I absorbs further ACK retransmissions; zero on reliable transports.
  if (reliable()) {
    enterTerminated();
  } else {
    startTimer(timerI_, config().timerI(), [this] { enterTerminated(); });
  }
}

void ServerInviteTransaction::enterAccepted() noexcept {
  state_ = State::Accepted;
  startTimer(timerL_, config().timerL(), [this] { enterTerminated(); });
}

void ServerInviteTransaction::enterTerminated() noexcept {
  if (state_ == State::Terminated) return;
  tryingTimer_.stop();
  timerG_.stop();
  timerH_.stop();
  timerI_.stop();
  timerL_.stop();
  state_ = State::Terminated;
  announceTerminated();
}

}  // namespace parley::txn
