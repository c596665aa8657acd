// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "base/result.hpp"
#include "syntax/uri.hpp"
#include "tu/core/core_config.hpp"

namespace parley::tu {

// The canonical form of an address-of-record (RFC 3261 §10.3 step 5): the key of its bindings in
// the location service. URI parameters and headers are dropped, escapes resolved, the host
// lower-cased and the port dropped, and sips: is keyed like sip: (one user, one set of bindings;
// a binding keeps its own contact scheme). "sip:bob@biloxi.example.com". A tel: or other non-SIP
// URI is no AOR of ours: 404. Pure function; any thread.
[[nodiscard]] Result<std::string> canonicalAor(const syntax::Uri& uri);

// canonicalAor for a URI whose host the server serves (servesHost): a host that is one of our
// addresses rather than a domain ("sip:bob@192.0.2.4", what phones configured with the server's
// IP send) names the user of our first domain, so registrar and proxy agree on the key.
[[nodiscard]] Result<std::string> localAor(const syntax::Uri& uri, const CoreConfig& core);

}  // namespace parley::tu
