// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parley::tu {

// CoreConfig is what the server core needs to know about itself: the domains it is responsible
// for and the addresses it listens on (a Request-URI naming either is "addressed to the server
// itself", RFC 3261 §11), and how it introduces itself. Built once from the configuration; read by
// every worker; immutable after start-up.
struct CoreConfig {
  std::vector<std::string> domains;    // e.g. "biloxi.example.com"; compared case-insensitively
  std::vector<std::string> addresses;  // IP literals we listen on, e.g. "127.0.0.1", "::1"
  std::string serverName = "Parley";   // Server header (§20.35)
  std::vector<std::string> supported;  // option tags we implement (§19.2), e.g. "path", "outbound"
  std::string realm;                   // digest realm for every domain; empty: per domain (realmFor)
};

// True when `host` (a URI host; IPv6 references may keep their brackets) is one of our domains or
// addresses, compared case-insensitively.
[[nodiscard]] bool servesHost(const CoreConfig& config, std::string_view host) noexcept;

// The digest realm (RFC 3261 §22.1) for requests about `host` (the To host of a REGISTER, the From
// host of a call): the configured realm when there is one; else the host itself, lower-cased,
// when it is one of our domains; else (an IP address of ours) the first domain.
[[nodiscard]] std::string realmFor(const CoreConfig& config, std::string_view host);

}  // namespace parley::tu
