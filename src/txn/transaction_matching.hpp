// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "syntax/message.hpp"

namespace parley::txn {

// The matching rules of RFC 3261 §17.1.3 (client) and §17.2.3 (server), with the §9.2 variant
// that finds the INVITE a CANCEL refers to. Keys are strings so the table can hash them; hosts
// are lower-cased (case-insensitive), branches and methods kept as sent (case-sensitive).
// Stateless functions; any thread.

// How a request is matched against server transactions.
enum class MatchAs : std::uint8_t {
  Itself,          // §17.2.3: its own transaction; ACK matches the INVITE it acknowledges
  TargetOfCancel,  // §9.2: a CANCEL looking for the INVITE it cancels
};

// Server key for a request whose top Via has an RFC 3261 branch: branch, sent-by, method
// (INVITE for ACK and for MatchAs::TargetOfCancel).
[[nodiscard]] std::string serverKey(const syntax::SipMessage& request, MatchAs as = MatchAs::Itself);

// Client key (§17.1.3): top-Via branch and CSeq method, for a request we sent or a response to it.
[[nodiscard]] std::string clientKey(const syntax::SipMessage& message);

// Bucket for RFC 2543 requests (no magic cookie): Call-ID and CSeq number. Candidates in a
// bucket are then compared with rfc2543Matches().
[[nodiscard]] std::string rfc2543Bucket(const syntax::SipMessage& request);

// §17.2.3 for requests without an RFC 3261 branch: Request-URI, From tag, Call-ID, CSeq number
// and top Via equal those of `original`; the To tag equals the original's, except for an ACK,
// whose To tag must equal `responseToTag` (the tag of the response the transaction sent); the
// method equals the original's, ACK and MatchAs::TargetOfCancel looking for INVITE.
[[nodiscard]] bool rfc2543Matches(const syntax::SipMessage& original, std::string_view responseToTag,
                                  const syntax::SipMessage& incoming, MatchAs as) noexcept;

}  // namespace parley::txn
