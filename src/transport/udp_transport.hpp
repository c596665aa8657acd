// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "base/result.hpp"
#include "transport/event_loop.hpp"
#include "transport/socket_address.hpp"

namespace parley::transport {

// UdpTransport models one bound UDP socket (RFC 3261 §18 over UDP) registered with one event
// loop. Each datagram read is handed to the receiver as bytes plus source; sending is a single
// sendto(). With `reusePort`, several workers bind the same address and the kernel spreads
// datagrams across them (SO_REUSEPORT). Owned by its worker; only the loop thread touches it.
class UdpTransport {
 public:
  using Receiver = std::function<void(std::string_view datagram, const SocketAddress& source)>;

  // `receiveBuffer` is the SO_RCVBUF to ask for (0: the kernel default).
  [[nodiscard]] static Result<std::unique_ptr<UdpTransport>> bind(EventLoop& loop, const SocketAddress& local,
                                                                  bool reusePort, Receiver receiver,
                                                                  std::uint32_t receiveBuffer = 0);
  ~UdpTransport();
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  // Sends one datagram. A full socket buffer or an ICMP error is reported, never retried here
  // (the transaction layer retransmits).
  [[nodiscard]] Result<void> send(std::string_view bytes, const SocketAddress& destination) noexcept;

  // The bound address (with the kernel's port when bound to port 0).
  [[nodiscard]] const SocketAddress& localAddress() const noexcept { return local_; }
  [[nodiscard]] std::uint64_t datagramsReceived() const noexcept { return received_; }
  // The receive buffer the kernel granted, in bytes (it reports twice the size asked for, for its
  // own bookkeeping; this is that reported figure).
  [[nodiscard]] std::uint32_t receiveBufferBytes() const noexcept;

 private:
  UdpTransport(EventLoop& loop, int fd, SocketAddress local, Receiver receiver);
  void onReadable();

  EventLoop& loop_;
  int fd_;
  SocketAddress local_;
  Receiver receiver_;
  std::uint64_t received_ = 0;
};

}  // namespace parley::transport
