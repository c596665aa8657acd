// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "base/wall_clock.hpp"
#include "location/credential_store.hpp"
#include "syntax/message.hpp"
#include "tu/auth/digest_config.hpp"
#include "tu/auth/digest_outcome.hpp"
#include "tu/auth/nonce_signer.hpp"
#include "tu/auth/replay_guard.hpp"

namespace parley::auth {

struct SelectedCredentials;

// DigestAuthenticator is the server side of HTTP Digest for SIP (RFC 3261 §22.2-§22.4, RFC 7616,
// RFC 8760): it writes WWW-Authenticate / Proxy-Authenticate challenges and verifies Authorization
// / Proxy-Authorization credentials against a CredentialStore. Nonces are stateless (NonceSigner);
// nonce-counts are remembered by a ReplayGuard. The registrar uses it with proxy=false (401), the
// proxy with proxy=true (407). Created once by the application, which owns it for the life of the
// process; every worker thread may call challenge() and verify() concurrently.
class DigestAuthenticator {
 public:
  // Checks the configuration (at least one algorithm, each computable by OpenSSL, a secret of at
  // least 16 bytes, a nonzero lifetime) and builds the authenticator.
  [[nodiscard]] static Result<std::unique_ptr<DigestAuthenticator>> create(DigestConfig config) noexcept;

  // The challenge header lines: one WWW-Authenticate (Proxy-Authenticate when `proxy`) per offered
  // algorithm, strongest first, each ending in CRLF, ready for ResponseExtras::extraHeaders:
  //   WWW-Authenticate: Digest realm="r", qop="auth", nonce="...", opaque="...", algorithm=SHA-256
  // plus `, stale=true` when `stale`. The nonce is issued at `now`.
  [[nodiscard]] std::string challenge(std::string_view realm, bool stale, bool proxy, UnixSeconds now) const noexcept;

  // Verifies the request's credentials for `realm` (Authorization, or Proxy-Authorization when
  // `proxy`). Credentials for other realms are ignored (RFC 3665 §3.3). See DigestOutcome for what
  // the caller does with each result. The store is read once, on this thread.
  [[nodiscard]] DigestOutcome verify(const syntax::SipMessage& request, std::string_view realm, bool proxy,
                                     location::CredentialStore& users, UnixSeconds now) noexcept;

  [[nodiscard]] const DigestConfig& config() const noexcept { return config_; }
  // Nonces currently remembered for replay protection.
  [[nodiscard]] std::size_t trackedNonces() const noexcept { return replay_.size(); }

  explicit DigestAuthenticator(DigestConfig config) noexcept;  // use create(); public for make_unique

 private:
  [[nodiscard]] bool offers(DigestAlgorithm a) const noexcept;
  // The second half of verify(): user lookup, response, expiry and replay.
  [[nodiscard]] DigestOutcome checkResponse(const syntax::SipMessage& request, const SelectedCredentials& c,
                                            DigestAlgorithm algorithm, std::string_view realm,
                                            const NonceCheck& nonce, location::CredentialStore& users,
                                            UnixSeconds now) noexcept;

  DigestConfig config_;  // algorithms sorted strongest first
  NonceSigner signer_;
  ReplayGuard replay_;
};

}  // namespace parley::auth
