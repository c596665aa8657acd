// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "syntax/message.hpp"

namespace parley::txn {

// The 100 (Trying) a server INVITE transaction sends on its own (RFC 3261 §17.2.1): status line,
// every Via in order, From, To (no tag is added to a 100, §8.2.6.2), Call-ID, CSeq and Timestamp
// (§8.2.6.1) copied from `invite`, Content-Length 0. Stateless; any thread.
[[nodiscard]] std::string buildTrying(const syntax::SipMessage& invite) noexcept;

}  // namespace parley::txn
