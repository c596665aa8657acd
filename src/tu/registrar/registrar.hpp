// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "base/wall_clock.hpp"
#include "location/credential_store.hpp"
#include "location/location_store.hpp"
#include "tu/auth/digest_authenticator.hpp"
#include "tu/core/core_config.hpp"
#include "tu/core/request_handler.hpp"
#include "tu/registrar/registrar_config.hpp"

namespace parley::tu {

// Registrar models the registrar of RFC 3261 §10.3 (the "SIP Server" of RFC 3665 §2): it answers
// REGISTER step by step — the Request-URI names one of our domains (404), the request came over
// TLS when sips: or the configuration demands it (403), digest authentication (401, RFC 7616/
// 8760), the authenticated user owns the To AOR (403), Contact "*" / list / none (400, 423),
// bindings updated all-or-nothing in the location service, and a 200 OK listing every current
// binding with its expiry and a Date. Path (RFC 3327) and RFC 5626 instance/reg-id/flow are
// stored with each binding.
// One per process, created by the application and shared by every worker: it holds no state of
// its own beyond references, and the stores and authenticator are thread-safe.
class Registrar final : public RequestHandler {
 public:
  // `authenticator` may be null only when config.authenticate is false.
  Registrar(const RegistrarConfig& config, const CoreConfig& core, location::LocationStore& bindings,
            location::CredentialStore& users, auth::DigestAuthenticator* authenticator,
            const WallClock& clock) noexcept
      : config_(config), core_(core), bindings_(bindings), users_(users), auth_(authenticator), clock_(clock) {}

  // RequestHandler
  [[nodiscard]] Reply handle(const syntax::SipMessage& request, const txn::TransportTarget& source) noexcept override;

 private:
  // §10.3 steps 3-4: nullopt when `request` may go on, else the reply (401, 403, 400).
  [[nodiscard]] std::optional<Reply> authorize(const syntax::SipMessage& request, UnixSeconds now) noexcept;
  // §10.3 steps 6-8 once the AOR is known.
  [[nodiscard]] Reply updateBindings(const syntax::SipMessage& request, const std::string& aor,
                                     const txn::TransportTarget& source, UnixSeconds now) noexcept;

  const RegistrarConfig& config_;
  const CoreConfig& core_;
  location::LocationStore& bindings_;
  location::CredentialStore& users_;
  auth::DigestAuthenticator* auth_;
  const WallClock& clock_;
};

}  // namespace parley::tu
