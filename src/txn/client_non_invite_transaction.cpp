// SPDX-License-Identifier: MIT
#include "txn/client_non_invite_transaction.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace parley::txn {

ClientNonInviteTransaction::ClientNonInviteTransaction(TransactionEnv& env, TransactionId id,
                                                       syntax::SipMessage request, TransportTarget target) noexcept
    : ClientTransaction(env, id, std::move(request), std::move(target)) {}

std::string_view ClientNonInviteTransaction::stateName() const noexcept {
  static constexpr std::array<std::string_view, 4> kNames{"Trying", "Proceeding", "Completed", "Terminated"};  // in State order
  return kNames[static_cast<std::size_t>(state_)];
}

// §17.1.2.2: send the request; Timer E = T1 on unreliable transports; Timer F = 64*T1 always.
void ClientNonInviteTransaction::start() noexcept {
  state_ = State::Trying;
  if (!send(request().bytes())) {
    enterTerminated();
    return;
  }
  if (!reliable()) {
    timerEInterval_ = config().timerE();
    startTimer(timerE_, timerEInterval_, [this] { onTimerE(); });
  }
  startTimer(timerF_, config().timerF(), [this] { onTimerF(); });
}

void ClientNonInviteTransaction::receiveResponse(const syntax::SipMessage& response) noexcept {
  switch (state_) {
    case State::Trying: onResponseInTrying(response); break;
    case State::Proceeding: onResponseInProceeding(response); break;
    case State::Completed: break;  // §17.1.2.2: retransmitted finals are absorbed
    case State::Terminated: break;
  }
}

void ClientNonInviteTransaction::onResponseInTrying(const syntax::SipMessage& response) noexcept {
  if (response.statusCode() >= 200) {
    enterCompleted(response);
    return;
  }
  state_ = State::Proceeding;
  tu().onResponse(id(), response);
}

void ClientNonInviteTransaction::onResponseInProceeding(const syntax::SipMessage& response) noexcept {
  if (response.statusCode() >= 200) {
    enterCompleted(response);
    return;
  }
  tu().onResponse(id(), response);
}

void ClientNonInviteTransaction::transportFailed() noexcept {
  if (state_ != State::Trying && state_ != State::Proceeding) return;
  tu().onTransportError(id());
  enterTerminated();
}

// §17.1.2.2: E doubles up to T2 in Trying; in Proceeding it fires every T2.
void ClientNonInviteTransaction::onTimerE() noexcept {
  if (!send(request().bytes())) {
    enterTerminated();
    return;
  }
  timerEInterval_ = state_ == State::Proceeding ? config().t2 : std::min(2 * timerEInterval_, config().t2);
  startTimer(timerE_, timerEInterval_, [this] { onTimerE(); });
}

void ClientNonInviteTransaction::onTimerF() noexcept {
  tu().onTimeout(id(), Timeout::TimerF);
  enterTerminated();
}

void ClientNonInviteTransaction::enterCompleted(const syntax::SipMessage& response) noexcept {
  timerE_.stop();
  timerF_.stop();
  state_ = State::Completed;
  tu().onResponse(id(), response);
  // Timer K absorbs response retransmissions; zero on reliable transports.
  if (reliable()) {
    enterTerminated();
  } else {
    startTimer(timerK_, config().timerK(), [this] { enterTerminated(); });
  }
}

void ClientNonInviteTransaction::enterTerminated() noexcept {
  if (state_ == State::Terminated) return;
  timerE_.stop();
  timerF_.stop();
  timerK_.stop();
  state_ = State::Terminated;
  announceTerminated();
}

}  // namespace parley::txn
