// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/wall_clock.hpp"

namespace parley::auth {

// What a nonce returned by a client turned out to be.
enum class NonceState : std::uint8_t {
  Valid,    // ours, for this realm, within its lifetime
  Expired,  // ours, but older than the lifetime (or issued implausibly far in the future)
  Forged,   // not ours: undecodable, or the MAC does not match (other realm, other secret)
};

struct NonceCheck {
  NonceState state = NonceState::Forged;
  UnixSeconds issuedAt = 0;  // meaningful unless Forged
};

// NonceSigner makes and checks the server's nonces and opaque values (RFC 7616 §3.3, §5.4)
// without keeping state: a nonce is base64url(issue time, 8 bytes big-endian || 6-byte salt,
// unique per nonce || first 16 bytes of HMAC-SHA256(secret, "nonce" || time || salt || realm)).
// Any node holding the same secret accepts it, it survives restarts, and it cannot be forged or
// moved to another realm. The opaque value is base64url of a MAC of the realm: stable, so a client
// may return it for any nonce. The secret also keys the dummy HA1 for unknown users (macHex).
// Owned by the DigestAuthenticator; immutable after construction (the salt comes from a
// process-wide atomic counter), so any thread may call it.
class NonceSigner {
 public:
  NonceSigner(std::string secret, std::uint32_t lifetimeSeconds) noexcept;

  [[nodiscard]] std::string issue(std::string_view realm, UnixSeconds now) const noexcept;
  [[nodiscard]] NonceCheck check(std::string_view nonce, std::string_view realm, UnixSeconds now) const noexcept;
  [[nodiscard]] std::string opaque(std::string_view realm) const noexcept;

  // HMAC-SHA256(secret, label, p1, p2 ..., each preceded by its 4-byte length) as lower-case hex
  // (64 digits).
  [[nodiscard]] std::string macHex(std::string_view label,
                                   std::initializer_list<std::string_view> parts) const noexcept;

  [[nodiscard]] std::uint32_t lifetimeSeconds() const noexcept { return lifetime_; }

  // How far in the future an issue time may lie and still be accepted: nodes sharing the secret
  // may disagree about the time by this much.
  static constexpr UnixSeconds kClockSkewSeconds = 30;

 private:
  using Mac = std::array<std::uint8_t, 32>;
  [[nodiscard]] Mac mac(std::string_view label, std::initializer_list<std::string_view> parts) const noexcept;

  std::string secret_;
  std::uint32_t lifetime_;
};

}  // namespace parley::auth
