// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "txn/transport_target.hpp"

namespace parley::tu {

// Reply is what a request handler decided to answer: the status, an optional reason phrase
// (empty: the default of the status, §21) and complete extra header lines, each ending in CRLF.
// The server core turns it into a response (§8.2.6) and sends it through the transaction.
struct Reply {
  Reply(std::uint16_t code = 500, std::string why = {}, std::string lines = {})
      : status(code), reason(std::move(why)), headers(std::move(lines)) {}

  std::uint16_t status;
  std::string reason;
  std::string headers;
};

// The reply for a failure on the message path: its SIP status (500 when it names none). A parse
// error's reason names the header ("Bad Contact: invalid q parameter", §21.4.1); other refusals
// read as written ("Interval Too Brief").
[[nodiscard]] inline Reply replyFor(const Error& e) {
  const std::uint16_t status = e.status != 0 ? e.status : std::uint16_t{500};
  return Reply{status, status == 400 ? e.reasonPhrase() : std::string(e.what)};
}

// RequestHandler is the seam between the server core (which applies the UAS checks of §8.2 that
// every request shares) and the transaction user that owns a method, such as the registrar for
// REGISTER (§10.3). The core calls it on the event loop that owns the server transaction; the
// handler answers synchronously. Implementations are shared by every worker, so handle() must be
// safe from several threads at once. Owned by the application; outlives every worker.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;

  // Answers `request`, which arrived from `source` and passed the core's method, URI-scheme and
  // Require checks.
  [[nodiscard]] virtual Reply handle(const syntax::SipMessage& request, const txn::TransportTarget& source) noexcept = 0;
};

}  // namespace parley::tu
