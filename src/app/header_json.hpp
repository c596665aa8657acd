// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include "syntax/auth_header.hpp"
#include "syntax/message.hpp"
#include "syntax/via.hpp"

namespace parley::app {

// JSON views of Via (RFC 3261 §20.42, RFC 3581 rport) and of the authentication headers
// (§20.7, §20.27, §20.28, §20.44; RFC 7616) as `parley parse` prints them. Free functions over
// views into a message the caller keeps alive; any thread.

// {protocol, transport, host, host_kind, port, branch, received, rport, maddr, ttl, params, text};
// rport is null when absent, true when present without a value, else the number.
[[nodiscard]] nlohmann::ordered_json viaJson(const syntax::Via& via);

// Every via-parm of every Via line, top first. Stops at a value that does not parse (impossible
// after validateMessage).
[[nodiscard]] nlohmann::ordered_json viaListJson(const syntax::SipMessage& m);

[[nodiscard]] nlohmann::ordered_json credentialsJson(const syntax::Credentials& c);
[[nodiscard]] nlohmann::ordered_json challengeJson(const syntax::Challenge& c);

// One object per line of Authorization / Proxy-Authorization (credentials) or WWW-Authenticate /
// Proxy-Authenticate (challenges); [] when there is none. An array, because a request may carry
// credentials for several realms (§22.3).
[[nodiscard]] nlohmann::ordered_json authListJson(const syntax::SipMessage& m, syntax::HeaderId id);

}  // namespace parley::app
