// SPDX-License-Identifier: MIT
#include "syntax/request_builder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "syntax/message_parser.hpp"

namespace parley::syntax {
namespace {

// An INVITE as a proxy forwarded it: two Via values in one line, two Route lines.
constexpr const char* kInvite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP proxy.atlanta.example.com:5060;branch=z9hG4bKnashds8, "
    "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 69\r\n"
    "Route: <sip:p1.example.com;lr>\r\n"
    "Route: <sip:p2.example.com;lr>\r\n"
    "f: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n\r\n"
    "v=0\n";

constexpr const char* kBusy =
    "SIP/2.0 486 Busy Here\r\n"
    "Via: SIP/2.0/UDP proxy.atlanta.example.com:5060;branch=z9hG4bKnashds8, "
    "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Content-Length: 0\r\n\r\n";

SipMessage parsed(std::string text) {
  auto m = parseMessage(std::move(text));
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().reasonPhrase());
  return m ? std::move(*m) : SipMessage{};
}

std::vector<std::string> routes(const SipMessage& m) {
  std::vector<std::string> out;
  forEachHeader(m, HeaderId::Route, [&](const HeaderField& h) { out.emplace_back(h.value); });
  return out;
}

void expectCommonFields(const SipMessage& built, const SipMessage& invite) {
  EXPECT_TRUE(uriEquals(built.requestUri(), invite.requestUri()));
  EXPECT_EQ(built.count(HeaderId::Via), 1u);
  EXPECT_EQ(built.topVia().text, invite.topVia().text);
  EXPECT_EQ(built.topVia().branch, "z9hG4bKnashds8");
  EXPECT_EQ(built.from().tag, "1928301774");
  EXPECT_TRUE(uriEquals(built.from().addr.uri, invite.from().addr.uri));
  EXPECT_EQ(built.callId(), invite.callId());
  EXPECT_EQ(built.cseq().number, 314159u);
  EXPECT_EQ(built.maxForwards(), std::optional<std::uint8_t>(70));
  EXPECT_EQ(built.contentLength(), std::optional<std::uint32_t>(0));
  EXPECT_TRUE(built.body().empty());
  EXPECT_EQ(routes(built), (std::vector<std::string>{"<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"}));
  EXPECT_EQ(built.find(HeaderId::Contact), nullptr);
  EXPECT_EQ(built.find(HeaderId::ContentType), nullptr);
}

TEST(RequestBuilderTest, AckForNon2xxFollowsSection17_1_1_3) {
  const SipMessage invite = parsed(kInvite);
  const SipMessage busy = parsed(kBusy);
  const SipMessage ack = parsed(buildAckForNon2xx(invite, busy));
  EXPECT_EQ(ack.method(), Method::Ack);
  EXPECT_EQ(ack.cseq().method, Method::Ack);
  EXPECT_EQ(ack.to().tag, "a6c85cf");  // To comes from the response
  expectCommonFields(ack, invite);
}

TEST(RequestBuilderTest, CancelFollowsSection9_1) {
  const SipMessage invite = parsed(kInvite);
  const SipMessage cancel = parsed(buildCancel(invite));
  EXPECT_EQ(cancel.method(), Method::Cancel);
  EXPECT_EQ(cancel.cseq().method, Method::Cancel);
  EXPECT_TRUE(cancel.to().tag.empty());  // To as in the request, tags included
  EXPECT_TRUE(uriEquals(cancel.to().addr.uri, invite.to().addr.uri));
  expectCommonFields(cancel, invite);
}

TEST(RequestBuilderTest, WithoutRouteHeadersNoneAreAdded) {
  std::string text = kInvite;
  for (const char* r : {"Route: <sip:p1.example.com;lr>\r\n", "Route: <sip:p2.example.com;lr>\r\n"}) {
    text.erase(text.find(r), std::string(r).size());
  }
  const SipMessage cancel = parsed(buildCancel(parsed(text)));
  EXPECT_EQ(cancel.count(HeaderId::Route), 0u);
  EXPECT_EQ(cancel.startLine(), "CANCEL sip:bob@biloxi.example.com SIP/2.0");
}

}  // namespace
}  // namespace parley::syntax
