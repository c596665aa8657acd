// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "syntax/auth_header.hpp"
#include "syntax/message.hpp"

namespace parley::auth {

// The digest credentials of one realm found in a request, with the directives the verification
// hashes unquoted (RFC 7616 §3.4: unq(username) ...): owned strings, because resolving
// quoted-pairs may change them. Built by selectCredentials on the verifying thread; short-lived.
struct SelectedCredentials {
  std::size_t headerIndex = 0;  // in SipMessage::headers()
  syntax::Credentials raw;      // views into the request
  std::string username;
  std::string nonce;
  std::string uri;
  std::string cnonce;
  std::string opaque;
  std::uint32_t nc = 0;         // 0 without qop
};

// What selectCredentials found: the credentials for our realm, else the first parse error of an
// Authorization / Proxy-Authorization line (whose realm we cannot know), else nothing.
struct CredentialsSearch {
  std::optional<SelectedCredentials> ours;
  std::optional<Error> malformed;
};

// Looks through every `id` header line (Authorization or Proxy-Authorization) for Digest
// credentials whose realm is `realm`; other schemes and other realms are skipped (RFC 3665 §3.3:
// a request may carry an upstream proxy's credentials beside ours). The first match wins.
[[nodiscard]] CredentialsSearch selectCredentials(const syntax::SipMessage& request, syntax::HeaderId id,
                                                  std::string_view realm);

// Checks the directives RFC 7616 §3.4 requires: username, nonce, uri and response always; cnonce
// and nc with a qop (which must be auth or auth-int) and cnonce with a -sess algorithm. Returns a
// static reason for a 400, or an empty view when the shape is right.
[[nodiscard]] std::string_view credentialsShapeError(const SelectedCredentials& c, bool session) noexcept;

// Resolves the quoted-pairs of a quoted-string's contents (RFC 3261 §25.1).
[[nodiscard]] std::string unquotePairs(std::string_view contents);

}  // namespace parley::auth
