// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "tu/proxy/local_addresses.hpp"
#include "txn/transport_target.hpp"

namespace parley::tu {

// The Via values of a message, top first, parsed from every Via line (RFC 3261 §7.3.1: one
// line may hold several). The views point into `message`. A value that does not parse ends the
// list (the parser checked only the top one).
[[nodiscard]] std::vector<syntax::Via> viaValues(const syntax::SipMessage& message);

// Where a response goes once our Via is removed (§18.2.2 with RFC 3581 §4, as a proxy forwarding
// statelessly does it, §16.11): to maddr if the next Via has one; else to `received` (or the
// sent-by host) at the rport value when present, else at the sent-by port (5060; 5061 for TLS).
// Reliable transports reuse the connection the request came on when the transport layer still
// knows one to that address. nullopt when there is no next Via or its transport is not ours.
[[nodiscard]] std::optional<txn::TransportTarget> responseHop(const syntax::Via& next);

// A response that matched no client transaction (§16.7 "stray"; §18.1.2): when its top Via is
// ours and it is a 2xx to INVITE, the bytes to forward (our Via removed) and where to. Anything
// else is dropped (nullopt): non-2xx responses without a transaction have nowhere to go.
struct StatelessForward {
  std::string bytes;
  txn::TransportTarget target;
};
[[nodiscard]] std::optional<StatelessForward> forwardStrayResponse(const syntax::SipMessage& response,
                                                                   const IsOurAddress& ours);

}  // namespace parley::tu
