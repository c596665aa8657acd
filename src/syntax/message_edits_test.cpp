// SPDX-License-Identifier: MIT
#include "syntax/message_edits.hpp"

#include <gtest/gtest.h>

#include "syntax/test_util.hpp"

namespace parley::syntax {
namespace {

constexpr std::string_view kInvite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
    "Via: SIP/2.0/UDP   client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n"
    "Max-Forwards: 70\n"
    "Route: <sip:ss1.atlanta.example.com;lr>, <sip:ss2.biloxi.example.com;lr>\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
    "To: Bob <sip:bob@biloxi.example.com>\n"
    "Call-ID: 3848276298220188511@atlanta.example.com\n"
    "CSeq: 1 INVITE\n"
    "X-Odd:    spacing   kept\n"
    "Content-Type: application/sdp\n"
    "Content-Length: 5\n"
    "\n"
    "v=0\n";

TEST(MessageEdits, NoEditsReproducesTheBytes) {
  auto m = testing::parse(kInvite);
  ASSERT_TRUE(m) << m.error().reasonPhrase();
  std::string out;
  serialize(*m, MessageEdits{}, out);
  EXPECT_EQ(out, testing::crlf(kInvite));
}

TEST(MessageEdits, ProxyForwardingEdits) {
  auto m = testing::parse(kInvite);
  ASSERT_TRUE(m);
  MessageEdits e;
  e.prepend(HeaderId::Via, "SIP/2.0/UDP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1");
  e.prepend(HeaderId::RecordRoute, "<sip:ss1.atlanta.example.com;lr>");
  ASSERT_TRUE(decrementMaxForwards(*m, e));
  ASSERT_TRUE(popTopRoute(*m, e));
  std::string out;
  serialize(*m, e, out);
  EXPECT_EQ(out, testing::crlf(
                     "INVITE sip:bob@biloxi.example.com SIP/2.0\n"
                     "Via: SIP/2.0/UDP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1\n"
                     "Record-Route: <sip:ss1.atlanta.example.com;lr>\n"
                     "Via: SIP/2.0/UDP   client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n"
                     "Max-Forwards: 69\n"
                     "Route: <sip:ss2.biloxi.example.com;lr>\n"
                     "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
                     "To: Bob <sip:bob@biloxi.example.com>\n"
                     "Call-ID: 3848276298220188511@atlanta.example.com\n"
                     "CSeq: 1 INVITE\n"
                     "X-Odd:    spacing   kept\n"
                     "Content-Type: application/sdp\n"
                     "Content-Length: 5\n"
                     "\n"
                     "v=0\n"));
  auto again = parseMessage(out);
  ASSERT_TRUE(again) << again.error().reasonPhrase();
  EXPECT_EQ(again->maxForwards(), 69);
  EXPECT_EQ(again->topVia().host, "ss1.atlanta.example.com");
}

TEST(MessageEdits, PopViaFromACombinedLineAndRemoveLastRoute) {
  auto m = testing::parse(
      "SIP/2.0 200 OK\nVia: SIP/2.0/UDP p1.com;branch=z9hG4bK1 , SIP/2.0/UDP ua.com;branch=z9hG4bK2\n"
      "From: <sip:a@a.com>;tag=1\nTo: <sip:b@b.com>;tag=2\nCall-ID: 1\nCSeq: 1 INVITE\nContent-Length: 0\n\n");
  ASSERT_TRUE(m);
  MessageEdits e;
  ASSERT_TRUE(popTopVia(*m, e));
  std::string out;
  serialize(*m, e, out);
  auto r = parseMessage(out);
  ASSERT_TRUE(r) << out;
  EXPECT_EQ(r->topVia().host, "ua.com");
  EXPECT_EQ(r->count(HeaderId::Via), 1u);

  MessageEdits e2;
  EXPECT_FALSE(popTopRoute(*m, e2));  // no Route
  ASSERT_TRUE(popTopVia(*r, e2));
  std::string none;
  serialize(*r, e2, none);
  EXPECT_EQ(none.find("Via"), std::string::npos);
}

TEST(MessageEdits, RequestUriBodyAndMaxForwards) {
  auto m = testing::parse(kInvite);
  ASSERT_TRUE(m);
  MessageEdits e;
  e.setRequestUri("sip:bob@192.0.2.4:5062;transport=tcp");
  e.setBody("v=0\r\ns=-\r\n");
  e.append(HeaderId::Unknown, "ignored-name");  // Unknown writes an empty name: callers use real ids
  e.remove(7);  // X-Odd
  std::string out;
  serialize(*m, e, out);
  EXPECT_EQ(out.substr(0, out.find("\r\n")), "INVITE sip:bob@192.0.2.4:5062;transport=tcp SIP/2.0");
  EXPECT_EQ(out.find("X-Odd"), std::string::npos);
  EXPECT_NE(out.find("Content-Length: 10\r\n"), std::string::npos);
  EXPECT_EQ(out.substr(out.size() - 10), "v=0\r\ns=-\r\n");

  auto zero = testing::parse(
      "OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: 1\n"
      "CSeq: 1 OPTIONS\nMax-Forwards: 0\n\n");
  ASSERT_TRUE(zero);
  MessageEdits z;
  auto r = decrementMaxForwards(*zero, z);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 483);
  auto none = testing::parse(
      "OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: 1\n"
      "CSeq: 1 OPTIONS\n\n");
  MessageEdits n;
  ASSERT_TRUE(decrementMaxForwards(*none, n));
  std::string withMf;
  serialize(*none, n, withMf);
  EXPECT_NE(withMf.find("Max-Forwards: 70\r\n"), std::string::npos);
}

}  // namespace
}  // namespace parley::syntax
