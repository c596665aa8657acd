// SPDX-License-Identifier: MIT
// RFC 3261 §18.1.1 (requests over 1300 bytes leave UDP) and §18.2.2 (where UDP responses go).
#include "transport/send_rules.hpp"

#include <gtest/gtest.h>

#include "syntax/message_parser.hpp"

namespace parley::transport {
namespace {

std::string request(std::size_t bodySize, std::string_view via = "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1") {
  std::string body(bodySize, 'x');
  return "MESSAGE sip:bob@example.com SIP/2.0\r\nVia: " + std::string(via) +
         "\r\nMax-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n"
         "Call-ID: c1\r\nCSeq: 1 MESSAGE\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A request of exactly `total` bytes (the Content-Length digits count too).
std::string requestOfSize(std::size_t total) {
  std::size_t body = total - request(0).size();
  while (request(body).size() > total) --body;
  return request(body);
}

TEST(SendRules, RequestsOver1300BytesNeedCongestionControlOnUdpOnly) {
  std::string small = request(100);
  std::string exact = requestOfSize(kUdpRequestLimit);
  std::string big = requestOfSize(kUdpRequestLimit + 1);
  ASSERT_EQ(exact.size(), kUdpRequestLimit);
  ASSERT_EQ(big.size(), kUdpRequestLimit + 1);
  EXPECT_FALSE(needsCongestionControl(TransportKind::Udp, small));
  EXPECT_FALSE(needsCongestionControl(TransportKind::Udp, exact));
  EXPECT_TRUE(needsCongestionControl(TransportKind::Udp, big));
  EXPECT_FALSE(needsCongestionControl(TransportKind::Tcp, big));
  EXPECT_FALSE(needsCongestionControl(TransportKind::Tls, big));
  // Responses are not subject to §18.1.1.
  std::string response = "SIP/2.0 200 OK\r\n" + std::string(2000, 'x');
  EXPECT_FALSE(needsCongestionControl(TransportKind::Udp, response));
}

TEST(SendRules, TheTopViaTransportIsRewrittenAndNothingElse) {
  std::string original = request(1400);
  // A second Via below must keep its UDP.
  original.insert(original.find("Max-Forwards"), "Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2\r\n");
  auto moved = withTopViaTransport(original, TransportKind::Tcp);
  ASSERT_TRUE(moved) << moved.error().reasonPhrase();
  EXPECT_EQ(moved->size(), original.size());
  EXPECT_NE(moved->find("Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK1\r\n"), std::string::npos);
  EXPECT_NE(moved->find("Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2\r\n"), std::string::npos);
  auto parsed = syntax::parseMessage(*moved);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->topVia().transport, "TCP");
  EXPECT_FALSE(withTopViaTransport("not SIP at all", TransportKind::Tcp));
}

// "host:port" a response goes to for a request with this top Via that came from `source`.
std::string addressFor(std::string_view via, const SocketAddress& source) {
  auto m = syntax::parseMessage(request(0, via));
  EXPECT_TRUE(m) << via;
  if (!m) return "";
  ResponseAddress a = unreliableResponseAddress(m->topVia(), source);
  return a.host + ":" + std::to_string(a.port);
}

TEST(SendRules, UnreliableResponsesGoToMaddrThenRportThenSentByPort) {
  auto from = *SocketAddress::fromIpPort("198.51.100.7", 40000);
  // §18.2.2: maddr wins, with the sent-by port (or 5060), even over rport (RFC 3581 §4).
  EXPECT_EQ(addressFor("SIP/2.0/UDP 192.0.2.1:5070;maddr=239.255.255.1;rport;branch=z9hG4bK1", from),
            "239.255.255.1:5070");
  EXPECT_EQ(addressFor("SIP/2.0/UDP 192.0.2.1;maddr=proxy.example.com;branch=z9hG4bK1", from),
            "proxy.example.com:5060");
  // RFC 3581: source address and port.
  EXPECT_EQ(addressFor("SIP/2.0/UDP 192.0.2.1:5070;rport;branch=z9hG4bK1", from), "198.51.100.7:40000");
  // §18.2.2 received: the source address at the sent-by port, or 5060; port 0: the source port.
  EXPECT_EQ(addressFor("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1", from), "198.51.100.7:5070");
  EXPECT_EQ(addressFor("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", from), "198.51.100.7:5060");
  EXPECT_EQ(addressFor("SIP/2.0/UDP 192.0.2.1:0;branch=z9hG4bK1", from), "198.51.100.7:40000");
}

TEST(SendRules, AResponseWhoseConnectionIsGoneGoesToTheSentByPort) {
  std::string response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.1:5070;branch=z9hG4bK1\r\n"
                         "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: c1\r\n"
                         "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  EXPECT_EQ(sentByPortOfResponse(response, TransportKind::Tcp).value_or(0), 5070);
  std::string noPort = response;
  noPort.replace(noPort.find(":5070"), 5, "");
  EXPECT_EQ(sentByPortOfResponse(noPort, TransportKind::Tcp).value_or(0), 5060);
  EXPECT_EQ(sentByPortOfResponse(noPort, TransportKind::Tls).value_or(0), 5061);
  EXPECT_FALSE(sentByPortOfResponse("garbage", TransportKind::Tcp));
}

}  // namespace
}  // namespace parley::transport
