// SPDX-License-Identifier: MIT
#include "syntax/uri.hpp"

#include <gtest/gtest.h>

namespace parley::syntax {
namespace {

Uri mustParse(std::string_view s) {
  auto u = parseUri(s);
  EXPECT_TRUE(u.has_value()) << s << ": " << (u ? "" : u.error().reasonPhrase());
  return u.value_or(Uri{});
}

TEST(Uri, FullSipUri) {
  Uri u = mustParse("sip:alice:secretword@atlanta.com:5070;transport=tcp;lr;maddr=239.255.255.1;ttl=15?subject=project%20x&priority=urgent");
  EXPECT_EQ(u.scheme, UriScheme::Sip);
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.password, "secretword");
  EXPECT_EQ(u.host, "atlanta.com");
  EXPECT_EQ(u.hostKind, HostKind::Name);
  EXPECT_EQ(u.port, 5070);
  EXPECT_EQ(u.param("transport"), "tcp");
  EXPECT_EQ(u.param("LR"), "");
  EXPECT_EQ(u.param("maddr"), "239.255.255.1");
  EXPECT_EQ(u.param("ttl"), "15");
  EXPECT_FALSE(u.param("user").has_value());
  EXPECT_EQ(u.headers, "subject=project%20x&priority=urgent");
}

TEST(Uri, HostKinds) {
  EXPECT_EQ(mustParse("sips:bob@192.0.2.4").hostKind, HostKind::IPv4);
  Uri v6 = mustParse("sip:[2001:db8::10]:5070");
  EXPECT_EQ(v6.hostKind, HostKind::IPv6);
  EXPECT_EQ(v6.host, "[2001:db8::10]");
  EXPECT_EQ(v6.port, 5070);
  EXPECT_EQ(mustParse("sip:[::ffff:192.0.2.1]").hostKind, HostKind::IPv6);
  EXPECT_EQ(mustParse("sip:example.com.").hostKind, HostKind::Name);
  EXPECT_EQ(mustParse("sip:1.2.3.4.example.com").hostKind, HostKind::Name);
  EXPECT_FALSE(mustParse("sip:host").hasUserInfo);
}

TEST(Uri, UserPartWithEscapesAndSemicolons) {
  Uri u = mustParse("sip:user;par=u%40example.net@example.com");
  EXPECT_EQ(u.user, "user;par=u%40example.net");
  EXPECT_EQ(u.host, "example.com");
  Uri e = mustParse("sip:sips%3Auser%40example.com@example.net");
  EXPECT_EQ(unescape(e.user), "sips:user@example.com");
  Uri n = mustParse("sip:null-%00-null@example.com");
  EXPECT_EQ(unescape(n.user), std::string("null-\0-null", 11));
  Uri p = mustParse("sip:+1-212-555-1212:1234@gateway.com;user=phone");
  EXPECT_EQ(p.user, "+1-212-555-1212");
  EXPECT_EQ(p.password, "1234");
  EXPECT_EQ(p.param("user"), "phone");
}

TEST(Uri, OtherSchemesKeptOpaque) {
  Uri t = mustParse("tel:+358-555-1234567;postd=pp22");
  EXPECT_EQ(t.scheme, UriScheme::Tel);
  EXPECT_EQ(t.opaque, "+358-555-1234567;postd=pp22");
  Uri i = mustParse("isbn:2983792873");
  EXPECT_EQ(i.scheme, UriScheme::Other);
  EXPECT_EQ(i.schemeText, "isbn");
  Uri h = mustParse("http://www.example.com");
  EXPECT_EQ(h.opaque, "//www.example.com");
  EXPECT_EQ(mustParse("SIP:bob@biloxi.com").scheme, UriScheme::Sip);
}

TEST(Uri, Rejects) {
  for (std::string_view bad : {"", "sip:", "sip:@host", "sip:user@", "sip:host:", "sip:host:65536",
                               "sip:host:5060x", "sip:ho st", "sip:host;", "sip:host;lr=", "sip:host?",
                               "sip:host?a", "sip:us%zzer@host", "sip:user@host%41", "<sip:host>",
                               "sip:[2001:db8::1", "sip:[zz::1]", "sip:-host.com", "sip:a..b",
                               "1sip:host", "sip:user@host>", "tel:", "foo:a b", "sip:e;e;e=t",
                               "sips:bob@biloxi.example.com;maddr=192.0.2.1;MADDR=192.0.2.2"}) {
    EXPECT_FALSE(parseUri(bad).has_value()) << bad;
  }
}

TEST(Uri, DefaultPorts) {
  EXPECT_EQ(mustParse("sip:a.com").portOrDefault(), 5060);
  EXPECT_EQ(mustParse("sips:a.com").portOrDefault(), 5061);
  EXPECT_EQ(mustParse("sips:a.com:7000").portOrDefault(), 7000);
}

bool eq(std::string_view a, std::string_view b) { return uriEquals(mustParse(a), mustParse(b)); }

// RFC 3261 §19.1.4, the equal examples.
TEST(UriCompare, Rfc3261EquivalentUris) {
  EXPECT_TRUE(eq("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
  EXPECT_TRUE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(eq("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"));
  EXPECT_TRUE(eq("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"));
  EXPECT_TRUE(eq("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                 "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
  EXPECT_TRUE(eq("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                 "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
}

// RFC 3261 §19.1.4, the not-equal examples.
TEST(UriCompare, Rfc3261DifferentUris) {
  EXPECT_FALSE(eq("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"));
  EXPECT_FALSE(eq("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
  EXPECT_FALSE(eq("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
  EXPECT_FALSE(eq("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com", "sips:bob@biloxi.com"));
  EXPECT_FALSE(eq("sip:bob:pw@biloxi.com", "sip:bob@biloxi.com"));
  EXPECT_FALSE(eq("sip:bob@biloxi.com;maddr=1.2.3.4", "sip:bob@biloxi.com"));
}

// Found by fuzz_uri: a URI must equal itself; repeated URI headers are counted, not collapsed.
TEST(UriCompare, RepeatedHeadersAreAMultiset) {
  EXPECT_TRUE(eq("sip:carol@chicago.example.com?h=1&h=2", "sip:carol@chicago.example.com?h=1&h=2"));
  EXPECT_TRUE(eq("sip:c@x.com?h=1&h=2", "sip:c@x.com?H=2&h=1"));
  EXPECT_FALSE(eq("sip:c@x.com?h=1&h=1", "sip:c@x.com?h=1"));
  EXPECT_FALSE(eq("sip:c@x.com?h=1&h=2", "sip:c@x.com?h=1&h=1"));
}

}  // namespace
}  // namespace parley::syntax
