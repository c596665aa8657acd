// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "txn/transaction.hpp"

namespace parley::txn {

// ServerTransaction is the face the TransactionTable sees of a server transaction (RFC 3261
// §17.2): start it once with the request that created it, feed it the requests that match it
// (retransmissions, and ACK for INVITE), and pass it the TU's responses. Owned by the table;
// event-loop thread only.
class ServerTransaction : public Transaction {
 public:
  // Passes the creating request to the TU (TransactionUser::onRequest).
  virtual void start() noexcept = 0;
  // A retransmission of the creating request, or (INVITE only) an ACK, matched per §17.2.3.
  virtual void receiveRequest(const syntax::SipMessage& request, const TransportTarget& source) noexcept = 0;
  // Sends the TU's response. Fails with Errc::Conflict when the state admits no such response and
  // with Errc::Malformed when `response` is not a response; a transport error is reported through
  // TransactionUser::onTransportError, not here.
  [[nodiscard]] virtual Result<void> respond(const syntax::SipMessage& response) noexcept = 0;

  // The request that created the transaction; empty once releaseRequest() dropped it.
  [[nodiscard]] const syntax::SipMessage& request() const noexcept { return request_ ? *request_ : kReleased; }
  // The To tag of the last final response sent; RFC 2543 ACK matching needs it (§17.2.3).
  [[nodiscard]] std::string_view responseToTag() const noexcept { return responseToTag_; }

 protected:
  ServerTransaction(TransactionEnv& env, TransactionId id, syntax::SipMessage request, TransportTarget source) noexcept
      : Transaction(env, id, std::move(source)), request_(std::make_unique<syntax::SipMessage>(std::move(request))) {}

  // Checks that `response` is a response for this transaction's method and remembers its To tag.
  [[nodiscard]] Result<void> acceptResponse(const syntax::SipMessage& response) noexcept;
  // Frees the request (its buffer and header vector) once the final response is out, when the
  // transaction is matched by an RFC 3261 branch: from then on only the response bytes are needed
  // to answer retransmissions (§17.2.2). RFC 2543 transactions keep it: their matching reads it.
  void releaseRequest() noexcept;

 private:
  // On the heap so that releasing it frees the whole message (~1 KB inline) and its buffer.
  std::unique_ptr<syntax::SipMessage> request_;
  static const syntax::SipMessage kReleased;
  std::string responseToTag_;
};

}  // namespace parley::txn
