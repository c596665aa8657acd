// SPDX-License-Identifier: MIT
#pragma once

#include "location/binding.hpp"
#include "tu/core/request_handler.hpp"

namespace parley::tu {

// The redirect server's answer for a user of ours (RFC 3261 §8.3, §21.3.3; RFC 3665 §3.6 F2):
// 302 Moved Temporarily with one Contact per current binding, highest q first (equal q keep the
// store's order), each with its q-value when it was registered with one, so the caller tries
// them in the order a proxy would (§16.6). No bindings: 480 Temporarily Unavailable (RFC 3665
// §3.11) for a user we know, 404 Not Found otherwise. Pure function; any thread.
[[nodiscard]] Reply redirectReply(const location::BindingSet& bindings, bool knownUser);

}  // namespace parley::tu
