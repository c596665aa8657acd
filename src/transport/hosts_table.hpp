// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transport/transport_kind.hpp"

namespace parley::transport {

// One static entry ([[dns.hosts]] in the configuration). Without transport and port it stands
// for an A/AAAA record; with them it also stands for an SRV answer (RFC 2782) of that transport.
struct HostEntry {
  std::string name;     // "proxy2.example.com" (compared case-insensitively, trailing dot ignored)
  std::string address;  // IP literal: "127.0.0.2", "::1"
  std::optional<TransportKind> transport;
  std::optional<std::uint16_t> port;
};

// HostsTable models the static name table that overrides DNS for the names it holds: a name found
// here is never asked of DNS (RFC 3263 §4 resolution uses these entries instead, in file order,
// as its failover list). Built from the configuration at start-up; immutable; any thread.
class HostsTable {
 public:
  HostsTable() = default;
  explicit HostsTable(std::vector<HostEntry> entries);

  // The entries for `name`, in configuration order; empty when DNS decides.
  [[nodiscard]] std::vector<const HostEntry*> find(std::string_view name) const;
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

 private:
  std::vector<HostEntry> entries_;
};

// "example.com." and "Example.COM" are the same DNS name.
[[nodiscard]] bool sameDnsName(std::string_view a, std::string_view b) noexcept;

}  // namespace parley::transport
