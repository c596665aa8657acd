// SPDX-License-Identifier: MIT
#include "txn/server_non_invite_transaction.hpp"

#include <array>
#include <utility>

namespace parley::txn {

ServerNonInviteTransaction::ServerNonInviteTransaction(TransactionEnv& env, TransactionId id,
                                                       syntax::SipMessage request, TransportTarget source) noexcept
    : ServerTransaction(env, id, std::move(request), std::move(source)) {}

std::string_view ServerNonInviteTransaction::stateName() const noexcept {
  static constexpr std::array<std::string_view, 4> kNames{"Trying", "Proceeding", "Completed", "Terminated"};  // in State order
  return kNames[static_cast<std::size_t>(state_)];
}

void ServerNonInviteTransaction::start() noexcept {
  state_ = State::Trying;
  tu().onRequest(id(), request(), target());
}

void ServerNonInviteTransaction::receiveRequest(const syntax::SipMessage& /*request*/,
                                                const TransportTarget& /*source*/) noexcept {
  switch (state_) {
    case State::Trying: break;  // §17.2.2: discarded while the TU has not answered
    case State::Proceeding:
    case State::Completed: resendLastResponse(); break;
    case State::Terminated: break;
  }
}

Result<void> ServerNonInviteTransaction::respond(const syntax::SipMessage& response) noexcept {
  switch (state_) {
    case State::Trying:
    case State::Proceeding: return respondInTryingOrProceeding(response);
    case State::Completed:
    case State::Terminated: break;  // §17.2.2: later TU responses are discarded
  }
  return fail(Errc::Conflict, "transaction already has a final response", "Status-Line", 0);
}

Result<void> ServerNonInviteTransaction::respondInTryingOrProceeding(const syntax::SipMessage& response) noexcept {
  if (auto ok = acceptResponse(response); !ok) return ok;
  lastResponse_.assign(response.bytes());
  const bool final = response.statusCode() >= 200;
  state_ = final ? State::Completed : State::Proceeding;
  if (!send(lastResponse_)) {
    enterTerminated();  // §17.2.4
  } else if (final) {
    enterCompleted();
  }
  return {};
}

void ServerNonInviteTransaction::resendLastResponse() noexcept {
  if (!send(lastResponse_)) enterTerminated();  // §17.2.4
}

// Timer J absorbs request retransmissions; zero on reliable transports.
void ServerNonInviteTransaction::enterCompleted() noexcept {
  state_ = State::Completed;
  releaseRequest();  // Timer J may keep this transaction for 32 s; the response bytes suffice
  if (reliable()) {
    enterTerminated();
  } else {
    startTimer(timerJ_, config().timerJ(), [this] { enterTerminated(); });
  }
}

void ServerNonInviteTransaction::enterTerminated() noexcept {
  if (state_ == State::Terminated) return;
  timerJ_.stop();
  state_ = State::Terminated;
  announceTerminated();
}

}  // namespace parley::txn
