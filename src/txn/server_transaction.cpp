// SPDX-License-Identifier: MIT
#include "txn/server_transaction.hpp"

namespace parley::txn {

const syntax::SipMessage ServerTransaction::kReleased{};

void ServerTransaction::releaseRequest() noexcept {
  if (request_ && request_->topVia().hasRfc3261Branch()) request_.reset();
}

Result<void> ServerTransaction::acceptResponse(const syntax::SipMessage& response) noexcept {
  if (!response.isResponse() || response.statusCode() < 100 || response.statusCode() > 699) {
    return fail(Errc::Malformed, "not a response", "Status-Line", 0);
  }
  // §8.2.6.2: the response copies the request's CSeq; a mismatch means the TU answered the wrong
  // transaction.
  if (response.cseq().number != request().cseq().number || response.cseq().methodText != request().methodText()) {
    return fail(Errc::Conflict, "response does not belong to this transaction", "CSeq", 0);
  }
  if (response.statusCode() >= 200) responseToTag_.assign(response.to().tag);
  return {};
}

}  // namespace parley::txn
