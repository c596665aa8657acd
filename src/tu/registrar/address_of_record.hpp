// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "base/result.hpp"
#include "syntax/uri.hpp"

namespace parley::tu {

// The canonical form of an address-of-record (RFC 3261 §10.3 step 5): the key of its bindings in
// the location service. URI parameters and headers are dropped, escapes resolved, the host
// lower-cased and the port dropped, and sips: is keyed like sip: (one user, one set of bindings;
// a binding keeps its own contact scheme). "sip:bob@biloxi.example.com". A tel: or other non-SIP
// URI is no AOR of ours: 404. Pure function; any thread.
[[nodiscard]] Result<std::string> canonicalAor(const syntax::Uri& uri);

}  // namespace parley::tu
