// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "base/result.hpp"

namespace parley::syntax {

// Credentials models the value of an Authorization or Proxy-Authorization header (RFC 3261
// §20.7, §25.1 credentials; RFC 7616 §3.4 adds userhash and SHA-256 response lengths). For
// Digest, the named fields are the unquoted contents (quoted-pairs left in place; see
// unquote()). Other schemes keep only `scheme` and `params`. Views into the message; any thread.
struct Credentials {
  std::string_view scheme;     // "Digest" (compare case-insensitively)
  std::string_view username;
  std::string_view realm;
  std::string_view nonce;
  std::string_view uri;        // digest-uri
  std::string_view response;
  std::string_view algorithm;  // empty means MD5 (§3.4 of RFC 7616)
  std::string_view cnonce;
  std::string_view opaque;
  std::string_view qop;
  std::string_view nc;         // 8LHEX when present
  bool userhash = false;
  std::string_view params;     // everything after the scheme, as written

  [[nodiscard]] bool isDigest() const noexcept;
};

// Challenge models a WWW-Authenticate or Proxy-Authenticate value (§20.44, §20.27; RFC 7616
// §3.3). Same conventions as Credentials.
struct Challenge {
  std::string_view scheme;
  std::string_view realm;
  std::string_view domain;
  std::string_view nonce;
  std::string_view opaque;
  std::string_view algorithm;
  std::string_view qop;        // qop-options list, e.g. "auth,auth-int"
  bool stale = false;
  bool userhash = false;
  std::string_view params;

  [[nodiscard]] bool isDigest() const noexcept;
};

// Parse one header value. Duplicate parameters, a missing '=' or value, and a malformed nc are
// errors; unknown parameters are accepted and ignored.
[[nodiscard]] Result<Credentials> parseCredentials(std::string_view value, std::string_view where) noexcept;
[[nodiscard]] Result<Challenge> parseChallenge(std::string_view value, std::string_view where) noexcept;

}  // namespace parley::syntax
