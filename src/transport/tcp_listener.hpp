// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "base/result.hpp"
#include "transport/connection_table.hpp"
#include "transport/event_loop.hpp"
#include "transport/socket_address.hpp"
#include "transport/tls_context.hpp"

namespace parley::transport {

// TcpListener models one listening TCP socket (RFC 3261 §18 over TCP; §26.2 TLS over TCP when
// given a TlsContext). Accepted connections are handed to the ConnectionTable, which applies its
// limits; in TLS mode each gets a TlsStreamIo from the current context and the handshake runs in
// the connection, never blocking the loop. With `reusePort` each worker may own a listener on the
// same address. Owned by a worker; loop thread only.
class TcpListener {
 public:
  // Plain TCP without `tls`; TLS (TransportKind::Tls connections) with it.
  [[nodiscard]] static Result<std::unique_ptr<TcpListener>> listen(EventLoop& loop, const SocketAddress& local,
                                                                   bool reusePort, ConnectionTable& table,
                                                                   std::shared_ptr<const TlsContext> tls = nullptr);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  [[nodiscard]] const SocketAddress& localAddress() const noexcept { return local_; }
  [[nodiscard]] TransportKind kind() const noexcept { return tls_ ? TransportKind::Tls : TransportKind::Tcp; }
  // TLS mode: connections accepted from now on use `tls` (SIGHUP reload); open ones keep theirs.
  void setTlsContext(std::shared_ptr<const TlsContext> tls) noexcept {
    if (tls_ && tls) tls_ = std::move(tls);
  }

 private:
  TcpListener(EventLoop& loop, int fd, SocketAddress local, ConnectionTable& table);
  void onAcceptable() noexcept;

  EventLoop& loop_;
  int fd_;
  SocketAddress local_;
  ConnectionTable& table_;
  std::shared_ptr<const TlsContext> tls_;
};

}  // namespace parley::transport
