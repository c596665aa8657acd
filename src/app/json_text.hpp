// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace parley::app {

// Turns octets taken from a SIP message into a JSON string value that nlohmann::ordered_json can always
// dump (it throws type_error 316 on invalid UTF-8).
//
// Decision: well-formed UTF-8 sequences (RFC 3629: no overlongs, no surrogates, at most
// U+10FFFF) pass through unchanged; every other octet 0xHH becomes the code point U+00HH, as if
// the octet were Latin-1. Nothing is lost (each such octet maps to exactly one code point) and the
// output is readable with ensure_ascii off. The cost is ambiguity: an invalid 0xC3 octet and a
// genuine "Ã" (C3 83) both print as a U+00C3-based character, so a consumer that needs the exact
// octets must read the message itself (the error offsets point into it). Octets below 0x80,
// including NUL and other controls, are valid UTF-8 and are left to nlohmann's \u00XX escaping.
// Free functions; any thread.
[[nodiscard]] std::string utf8Text(std::string_view bytes);

[[nodiscard]] inline nlohmann::ordered_json jsonText(std::string_view bytes) { return nlohmann::ordered_json(utf8Text(bytes)); }

// jsonText(), or null when `bytes` is empty: for optional elements such as a tag or a branch.
[[nodiscard]] inline nlohmann::ordered_json jsonTextOrNull(std::string_view bytes) {
  return bytes.empty() ? nlohmann::ordered_json(nullptr) : jsonText(bytes);
}

}  // namespace parley::app
