// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tu/auth/digest_algorithm.hpp"

namespace parley::auth {

// DigestConfig is what the application tells the DigestAuthenticator (RFC 7616 §3.3, RFC 8760).
// Plain value, read once by DigestAuthenticator::create.
struct DigestConfig {
  // Algorithms to offer, one challenge header each. The challenge lists them strongest first
  // whatever the order here. Only offered algorithms are accepted in credentials.
  std::vector<DigestAlgorithm> algorithms{DigestAlgorithm::Sha256, DigestAlgorithm::Md5};
  // qop="auth,auth-int" instead of qop="auth" (RFC 7616 §3.3). Credentials without qop (RFC 2069
  // style) are still accepted.
  bool offerAuthInt = false;
  // How long a nonce is good for; after that the client gets stale=true and retries silently.
  std::uint32_t nonceLifetimeSeconds = 300;
  // Each nonce authenticates one request only; the next one gets a stale=true challenge.
  bool oneTimeNonces = false;
  // Key of the nonce, opaque and dummy-HA1 MACs: at least 16 random bytes, the same on every node
  // that serves the realm. Supplied by the application (never logged).
  std::string secret{};
  // Bound on the nonces remembered for replay protection (ReplayGuard).
  std::size_t maxTrackedNonces = 65536;
};

}  // namespace parley::auth
