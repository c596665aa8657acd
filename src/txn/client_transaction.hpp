// SPDX-License-Identifier: MIT
#pragma once

#include "syntax/message.hpp"
#include "txn/transaction.hpp"

namespace parley::txn {

// ClientTransaction is the face the TransactionTable sees of a client transaction (RFC 3261
// §17.1): start it once, then feed it the responses that match it (§17.1.3). Owned by the table;
// event-loop thread only.
class ClientTransaction : public Transaction {
 public:
  // Sends the request and arms the timers. May terminate at once on a transport error.
  virtual void start() noexcept = 0;
  virtual void receiveResponse(const syntax::SipMessage& response) noexcept = 0;
  // The transport accepted the request but could not deliver it after all (connection refused,
  // TLS check failed, name not found: §17.1.4, §18.1.1): the same as a failed send, reported
  // later. The TU hears onTransportError and the transaction terminates, unless a final response
  // has already arrived.
  virtual void transportFailed() noexcept = 0;
  [[nodiscard]] const syntax::SipMessage& request() const noexcept { return request_; }

 protected:
  ClientTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage request, TransportTarget target) noexcept
      : Transaction(env, id, std::move(target)), request_(std::move(request)) {}

 private:
  syntax::SipMessage request_;
};

}  // namespace parley::txn
