// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "transport/transport_kind.hpp"

namespace parley::txn {

// The transport layer below defines the transports Parley speaks.
using transport::isReliable;
using transport::TransportKind;

// TransportTarget names where a transaction sends: the transport, the peer address and port, and
// the flow (connection) to use when there is one. For a server transaction it is where the request
// came from; the transport layer applies §18.2.2 (received, rport, maddr, same connection) to it.
// For a client transaction it is the next hop chosen by the TU (RFC 3263). `reliable` is kept
// separately from `kind` so a transport may declare a flow unreliable. Plain
// value, copied into each transaction; any thread.
struct TransportTarget {
  TransportKind kind = TransportKind::Udp;
  std::string address;      // IP literal (IPv6 without brackets) or host name
  std::uint16_t port = 5060;
  bool reliable = false;
  std::uint64_t flow = 0;   // connection the transport layer knows by this id; 0 = none yet
  // For TLS to an address found by RFC 3263: the name the server's certificate must carry (RFC
  // 5922 §4: the SIP domain, not the SRV target or the IP). Empty: `address` itself.
  std::string serverName;

  [[nodiscard]] static TransportTarget of(TransportKind kind, std::string address, std::uint16_t port,
                                          std::uint64_t flow = 0) {
    return TransportTarget{kind, std::move(address), port, isReliable(kind), flow, {}};
  }
  friend bool operator==(const TransportTarget&, const TransportTarget&) = default;
};

}  // namespace parley::txn
