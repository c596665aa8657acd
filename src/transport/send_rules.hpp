// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "syntax/via.hpp"
#include "transport/socket_address.hpp"
#include "transport/transport_kind.hpp"

namespace parley::transport {

// RFC 3261 §18.1.1: with the path MTU unknown, a request larger than 1300 bytes must go over a
// congestion-controlled transport (TCP). §18.1.1 has no exception for a target that named UDP
// (;transport=udp); the fallback for such peers is the retry over UDP when the connection is
// refused or reset, which MessageSender does.
inline constexpr std::size_t kUdpRequestLimit = 1300;

// True when `bytes` is a request (not a response: §18.1.1 is about requests only) bigger than
// kUdpRequestLimit headed for UDP.
[[nodiscard]] bool needsCongestionControl(TransportKind kind, std::string_view bytes) noexcept;

// The request with its top Via's transport replaced by `kind` ("SIP/2.0/UDP" -> "SIP/2.0/TCP"), as
// §18.1.1 requires when the transport changes. Fails when the bytes do not parse.
[[nodiscard]] Result<std::string> withTopViaTransport(std::string_view request, TransportKind kind);

// §18.2.2 for a response whose request came over a connection that is gone: "the server SHOULD
// open a connection to the IP address in the received parameter, using the port in the sent-by
// value, or the default port for that transport". The sent-by port of the response's top Via, or
// 5060 (5061 for TLS); fails when the bytes do not parse.
[[nodiscard]] Result<std::uint16_t> sentByPortOfResponse(std::string_view response, TransportKind kind);

// Where a response goes over an unreliable transport (§18.2.2 with RFC 3581 §4): to maddr if the
// top Via has one (port from sent-by or 5060); else to the source address, at the source port when
// rport is present (or the sent-by port is 0, which cannot be answered), else at the sent-by port
// or 5060. `host` may be a name (maddr), which the send path resolves.
struct ResponseAddress {
  std::string host;
  std::uint16_t port = 5060;
};
[[nodiscard]] ResponseAddress unreliableResponseAddress(const syntax::Via& topVia, const SocketAddress& source);

}  // namespace parley::transport
