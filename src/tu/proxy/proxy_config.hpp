// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tu/proxy/record_route.hpp"
#include "tu/proxy/request_validation.hpp"

namespace parley::tu {

// What a Parley instance does with a request for a user of its domains (RFC 3665 §3): proxy it
// to the registered contacts (§16), or answer 302 with them (redirect server, §8.3 / RFC 3665
// §3.6).
enum class ProxyMode : std::uint8_t { Proxy, Redirect };

// Who is asked for Proxy-Authorization (RFC 3261 §22.3, RFC 3665 §3.2/§3.3): out-of-dialog
// requests whose From names one of our domains (or one of `foreignDomains`), for the listed methods (empty: every method
// except ACK and CANCEL, which cannot be challenged, §22.1). In-dialog requests (To tag) are never
// challenged. With `identityCheck`, the authenticated user must be the From user (403 otherwise).
struct ProxyAuthPolicy {
  bool enabled = true;
  std::vector<std::string> methods;
  // Other domains whose users are challenged too (their accounts live here, in the realm of our
  // first domain): RFC 3665 §3.3, where the callee's proxy authenticates the caller as well.
  std::vector<std::string> foreignDomains;
  bool identityCheck = true;
};

// The address of ours each side of the proxy reaches us at, per transport: the sent-by of the
// Via we push and the Record-Route values (§16.6 steps 4 and 8). A transport without a leg is
// one we do not listen on; sending over it is still possible (the sent-by then falls back to the
// first leg).
struct ProxyLegs {
  std::optional<RecordRouteLeg> udp;
  std::optional<RecordRouteLeg> tcp;
  std::optional<RecordRouteLeg> tls;

  [[nodiscard]] RecordRouteLeg of(txn::TransportKind kind) const;
};

// ProxyConfig is the proxy core's configuration, built by the application from [proxy] and the
// listen addresses. Immutable after start-up; read by every worker.
struct ProxyConfig {
  ProxyMode mode = ProxyMode::Proxy;
  RecordRoutePolicy recordRoute;
  ValidationPolicy validation;
  ProxyAuthPolicy auth;
  ProxyLegs legs;
  // Timer C (§16.6 step 11): no final answer this long after a provisional ⇒ CANCEL the branch.
  std::chrono::milliseconds timerC = std::chrono::seconds(181);
  // Out-of-dialog requests to other domains are forwarded only for senders of ours (no open
  // relay): From one of our domains (authenticated when auth is on).
  bool relayForeign = false;
};

}  // namespace parley::tu
