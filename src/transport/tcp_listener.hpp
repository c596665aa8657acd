// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "base/result.hpp"
#include "transport/connection_table.hpp"
#include "transport/event_loop.hpp"
#include "transport/socket_address.hpp"

namespace parley::transport {

// TcpListener models one listening TCP socket (RFC 3261 §18 over TCP). Accepted connections are
// handed to the ConnectionTable, which applies its limits. With `reusePort` each worker may own a
// listener on the same address. Owned by a worker; loop thread only.
class TcpListener {
 public:
  [[nodiscard]] static Result<std::unique_ptr<TcpListener>> listen(EventLoop& loop, const SocketAddress& local,
                                                                   bool reusePort, ConnectionTable& table);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  [[nodiscard]] const SocketAddress& localAddress() const noexcept { return local_; }

 private:
  TcpListener(EventLoop& loop, int fd, SocketAddress local, ConnectionTable& table);
  void onAcceptable() noexcept;

  EventLoop& loop_;
  int fd_;
  SocketAddress local_;
  ConnectionTable& table_;
};

}  // namespace parley::transport
