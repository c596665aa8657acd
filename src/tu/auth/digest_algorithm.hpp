// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::auth {

// DigestAlgorithm names the digest algorithms of RFC 7616 §3.3 and RFC 8760 §2.1 (SIP). A `-sess`
// variant uses the same hash as its base; only HA1 differs (RFC 7616 §3.4.2: H(HA1:nonce:cnonce)).
// Plain value; any thread.
enum class DigestAlgorithm : std::uint8_t { Md5, Md5Sess, Sha256, Sha256Sess, Sha512_256, Sha512_256Sess };

// The token as written in the `algorithm` directive ("MD5", "SHA-256-sess" ...).
[[nodiscard]] std::string_view algorithmName(DigestAlgorithm a) noexcept;

// The algorithm a token names, compared case-insensitively (RFC 7616 §3.3); an empty token means
// MD5 (§3.3: "If this is not present, it is assumed to be MD5"). Unknown tokens give nullopt.
[[nodiscard]] std::optional<DigestAlgorithm> parseAlgorithm(std::string_view token) noexcept;

// The algorithm without `-sess` (Md5Sess -> Md5); a base algorithm maps to itself.
[[nodiscard]] DigestAlgorithm baseAlgorithm(DigestAlgorithm a) noexcept;
[[nodiscard]] bool isSession(DigestAlgorithm a) noexcept;

// Orders algorithms for a challenge, strongest first (RFC 8760 §2.4: the server lists its preferred
// algorithm first): SHA-512-256, then SHA-256, then MD5; a -sess variant right after its base.
[[nodiscard]] int strength(DigestAlgorithm a) noexcept;

// Length of the hash output in lower-case hex digits: 32 for MD5, 64 for the others.
[[nodiscard]] std::size_t hexLength(DigestAlgorithm a) noexcept;

}  // namespace parley::auth
