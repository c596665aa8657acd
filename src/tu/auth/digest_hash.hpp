// SPDX-License-Identifier: MIT
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "tu/auth/digest_algorithm.hpp"

namespace parley::auth {

// The digest computations of RFC 7616 §3.4.1-§3.4.3 (RFC 2617 §3.2.2 for MD5), on top of OpenSSL 3
// EVP. Stateless free functions; any thread. Every result is lower-case hex. A hashing failure
// inside OpenSSL (only possible when the provider lacks the algorithm, which
// digestAvailable() detects at start-up, or out of memory) ends the process: it is a deployment
// bug, not something a request can cause.

// True when OpenSSL can compute `a` (e.g. a FIPS-only provider refuses MD5). Checked when the
// authenticator is created.
[[nodiscard]] bool digestAvailable(DigestAlgorithm a) noexcept;

// The bytes as lower-case hex, two digits each.
[[nodiscard]] std::string lowerHex(const unsigned char* data, std::size_t size) noexcept;

// H(p1 ":" p2 ":" ...): the hash of the parts joined by colons, hashed piece by piece (no copy).
[[nodiscard]] std::string hashHex(DigestAlgorithm a, std::initializer_list<std::string_view> parts) noexcept;

// HA1 = H(username ":" realm ":" password) for the base of `a` (RFC 7616 §3.4.2). `parley user
// add` stores one per base algorithm in location::Credentials; the password is never stored.
[[nodiscard]] std::string ha1(DigestAlgorithm base, std::string_view user, std::string_view realm,
                              std::string_view password) noexcept;

// What the response computation needs, all unquoted (quoted-pairs resolved).
struct DigestInput {
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  std::string_view ha1;     // the stored HA1 of the base algorithm (hex)
  std::string_view nonce;
  std::string_view cnonce;  // required with qop and with -sess
  std::string_view nc;      // 8 hex digits, with qop
  std::string_view qop;     // "", "auth" or "auth-int"
  std::string_view method;  // request method as written
  std::string_view uri;     // digest-uri as sent by the client
  std::string_view body;    // message body, for auth-int
};

// The `response` value (RFC 7616 §3.4.1): H(HA1':nonce:nc:cnonce:qop:HA2) with qop, and the RFC
// 2069 form H(HA1':nonce:HA2) without; HA1' = H(HA1:nonce:cnonce) for -sess, HA2 =
// H(method:uri[:H(body)]) (auth-int adds the body hash, §3.4.3).
[[nodiscard]] std::string digestResponse(const DigestInput& in) noexcept;

// Compares two hex digests in time independent of where they differ; hex case is ignored.
[[nodiscard]] bool hexDigestsEqual(std::string_view expected, std::string_view received) noexcept;

}  // namespace parley::auth
