// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace parley::syntax {

// Builds the stateless answer to a request that failed to parse (RFC 3261 §8.2.2, §21.4.1: "400
// Bad Request ... the reason phrase SHOULD identify the syntax problem in more detail"), from the
// raw bytes, since there is no parsed message. It scans the header lines leniently and copies the
// Via, From, To, Call-ID and CSeq lines it finds (long or compact names), adds a To tag derived
// from the Call-ID when To has none (so retransmissions get the same tag), and uses the error's
// status (400, 505, 513 ...) and reason phrase. Returns nullopt when no answer is possible or
// allowed: the bytes are a response, an ACK (never answered, §17.2.1), or lack a Via, Call-ID or
// CSeq to which a client could match the response. Stateless; any thread.
[[nodiscard]] std::optional<std::string> buildBadRequest(std::string_view raw, const Error& error,
                                                         std::string_view server);

}  // namespace parley::syntax
