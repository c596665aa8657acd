// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syntax/message.hpp"

namespace parley::syntax {

// The default reason phrase for a status code (RFC 3261 §21 and extensions), or "Unknown".
[[nodiscard]] std::string_view defaultReason(std::uint16_t status) noexcept;

// What the transport learned about where a request came from, written into the top Via of the
// response (§18.2.1, RFC 3581 §4): `received` is added when it differs from the sent-by host;
// `rport` is filled in when the request's top Via carried an empty rport parameter.
struct ViaReceived {
  std::string_view received;  // source IP address as text; empty to leave the Via alone
  std::uint16_t rport = 0;    // source port
};

// Extras of a response beyond what §8.2.6.2 copies from the request.
struct ResponseExtras {
  std::string_view reason;        // empty: defaultReason(status)
  std::string_view toTag;         // added to To when the request's To has no tag (not on 100)
  std::string_view server;        // Server header value; empty: no Server header
  std::string_view extraHeaders;  // complete header lines, each ending in CRLF
  std::string_view contentType;   // with a body
  std::string_view body;
  ViaReceived via;
};

// The value of the request's top Via line with the top via-parm's received and rport filled in
// per §18.2.1 and RFC 3581 §4 (other values of the line unchanged); nullopt when nothing changes.
// A proxy writes it into the request it forwards, so responses carry it back.
[[nodiscard]] std::optional<std::string> topViaWithReceived(const SipMessage& request, const ViaReceived& vr);

// Builds a response to `request` per RFC 3261 §8.2.6.2: status line, every Via copied in order
// (the top one annotated per ViaReceived), From, To (plus tag), Call-ID, CSeq, Timestamp on 100
// (§8.2.6.1), then the extras and Content-Length. Header lines it copies keep their bytes. Writes
// into `out` (cleared first) so callers can reuse its capacity.
void buildResponse(const SipMessage& request, std::uint16_t status, const ResponseExtras& extras, std::string& out);

[[nodiscard]] inline std::string buildResponse(const SipMessage& request, std::uint16_t status,
                                               const ResponseExtras& extras = {}) {
  std::string out;
  buildResponse(request, status, extras, out);
  return out;
}

}  // namespace parley::syntax
