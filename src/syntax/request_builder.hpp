// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "syntax/message.hpp"

namespace parley::syntax {

// Builders for the two requests RFC 3261 derives from another request rather than from a dialog:
// the ACK a client INVITE transaction sends for a non-2xx final response (§17.1.1.3) and CANCEL
// (§9.1). Plain string building from parsed messages; the result is a complete message with
// canonical header names, Max-Forwards 70 and an empty body. Stateless; any thread. Allocation
// failure ends the process (STYLE §6), so they are noexcept.

// ACK for a 300-699 response to `invite` (§17.1.1.3): Request-URI, the top Via only, From,
// Call-ID and Route of the INVITE; To of the response (it carries the tag); CSeq number of the
// INVITE with method ACK.
[[nodiscard]] std::string buildAckForNon2xx(const SipMessage& invite, const SipMessage& response) noexcept;

// CANCEL for `request` (§9.1): Request-URI, the top Via only, From, To (tags as in the request),
// Call-ID and Route of the request; CSeq number of the request with method CANCEL.
[[nodiscard]] std::string buildCancel(const SipMessage& request) noexcept;

}  // namespace parley::syntax
