// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/random.hpp"
#include "syntax/message.hpp"
#include "txn/transport_target.hpp"

namespace parley::tu {

// Branch parameters and the Via a proxy pushes when it forwards a request (RFC 3261 §16.6 step 8,
// §8.1.1.7). Our branches have the form
//     z9hG4bK <16 hex digits: loop-detection hash> . <unique part>
// or, with loop detection off, "z9hG4bK" and the unique part alone. Pure functions; any thread
// (the Random belongs to the calling loop).

// The hash of §16.6 step 8 over the fields that stay the same when a request comes back to us
// unchanged and change when it legitimately spirals: the Request-URI as received, the top Route
// value as received, every Proxy-Require and Proxy-Authorization value, the To tag, the From tag,
// the Call-ID and the CSeq number. The top Via is deliberately left out, although §16.6 lists
// it: on a loop the request comes back with another element's Via on top, so including it would
// make every loop look like a spiral. FNV-1a 64, written as 16 lowercase hex digits.
[[nodiscard]] std::string loopDetectionHash(const syntax::SipMessage& request);

// A new branch: the magic cookie, `loopHash` (empty: none) and 12 characters: all random, or,
// with `loop` (the index of the sending event loop, 0-35), a character naming that loop and 11
// random ones, so a response that a socket shared by several loops hands to the wrong one can be
// passed to the loop whose client transaction waits for it (loopOfBranch).
[[nodiscard]] std::string makeBranch(std::string_view loopHash, Random& random,
                                     std::optional<unsigned> loop = std::nullopt);

// The loop index a branch made with makeBranch(..., loop) names; nullopt for a branch without
// the magic cookie. Branches of other elements yield an arbitrary index: callers check it.
[[nodiscard]] std::optional<unsigned> loopOfBranch(std::string_view branch) noexcept;

// The loop-detection hash carried by a branch of ours; nullopt for any other branch.
[[nodiscard]] std::optional<std::string_view> loopHashOf(std::string_view branch) noexcept;

// The value of the Via we push (§16.6 step 8, §18.1.1, RFC 3581 §3): "SIP/2.0/UDP host:port;
// branch=...;rport". An IPv6 host is bracketed if it is not already.
[[nodiscard]] std::string viaValue(txn::TransportKind transport, std::string_view host, std::uint16_t port,
                                   std::string_view branch, bool rport = true);

}  // namespace parley::tu
