// SPDX-License-Identifier: MIT
#include "syntax/via.hpp"

#include <gtest/gtest.h>

namespace parley::syntax {
namespace {

Result<Via> via(std::string_view s) {
  Scanner sc(s, "Via");
  return parseVia(sc);
}

TEST(Via, AllParameters) {
  auto v = via("SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=9988;ttl=16;maddr=224.2.0.1;x=y");
  ASSERT_TRUE(v) << v.error().reasonPhrase();
  EXPECT_EQ(v->protocolName, "SIP");
  EXPECT_EQ(v->protocolVersion, "2.0");
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host, "pc33.atlanta.com");
  EXPECT_EQ(v->port, 5066);
  EXPECT_EQ(v->branch, "z9hG4bK776asdhds");
  EXPECT_TRUE(v->hasRfc3261Branch());
  EXPECT_EQ(v->received, "192.0.2.1");
  EXPECT_TRUE(v->rport);
  EXPECT_EQ(v->rportValue, 9988);
  EXPECT_EQ(v->ttl, 16);
  EXPECT_EQ(v->maddr, "224.2.0.1");
  EXPECT_EQ(v->param("x"), "y");
}

TEST(Via, EmptyRportAndLwsEverywhere) {
  auto v = via("SIP  /   2.0\r\n /UDP\r\n    192.0.2.2 ; rport ; branch =\r\n z9hG4bK30239");
  ASSERT_TRUE(v) << v.error().reasonPhrase();
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->host, "192.0.2.2");
  EXPECT_TRUE(v->rport);
  EXPECT_FALSE(v->rportValue);
  EXPECT_EQ(v->branch, "z9hG4bK30239");
}

TEST(Via, Ipv6SentByAndReceived) {
  auto v = via("SIP/2.0/TCP [2001:db8::9:1]:5070;branch=z9hG4bKas3;received=2001:db8::9:255");
  ASSERT_TRUE(v) << v.error().reasonPhrase();
  EXPECT_EQ(v->host, "[2001:db8::9:1]");
  EXPECT_EQ(v->hostKind, HostKind::IPv6);
  EXPECT_EQ(v->received, "2001:db8::9:255");
}

TEST(Via, StopsAtCommaForTheNextValue) {
  Scanner s("SIP/2.0/UDP a.com;branch=z9hG4bK1 , SIP/2.0/TCP b.com;branch=z9hG4bK2", "Via");
  auto first = parseVia(s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->host, "a.com");
  ASSERT_TRUE(s.separator(','));
  auto second = parseVia(s);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->transport, "TCP");
  EXPECT_EQ(second->branch, "z9hG4bK2");
  EXPECT_TRUE(s.atEnd());
}

TEST(Via, Rfc2543BranchlessIsValid) {
  auto v = via("SIP/2.0/UDP iftgw.example.com");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->branch.empty());
  EXPECT_FALSE(v->hasRfc3261Branch());
}

TEST(Via, Rejects) {
  EXPECT_EQ(via("SIP/2.0/UDP 192.0.2.15;;,;,,").error().what, "empty parameter");
  EXPECT_EQ(via("SIP/7.0/UDP c.example.com").error().status, 505);
  EXPECT_FALSE(via("SIP/2.0 host"));
  EXPECT_FALSE(via("SIP/2.0/UDP"));
  EXPECT_FALSE(via("SIP/2.0/UDPhost"));
  EXPECT_FALSE(via("SIP/2.0/UDP host:99999"));
  EXPECT_FALSE(via("SIP/2.0/UDP host;ttl=256"));
  EXPECT_FALSE(via("SIP/2.0/UDP host;rport=x"));
  EXPECT_FALSE(via("SIP/2.0/UDP host;received=not-an-ip"));
  EXPECT_FALSE(via("SIP/2.0/UDP host;branch"));
  EXPECT_FALSE(via("SIP/2.0/UDP host junk"));
}

}  // namespace
}  // namespace parley::syntax
