// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "transport/socket_address.hpp"
#include "transport/transport_kind.hpp"

namespace parley::transport {

// ListenAddress models one configured listener: "udp:0.0.0.0:5060", "tcp:[::]:5060",
// "tls:127.0.0.1:5061". The port may be omitted (5060, or 5061 for tls) and may be 0 (the kernel
// picks one; tests use this). Plain value; any thread.
struct ListenAddress {
  TransportKind kind = TransportKind::Udp;
  SocketAddress address;

  // Parses the text form above. The error names what is wrong with the text.
  [[nodiscard]] static Result<ListenAddress> parse(std::string_view text) noexcept;
  [[nodiscard]] std::string toString() const;
};

}  // namespace parley::transport
