// SPDX-License-Identifier: MIT
#pragma once

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "tu/registrar/binding_update.hpp"
#include "tu/registrar/registrar_config.hpp"

namespace parley::tu {

// Reads what a REGISTER asks for (RFC 3261 §10.3 steps 6-7, RFC 3327 §5.3, RFC 5626 §6) into a
// RegistrationChange: the Contact list or "*", each contact's granted expiry (the expires
// parameter, else the Expires header, else the default; shortened to the maximum), Call-ID,
// CSeq, Path and User-Agent. Fails without side effects:
//  * 400 for a malformed Contact, Expires or Path, and for "*" with another contact or with an
//    Expires other than 0;
//  * 423 Interval Too Brief when a non-zero expiry is below the minimum (the caller adds
//    Min-Expires, §10.3 step 7);
//  * 403 when the request alone lists more contacts than an AOR may hold.
// `now` and `flow` are copied into the result. Pure function; any thread.
[[nodiscard]] Result<RegistrationChange> readRegistration(const syntax::SipMessage& request,
                                                          const RegistrarConfig& config, UnixSeconds now,
                                                          const location::FlowRef& flow);

}  // namespace parley::tu
