// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.hpp"
#include "syntax/scanner.hpp"
#include "syntax/uri.hpp"

namespace parley::syntax {

// Via models one via-parm (RFC 3261 §20.42, §25.1; rport from RFC 3581): the transport and
// sent-by of one hop plus its parameters. Views into the message; plain value; any thread.
struct Via {
  std::string_view protocolName;     // "SIP"
  std::string_view protocolVersion;  // "2.0"
  std::string_view transport;        // "UDP", "TCP", "TLS", "SCTP", "WS" or any token
  std::string_view host;             // sent-by host; IPv6 keeps its brackets
  HostKind hostKind = HostKind::None;
  std::optional<std::uint16_t> port;
  std::string_view branch;           // empty when absent
  std::string_view received;         // empty when absent
  std::string_view maddr;
  std::optional<std::uint8_t> ttl;
  bool rport = false;                // rport parameter present (with or without value)
  std::optional<std::uint16_t> rportValue;
  std::string_view params;           // all parameters as written, leading ';' included
  std::string_view text;             // the via-parm as written

  // Branch begins with the RFC 3261 magic cookie "z9hG4bK" (§8.1.1.7).
  [[nodiscard]] bool hasRfc3261Branch() const noexcept {
    return branch.size() > 7 && branch.substr(0, 7) == "z9hG4bK";
  }
  [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const noexcept;
};

// Parses one via-parm at the scanner's position, stopping before a top-level ',' or at the end.
[[nodiscard]] Result<Via> parseVia(Scanner& s) noexcept;
// The same, parsing into `out` (the message parser's top Via) without a copy through a Result.
[[nodiscard]] Result<void> parseViaInto(Scanner& s, Via& out) noexcept;

}  // namespace parley::syntax
