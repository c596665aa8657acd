// SPDX-License-Identifier: MIT
#include "transport/listen_address.hpp"

#include <gtest/gtest.h>

namespace parley::transport {
namespace {

TEST(ListenAddress, Forms) {
  auto udp = ListenAddress::parse("udp:0.0.0.0:5060");
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->kind, TransportKind::Udp);
  EXPECT_EQ(udp->address.port(), 5060);
  EXPECT_EQ(udp->toString(), "udp:0.0.0.0:5060");
  auto tcp6 = ListenAddress::parse("tcp:[::]:5070");
  ASSERT_TRUE(tcp6);
  EXPECT_TRUE(tcp6->address.isIPv6());
  EXPECT_EQ(tcp6->toString(), "tcp:[::]:5070");
  auto tls = ListenAddress::parse("TLS:127.0.0.1");
  ASSERT_TRUE(tls);
  EXPECT_EQ(tls->address.port(), 5061);
  auto v6default = ListenAddress::parse("udp:[::1]");
  ASSERT_TRUE(v6default);
  EXPECT_EQ(v6default->address.port(), 5060);
  EXPECT_EQ(ListenAddress::parse("udp:127.0.0.1:0")->address.port(), 0);
}

TEST(ListenAddress, Errors) {
  for (std::string_view bad : {"", "udp", "sctp:1.2.3.4:5060", "udp:host.example.com:5060", "udp:1.2.3.4:",
                               "udp:1.2.3.4:70000", "udp:1.2.3.4:50x", "udp:::1:5060", "tcp:[::1", "tcp:[::1]x",
                               "udp:[::1]:"}) {
    auto r = ListenAddress::parse(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().where, "listen address");
    }
  }
}

TEST(SocketAddress, TextAndEquality) {
  auto a = SocketAddress::fromIpPort("192.0.2.1", 5060);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->toString(), "192.0.2.1:5060");
  EXPECT_EQ(a->ip(), "192.0.2.1");
  auto b = SocketAddress::fromIpPort("[2001:db8::1]", 5061);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->toString(), "[2001:db8::1]:5061");
  EXPECT_EQ(*a, *SocketAddress::fromIpPort("192.0.2.1", 5060));
  EXPECT_FALSE(*a == *SocketAddress::fromIpPort("192.0.2.1", 5061));
  EXPECT_FALSE(SocketAddress::fromIpPort("example.com", 1));
  EXPECT_FALSE(SocketAddress::fromIpPort("", 1));
}

}  // namespace
}  // namespace parley::transport
