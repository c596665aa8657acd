// SPDX-License-Identifier: MIT
#pragma once

#include "base/result.hpp"
#include "syntax/message.hpp"

namespace parley::syntax {

// Runs every typed parser Parley has over every header of a parsed message: all Via values,
// Contact, Route/Record-Route/Path/Service-Route, Expires, Min-Expires, Date, Retry-After,
// Content-Type, the token lists, the authentication headers, Reply-To. The parser checks only the
// essentials (message_parser.hpp); this is the full §25 check used by `parley parse`, the
// conformance suite and the fuzzers. The server runs the parsers it needs for the request at hand
// instead. Returns the first error found, in header order.
[[nodiscard]] Result<void> validateMessage(const SipMessage& m);

}  // namespace parley::syntax
