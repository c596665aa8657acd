// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "location/binding.hpp"
#include "syntax/message.hpp"

namespace parley::tu {

// Writes the header lines of a 200 OK to REGISTER (RFC 3261 §10.3 step 8): one Contact line per
// current binding with its remaining `expires` (and q when it was given), a Date header, and the
// request's Path values when the UA said `Supported: path` (RFC 3327 §5.3). `outbound` adds
// `Require: outbound` (RFC 5626 §6: a reg-id binding was accepted over a flow we can hold).
// Pure function; any thread.
[[nodiscard]] std::string registrationOkHeaders(const location::BindingSet& bindings, UnixSeconds now,
                                                const syntax::SipMessage& request, bool outbound);

// "0.5", "1", "0.125": a qvalue in thousandths as written in a Contact (§20.10).
void appendQValue(std::int16_t thousandths, std::string& out);

}  // namespace parley::tu
