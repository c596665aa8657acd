// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"
#include "transport/connection_table.hpp"
#include "transport/sip_resolver.hpp"
#include "transport/tls_client_context.hpp"
#include "transport/udp_transport.hpp"

namespace parley::transport {

// Where the layer above wants bytes to go: the transport, a host (IP literal or name) and port,
// and the flow (connection) to use when it names one. Plain value.
struct SendTarget {
  TransportKind kind = TransportKind::Udp;
  std::string host;
  std::uint16_t port = 5060;
  std::uint64_t flow = 0;
};

// MessageSender models the sending half of the transport layer (RFC 3261 §18.1.1 for requests,
// §18.2.2 for responses) for one event loop: over the connection named by the flow when it is
// alive (when it is gone, a response goes to the source address at its top Via's sent-by port);
// else a request over UDP bigger than 1300 bytes moves to TCP (top Via rewritten, §18.1.1);
// a host name is resolved to its addresses (A/AAAA, hosts table first: the transport and port are
// already chosen, RFC 3263 §4.2); UDP goes out of the worker's socket of that address family;
// TCP/TLS reuse a live connection to the same remote — one the peer opened included (RFC 5626) —
// or open one (TLS: server identity checked per RFC 5922 against the host asked for).
//
// send() returns an error for what fails at once. What was accepted but fails later (name not
// found, connect refused or timed out, TLS handshake or certificate check failed) is reported
// through the FailureHandler with the bytes that were not delivered; a request that moved to TCP
// only because of its size is retried over UDP first when the connection fails (§18.1.1).
// Owned by the worker, after the ConnectionTable and resolver it uses; loop thread only.
class MessageSender {
 public:
  using FailureHandler = std::function<void(std::string_view undelivered, const Error& why)>;

  MessageSender(ConnectionTable& connections, SipResolver& resolver, FailureHandler onFailure);
  ~MessageSender();
  MessageSender(const MessageSender&) = delete;
  MessageSender& operator=(const MessageSender&) = delete;

  // UDP sockets to send from: the first of each address family is used.
  void addUdp(UdpTransport& udp) { udp_.push_back(&udp); }
  // Outbound TLS (nullptr: tls targets without a connection fail).
  void setTlsClientContext(std::shared_ptr<const TlsClientContext> tls) noexcept { tls_ = std::move(tls); }

  // `serverName`: the TLS identity to check when `target.host` is an address that RFC 3263 found
  // for a SIP domain (RFC 5922 §4); empty: the host itself.
  [[nodiscard]] Result<void> send(const SendTarget& target, std::string_view bytes,
                                  std::string_view serverName = {}) noexcept;

  // Requests moved from UDP to TCP by §18.1.1, and messages waiting for a connection to come up.
  [[nodiscard]] std::uint64_t movedToTcp() const noexcept { return movedToTcp_; }
  [[nodiscard]] std::size_t waitingForConnection() const noexcept;

 private:
  // A message queued on a connection that is not established yet.
  struct Waiting {
    std::string bytes;        // as queued (Via possibly rewritten to TCP)
    std::string udpFallback;  // the original UDP request when §18.1.1 moved it; empty otherwise
    SocketAddress address;
  };

  [[nodiscard]] Result<void> sendTo(TransportKind kind, const SocketAddress& address, const std::string& serverName,
                                    std::string_view bytes, std::string_view udpFallback) noexcept;
  [[nodiscard]] Result<void> sendUdp(const SocketAddress& address, std::string_view bytes) noexcept;
  [[nodiscard]] Result<void> sendStream(TransportKind kind, const SocketAddress& address,
                                        const std::string& serverName, std::string_view bytes,
                                        std::string_view udpFallback) noexcept;
  void onClosed(StreamConnection& c, CloseReason reason) noexcept;

  ConnectionTable& connections_;
  SipResolver& resolver_;
  FailureHandler onFailure_;
  std::shared_ptr<const TlsClientContext> tls_;
  std::vector<UdpTransport*> udp_;
  std::unordered_map<std::uint64_t, std::vector<Waiting>> waiting_;  // flow -> not yet established
  std::uint64_t movedToTcp_ = 0;
  // Resolutions still running end without effect once this sender is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace parley::transport
