// SPDX-License-Identifier: MIT
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace parley::transport {

// SocketAddress models one IPv4 or IPv6 address and port as the kernel sees it (sockaddr_storage).
// A plain value; any thread.
class SocketAddress {
 public:
  SocketAddress() noexcept;

  // From a numeric IP ("192.0.2.1", "::1" or "[::1]") and a port. No name lookups.
  [[nodiscard]] static Result<SocketAddress> fromIpPort(std::string_view ip, std::uint16_t port) noexcept;
  // From what recvfrom()/accept() filled in.
  [[nodiscard]] static SocketAddress fromSockaddr(const sockaddr* sa, socklen_t len) noexcept;

  [[nodiscard]] const sockaddr* get() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  [[nodiscard]] sockaddr* get() noexcept { return reinterpret_cast<sockaddr*>(&storage_); }
  [[nodiscard]] socklen_t length() const noexcept { return length_; }
  [[nodiscard]] int family() const noexcept { return storage_.ss_family; }
  [[nodiscard]] bool isIPv6() const noexcept { return family() == AF_INET6; }

  [[nodiscard]] std::uint16_t port() const noexcept;
  // The IP as text, without brackets: "192.0.2.1", "2001:db8::1".
  [[nodiscard]] std::string ip() const;
  // "192.0.2.1:5060" or "[2001:db8::1]:5060".
  [[nodiscard]] std::string toString() const;

  friend bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept;

 private:
  sockaddr_storage storage_;
  socklen_t length_;
};

}  // namespace parley::transport
