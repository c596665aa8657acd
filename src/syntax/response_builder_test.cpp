// SPDX-License-Identifier: MIT
#include "syntax/response_builder.hpp"

#include <gtest/gtest.h>

#include "syntax/test_util.hpp"

namespace parley::syntax {
namespace {

TEST(ResponseBuilder, CopiesWhatSection8262Says) {
  auto req = testing::parse(
      "INVITE sip:bob@biloxi.com SIP/2.0\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\n"
      "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKa, SIP/2.0/UDP p0.example.com;branch=z9hG4bKb\n"
      "Max-Forwards: 70\nTo: Bob <sip:bob@biloxi.com>\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
      "Call-ID: a84b4c76e66710@pc33.atlanta.com\nCSeq: 314159 INVITE\nTimestamp: 54\n"
      "Contact: <sip:alice@pc33.atlanta.com>\nContent-Length: 0\n\n");
  ASSERT_TRUE(req) << req.error().reasonPhrase();
  ResponseExtras x;
  x.toTag = "a6c85cf";
  x.server = "Parley/0.1";
  std::string ringing = buildResponse(*req, 180, x);
  EXPECT_EQ(ringing, testing::crlf(
                         "SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\n"
                         "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKa, SIP/2.0/UDP p0.example.com;branch=z9hG4bKb\n"
                         "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\n"
                         "Call-ID: a84b4c76e66710@pc33.atlanta.com\nCSeq: 314159 INVITE\nServer: Parley/0.1\n"
                         "Content-Length: 0\n\n"));
  std::string trying = buildResponse(*req, 100, x);
  EXPECT_NE(trying.find("Timestamp: 54\r\n"), std::string::npos);  // §8.2.6.1
  EXPECT_NE(trying.find("To: Bob <sip:bob@biloxi.com>\r\n"), std::string::npos);  // no tag on 100
  auto reparsed = parseMessage(ringing);
  ASSERT_TRUE(reparsed) << reparsed.error().reasonPhrase();
  EXPECT_EQ(reparsed->statusCode(), 180);
  EXPECT_EQ(reparsed->to().tag, "a6c85cf");
}

TEST(ResponseBuilder, ReceivedAndRport) {
  auto req = testing::parse(
      "REGISTER sip:example.com SIP/2.0\nVia: SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff\n"
      "From: <sip:a@example.com>;tag=1\nTo: <sip:a@example.com>\nCall-ID: 1\nCSeq: 1 REGISTER\n\n");
  ASSERT_TRUE(req);
  ResponseExtras x;
  x.via = ViaReceived{"192.0.2.1", 9988};
  x.reason = "Custom Reason";
  std::string r = buildResponse(*req, 400, x);
  EXPECT_NE(r.find("SIP/2.0 400 Custom Reason\r\n"), std::string::npos);
  // RFC 3581 §4: both received and rport are filled in.
  EXPECT_NE(r.find("Via: SIP/2.0/UDP 10.1.1.1:4540;rport=9988;branch=z9hG4bKkjshdyff;received=192.0.2.1\r\n"),
            std::string::npos) << r;
}

TEST(ResponseBuilder, ReceivedOnlyWhenTheHostDiffers) {
  auto req = testing::parse(
      "OPTIONS sip:example.com SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\n"
      "From: <sip:a@example.com>;tag=1\nTo: <sip:a@example.com>\nCall-ID: 1\nCSeq: 1 OPTIONS\n\n");
  ASSERT_TRUE(req);
  ResponseExtras same;
  same.via = ViaReceived{"192.0.2.1", 5060};
  EXPECT_NE(buildResponse(*req, 200, same).find("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\n"), std::string::npos);
  ResponseExtras other;
  other.via = ViaReceived{"198.51.100.7", 5060};
  EXPECT_NE(buildResponse(*req, 200, other).find(";branch=z9hG4bK1;received=198.51.100.7\r\n"), std::string::npos);
}

TEST(ResponseBuilder, BodyExtraHeadersAndDefaultReasons) {
  auto req = testing::parse(testing::kRegister);
  ASSERT_TRUE(req);
  ResponseExtras x;
  x.extraHeaders = "Allow: INVITE, ACK\r\nAccept: application/sdp\r\n";
  x.contentType = "text/plain";
  x.body = "hi";
  std::string r = buildResponse(*req, 200, x);
  EXPECT_NE(r.find("\r\nAllow: INVITE, ACK\r\nAccept: application/sdp\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"),
            std::string::npos);
  EXPECT_EQ(defaultReason(423), "Interval Too Brief");
  EXPECT_EQ(defaultReason(483), "Too Many Hops");
  EXPECT_EQ(defaultReason(606), "Not Acceptable");
  EXPECT_EQ(defaultReason(299), "Unknown");
}

}  // namespace
}  // namespace parley::syntax
