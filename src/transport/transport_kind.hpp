// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace parley::transport {

// The transports of RFC 3261 §18 that Parley speaks.
enum class TransportKind : std::uint8_t { Udp, Tcp, Tls };

// Reliable transports switch off the retransmission timers (§17.1.1.2, §17.1.2.2).
constexpr bool isReliable(TransportKind k) noexcept { return k != TransportKind::Udp; }

// "UDP", "TCP", "TLS": the Via transport token (§20.42).
constexpr std::string_view viaToken(TransportKind k) noexcept {
  switch (k) {
    case TransportKind::Udp: return "UDP";
    case TransportKind::Tcp: return "TCP";
    case TransportKind::Tls: return "TLS";
  }
  return "UDP";
}

}  // namespace parley::transport
