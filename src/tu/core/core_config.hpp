// SPDX-License-Identifier: MIT
#pragma once

#include <string>
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
};

}  // namespace parley::tu
