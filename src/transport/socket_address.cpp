// SPDX-License-Identifier: MIT
#include "transport/socket_address.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace parley::transport {

SocketAddress::SocketAddress() noexcept : length_(0) { std::memset(&storage_, 0, sizeof storage_); }

Result<SocketAddress> SocketAddress::fromIpPort(std::string_view ip, std::uint16_t port) noexcept {
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  char text[INET6_ADDRSTRLEN + 1];
  if (ip.empty() || ip.size() >= sizeof text) return fail(Errc::Malformed, "not an IP address", "address");
  std::memcpy(text, ip.data(), ip.size());
  text[ip.size()] = '\0';
  SocketAddress a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage_);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage_);
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.length_ = sizeof(sockaddr_in);
    return a;
  }
  std::memset(&a.storage_, 0, sizeof a.storage_);
  if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.length_ = sizeof(sockaddr_in6);
    return a;
  }
  return fail(Errc::Malformed, "not an IP address", "address");
}

SocketAddress SocketAddress::fromSockaddr(const sockaddr* sa, socklen_t len) noexcept {
  SocketAddress a;
  if (len > sizeof a.storage_) len = sizeof a.storage_;
  std::memcpy(&a.storage_, sa, len);
  a.length_ = len;
  return a;
}

std::uint16_t SocketAddress::port() const noexcept {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
  if (family() == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
  return 0;
}

std::string SocketAddress::ip() const {
  char text[INET6_ADDRSTRLEN] = {0};
  if (family() == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, text, sizeof text);
  } else if (family() == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr, text, sizeof text);
  }
  return text;
}

std::string SocketAddress::toString() const {
  // Built with append: GCC 12 at -O3 reports a false -Wrestrict on "[" + ip() + "]".
  std::string out;
  out.reserve(INET6_ADDRSTRLEN + 8);
  if (isIPv6()) out.push_back('[');
  out.append(ip());
  if (isIPv6()) out.push_back(']');
  out.push_back(':');
  out.append(std::to_string(port()));
  return out;
}

bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept {
  if (a.family() != b.family() || a.port() != b.port()) return false;
  if (a.family() == AF_INET) {
    return reinterpret_cast<const sockaddr_in*>(&a.storage_)->sin_addr.s_addr ==
           reinterpret_cast<const sockaddr_in*>(&b.storage_)->sin_addr.s_addr;
  }
  if (a.family() == AF_INET6) {
    return std::memcmp(&reinterpret_cast<const sockaddr_in6*>(&a.storage_)->sin6_addr,
                       &reinterpret_cast<const sockaddr_in6*>(&b.storage_)->sin6_addr, sizeof(in6_addr)) == 0;
  }
  return a.length_ == b.length_;
}

}  // namespace parley::transport
