// SPDX-License-Identifier: MIT
#include "txn/client_invite_transaction.hpp"

#include <array>
#include <utility>

#include "syntax/request_builder.hpp"

namespace parley::txn {

ClientInviteTransaction::ClientInviteTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage invite,
                                                 TransportTarget target) noexcept
    : ClientTransaction(env, id, std::move(invite), std::move(target)) {}

std::string_view ClientInviteTransaction::stateName() const noexcept {
  static constexpr std::array<std::string_view, 5> kNames{"Calling", "Proceeding", "Completed", "Accepted", "Terminated"};  // in State order
  return kNames[static_cast<std::size_t>(state_)];
}

// §17.1.1.2: send the INVITE; Timer A = T1 on unreliable transports; Timer B = 64*T1 always.
void ClientInviteTransaction::start() noexcept {
  state_ = State::Calling;
  if (!send(request().bytes())) {
    enterTerminated();
    return;
  }
  if (!reliable()) {
    timerAInterval_ = config().timerA();
    startTimer(timerA_, timerAInterval_, [this] { onTimerA(); });
  }
  startTimer(timerB_, config().timerB(), [this] { onTimerB(); });
}

void ClientInviteTransaction::receiveResponse(const syntax::SipMessage& response) noexcept {
  switch (state_) {
    case State::Calling: onResponseInCalling(response); break;
    case State::Proceeding: onResponseInProceeding(response); break;
    case State::Completed: onResponseInCompleted(response); break;
    case State::Accepted: onResponseInAccepted(response); break;
    case State::Terminated: break;
  }
}

void ClientInviteTransaction::transportFailed() noexcept {
  // Completed and Accepted already have their final response; a lost ACK is the peer's retransmit.
  if (state_ != State::Calling && state_ != State::Proceeding) return;
  tu().onTransportError(id());
  enterTerminated();
}

void ClientInviteTransaction::onResponseInCalling(const syntax::SipMessage& response) noexcept {
  if (response.statusCode() >= 200) {
    onFinalResponse(response);
    return;
  }
  // §17.1.1.2: a provisional response stops retransmissions; Timer B only guards Calling.
  timerA_.stop();
  timerB_.stop();
  state_ = State::Proceeding;
  tu().onResponse(id(), response);
}

void ClientInviteTransaction::onResponseInProceeding(const syntax::SipMessage& response) noexcept {
  if (response.statusCode() >= 200) {
    onFinalResponse(response);
    return;
  }
  tu().onResponse(id(), response);
}

void ClientInviteTransaction::onFinalResponse(const syntax::SipMessage& response) noexcept {
  timerA_.stop();
  timerB_.stop();
  if (response.statusCode() < 300) {
    enterAccepted(response);
  } else {
    enterCompleted(response);
  }
}

// §17.1.1.2: retransmitted 300-699 finals are answered with the same ACK and not passed up.
void ClientInviteTransaction::onResponseInCompleted(const syntax::SipMessage& response) noexcept {
  if (response.statusCode() < 300) return;
  if (!send(ack_)) enterTerminated();
}

// RFC 6026 §8.4: every 2xx (retransmissions, other forks) goes to the TU, which ACKs it; others
// are dropped.
void ClientInviteTransaction::onResponseInAccepted(const syntax::SipMessage& response) noexcept {
  if (response.statusCode() >= 200 && response.statusCode() < 300) tu().onResponse(id(), response);
}

void ClientInviteTransaction::onTimerA() noexcept {
  if (!send(request().bytes())) {
    enterTerminated();
    return;
  }
  timerAInterval_ *= 2;  // §17.1.1.2: doubles without cap, bounded in practice by Timer B
  startTimer(timerA_, timerAInterval_, [this] { onTimerA(); });
}

void ClientInviteTransaction::onTimerB() noexcept {
  tu().onTimeout(id(), Timeout::TimerB);
  enterTerminated();
}

void ClientInviteTransaction::enterCompleted(const syntax::SipMessage& response) noexcept {
  state_ = State::Completed;
  ack_ = syntax::buildAckForNon2xx(request(), response);
  tu().onResponse(id(), response);
  if (!send(ack_)) {
    enterTerminated();
    return;
  }
  // §17.1.1.2: Timer D absorbs response retransmissions; zero on reliable transports.
  if (reliable()) {
    enterTerminated();
  } else {
    startTimer(timerD_, config().timerD, [this] { enterTerminated(); });
  }
}

void ClientInviteTransaction::enterAccepted(const syntax::SipMessage& response) noexcept {
  state_ = State::Accepted;
  startTimer(timerM_, config().timerM(), [this] { enterTerminated(); });
  tu().onResponse(id(), response);
}

void ClientInviteTransaction::enterTerminated() noexcept {
  if (state_ == State::Terminated) return;
  timerA_.stop();
  timerB_.stop();
  timerD_.stop();
  timerM_.stop();
  state_ = State::Terminated;
  announceTerminated();
}

}  // namespace parley::txn
