// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/uri.hpp"
#include "syntax/via.hpp"

namespace parley::tu {

// IsOurAddress is the predicate RFC 3261 §16 keeps asking: does this host and port "indicate this
// proxy" (§16.3 step 4 Via sent-by, §16.4 Route and Request-URI, §16.12)? The port is always
// given: callers fill in the default of the scheme or transport (5060, 5061 for sips/TLS).
// Built once from the configuration by whoever assembles the proxy; called on the loop thread.
using IsOurAddress = std::function<bool(std::string_view host, std::uint16_t port)>;

// One address:port we listen on or advertise (IPv6 without brackets or with; both are accepted).
struct HostPort {
  std::string host;
  std::uint16_t port = 5060;
};

// LocalAddresses is the usual source of IsOurAddress: our domains match on any port (a Route to
// "sip:biloxi.example.com;lr" reaches us through DNS whatever the port), listen addresses only
// with their port (two instances on one host are different proxies). Hosts compare
// case-insensitively. Built from the configuration; immutable; any thread.
struct LocalAddresses {
  std::vector<std::string> domains;
  std::vector<HostPort> listen;

  [[nodiscard]] bool matches(std::string_view host, std::uint16_t port) const noexcept;
  // A predicate that refers to this object, which must outlive it.
  [[nodiscard]] IsOurAddress predicate() const {
    return [this](std::string_view host, std::uint16_t port) { return matches(host, port); };
  }
};

// The URI's host and port (explicit, else 5060, 5061 for sips) indicate this proxy.
[[nodiscard]] bool isOurUri(const IsOurAddress& ours, const syntax::Uri& uri);

// A Via's sent-by indicates this proxy (port: explicit, else 5061 for TLS and 5060 otherwise).
[[nodiscard]] bool isOurVia(const IsOurAddress& ours, const syntax::Via& via);

}  // namespace parley::tu
