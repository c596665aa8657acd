// SPDX-License-Identifier: MIT
#include "txn/transaction.hpp"

#include <utility>

namespace parley::txn {

Transaction::Transaction(TransactionEnv& env, TransactionId id, TransportTarget target) noexcept
    : env_(env), id_(id), target_(std::move(target)) {}

bool Transaction::send(std::string_view bytes) noexcept {
  if (env_.transport.send(target_, bytes)) return true;
  env_.tu.onTransportError(id_);
  return false;
}

void Transaction::startTimer(TransactionTimer& timer, Duration after, TimerWheel::Callback onFire) noexcept {
  timer.start(env_.wheel, env_.clock.now() + after, std::move(onFire));
}

void Transaction::announceTerminated() noexcept {
  env_.owner.retire(id_);
  env_.tu.onTerminated(id_);
}

}  // namespace parley::txn
