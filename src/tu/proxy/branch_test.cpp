// SPDX-License-Identifier: MIT
// RFC 3261 §16.6 step 8: branch parameters, the loop-detection hash and our Via.
#include "tu/proxy/branch.hpp"

#include <gtest/gtest.h>

#include "syntax/scanner.hpp"
#include "tu/proxy/proxy_test_support.hpp"

namespace parley::tu {
namespace {

using testing::inviteText;
using testing::parseSample;

TEST(Branch, CarriesCookieHashAndAUniquePart) {
  SystemRandom random{9};
  std::string hash = loopDetectionHash(parseSample(inviteText()));
  ASSERT_EQ(hash.size(), 16u);
  std::string a = makeBranch(hash, random);
  std::string b = makeBranch(hash, random);
  EXPECT_EQ(a.substr(0, 7), "z9hG4bK");
  EXPECT_NE(a, b);  // one branch per client transaction (§8.1.1.7)
  ASSERT_TRUE(loopHashOf(a).has_value());
  EXPECT_EQ(*loopHashOf(a), hash);
  EXPECT_EQ(*loopHashOf(b), hash);
}

TEST(Branch, WithoutHashHasNoneToFind) {
  SystemRandom random{9};
  std::string b = makeBranch("", random);
  EXPECT_EQ(b.substr(0, 7), "z9hG4bK");
  EXPECT_EQ(b.size(), 19u);
  EXPECT_FALSE(loopHashOf(b).has_value());
  EXPECT_FALSE(loopHashOf("z9hG4bK776asdhds").has_value());
  EXPECT_FALSE(loopHashOf("z9hG4bKzzzzzzzzzzzzzzzz.abc").has_value());
  EXPECT_FALSE(loopHashOf("").has_value());
}

TEST(Branch, HashIgnoresViaAndMaxForwardsButNotTheFieldsThatMatter) {
  auto base = parseSample(inviteText());
  std::string h = loopDetectionHash(base);
  // Another top Via and Max-Forwards: same hash (the request came back through another element).
  std::string t = inviteText("sip:bob@biloxi.example.com", "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKx\n",
                             "Max-Forwards: 12\n");
  EXPECT_EQ(loopDetectionHash(parseSample(t)), h);
  // Each field of §16.6 step 8 changes it.
  EXPECT_NE(loopDetectionHash(parseSample(inviteText("sip:carol@biloxi.example.com"))), h);
  EXPECT_NE(loopDetectionHash(parseSample(inviteText("sip:bob@biloxi.example.com", "Route: <sip:p2.example.com;lr>\n"))), h);
  EXPECT_NE(loopDetectionHash(parseSample(inviteText("sip:bob@biloxi.example.com", "Proxy-Require: foo\n"))), h);
  EXPECT_NE(loopDetectionHash(parseSample(inviteText("sip:bob@biloxi.example.com",
                                                     "Proxy-Authorization: Digest username=\"alice\"\n"))),
            h);
  std::string other = inviteText();
  other.replace(other.find("CSeq: 1 "), 8, "CSeq: 2 ");
  EXPECT_NE(loopDetectionHash(parseSample(other)), h);
  other = inviteText();
  other.replace(other.find("tag=9fxced76sl"), 14, "tag=9fxced76sm");
  EXPECT_NE(loopDetectionHash(parseSample(other)), h);
  other = inviteText();
  other.replace(other.find("To: Bob <sip:bob@biloxi.example.com>"), 36, "To: Bob <sip:bob@biloxi.example.com>;tag=x");
  EXPECT_NE(loopDetectionHash(parseSample(other)), h);
  other = inviteText();
  other.replace(other.find("Call-ID: 3"), 10, "Call-ID: 4");
  EXPECT_NE(loopDetectionHash(parseSample(other)), h);
}

TEST(Branch, ViaValueParsesBack) {
  std::string v = viaValue(txn::TransportKind::Tls, "2001:db8::1", 5061, "z9hG4bKabc", true);
  EXPECT_EQ(v, "SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bKabc;rport");
  syntax::Scanner s(v, "Via");
  auto via = syntax::parseVia(s);
  ASSERT_TRUE(via.has_value());
  EXPECT_EQ(via->transport, "TLS");
  EXPECT_EQ(via->host, "[2001:db8::1]");
  EXPECT_EQ(via->port, std::optional<std::uint16_t>(5061));
  EXPECT_EQ(via->branch, "z9hG4bKabc");
  EXPECT_TRUE(via->rport);
  EXPECT_EQ(viaValue(txn::TransportKind::Udp, "192.0.2.10", 5060, "z9hG4bKx", false),
            "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKx");
}

}  // namespace
}  // namespace parley::tu
