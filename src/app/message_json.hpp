// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "syntax/message.hpp"

namespace parley::app {

// The JSON document `parley parse` prints for a message, shared with the conformance suite so
// both see exactly the same tree. Top-level keys (all always present; null or [] when absent):
//   kind ("request"/"response"), method, request_uri (requests) or status, reason (responses),
//   headers [{name, canonical, value}] in order, via [...], from, to, call_id, cseq {number,
//   method}, max_forwards, content_length, contact ([...] or "*"), route, record_route, path,
//   authorization, proxy_authorization, www_authenticate, proxy_authenticate, body_length.
// Strings keep the message's escapes; non-UTF-8 octets are mapped as described in json_text.hpp.
// Precondition: the message passed validateMessage(), so every typed parser succeeds. Free
// functions; any thread.
[[nodiscard]] nlohmann::ordered_json messageJson(const syntax::SipMessage& m);

// {"error": {status, reason (Error::reasonPhrase()), header (null when the error names no
// element), offset}}.
[[nodiscard]] nlohmann::ordered_json errorJson(const Error& e);

}  // namespace parley::app
