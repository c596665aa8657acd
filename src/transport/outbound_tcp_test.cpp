// SPDX-License-Identifier: MIT
// Outbound TCP (RFC 3261 §18.1.1) on 127.0.0.1: connect on the loop, queue until connected, answer
// back over the same connection, reuse, refused connects reported, and the 1300-byte rule.
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "outbound_test_peer.hpp"

namespace parley::transport {
namespace {

using test::OutboundRig;
using test::sipRequest;

// A port on 127.0.0.1 where nothing listens (bound by the kernel and released).
std::uint16_t closedPort(int type) {
  SocketAddress where;
  ::close(test::boundSocket(type, where));
  return where.port();
}

TEST(OutboundTcp, ConnectsSendsAndTheResponseComesBackOnTheSameConnection) {
  OutboundRig rig;
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Tcp), sipRequest(1)));
  // Queued while connecting: nothing is lost and the sender remembers it until established.
  EXPECT_EQ(rig.clientTable.size(), 1u);
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 1; }));
  EXPECT_EQ(rig.serverMessages[0], sipRequest(1));
  EXPECT_EQ(rig.sender.waitingForConnection(), 0u);
  EXPECT_EQ(rig.clientTable.stats().connected, 1u);

  // The server answers over the connection the request came on (§18.2.2).
  StreamConnection* inbound = rig.serverTable.find(rig.serverFlows[0]);
  ASSERT_NE(inbound, nullptr);
  ASSERT_TRUE(inbound->send("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_TRUE(rig.spinUntil([&] { return rig.clientMessages.size() == 1; }));
  EXPECT_EQ(rig.clientMessages[0], "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
  EXPECT_TRUE(rig.failures.empty());
}

TEST(OutboundTcp, TwoRequestsShareOneConnection) {
  OutboundRig rig;
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Tcp), sipRequest(1)));
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Tcp), sipRequest(2)));  // still connecting
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 2; }));
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Tcp), sipRequest(3)));  // established
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 3; }));
  EXPECT_EQ(rig.clientTable.size(), 1u);
  EXPECT_EQ(rig.serverTable.size(), 1u);
  EXPECT_EQ(rig.clientTable.stats().connected, 1u);
  EXPECT_EQ(rig.serverFlows[0], rig.serverFlows[2]);
}

TEST(OutboundTcp, AConnectionThePeerOpenedIsReusedForRequestsToIt) {
  OutboundRig rig;
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Tcp), sipRequest(1)));
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 1; }));
  // The listening side sends a request back to the remote address of the connection it accepted,
  // without naming the flow: findByRemote finds it, no new connection (RFC 5626 flow reuse).
  StreamConnection* inbound = rig.serverTable.find(rig.serverFlows[0]);
  ASSERT_NE(inbound, nullptr);
  MessageSender back(rig.serverTable, rig.resolver, [](std::string_view, const Error&) {});
  SendTarget client{TransportKind::Tcp, inbound->remote().ip(), inbound->remote().port(), 0};
  ASSERT_TRUE(back.send(client, sipRequest(2)));
  ASSERT_TRUE(rig.spinUntil([&] { return rig.clientMessages.size() == 1; }));
  EXPECT_EQ(rig.clientMessages[0], sipRequest(2));
  EXPECT_EQ(rig.serverTable.stats().connected, 0u);
  EXPECT_EQ(rig.serverTable.size(), 1u);
}

TEST(OutboundTcp, AResponseWhoseConnectionIsGoneOpensOneToTheSentByPort) {
  OutboundRig rig;
  // A response for a request that came on flow 42, long closed, from 127.0.0.1; the request's
  // sent-by port is where the peer listens (§18.2.2).
  std::string response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:" +
                         std::to_string(rig.serverListener->localAddress().port()) +
                         ";branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: 1\r\n"
                         "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  ASSERT_TRUE(rig.sender.send(SendTarget{TransportKind::Tcp, "127.0.0.1", 40000, 42}, response));
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 1; }));
  EXPECT_EQ(rig.serverMessages[0], response);
  EXPECT_EQ(rig.clientTable.stats().connected, 1u);
}

TEST(OutboundTcp, RefusedConnectIsATransportError) {
  OutboundRig rig;
  SendTarget nobody{TransportKind::Tcp, "127.0.0.1", closedPort(SOCK_STREAM), 0};
  auto sent = rig.sender.send(nobody, sipRequest(1));
  // Loopback may refuse inside connect() (an error now) or on the loop (a failure reported later).
  if (sent) {
    ASSERT_TRUE(rig.spinUntil([&] { return !rig.failures.empty(); }));
    EXPECT_EQ(rig.failures, std::vector<std::string>{
                                "Bad transport: connection refused or timed out: OPTIONS sip:peer@127.0.0.1 SIP/2.0"});
  } else {
    EXPECT_EQ(sent.error().code, Errc::Io);
  }
  EXPECT_EQ(rig.clientTable.size(), 0u);
  EXPECT_EQ(rig.clientTable.stats().connectFailed, 1u);
  EXPECT_EQ(rig.sender.waitingForConnection(), 0u);
}

TEST(OutboundTcp, TheFailureHandlerMaySendAgain) {
  // A TU hearing of a transport error may try its next target at once (RFC 3263 §4.3), from
  // inside the close of the failed connection.
  OutboundRig rig;
  std::vector<std::string> errors;
  MessageSender sender(rig.clientTable, rig.resolver, [&](std::string_view, const Error& why) {
    errors.push_back(why.reasonPhrase());
    EXPECT_TRUE(sender.send(rig.listener(TransportKind::Tcp), sipRequest(2)));
  });
  SendTarget nobody{TransportKind::Tcp, "127.0.0.1", closedPort(SOCK_STREAM), 0};
  ASSERT_TRUE(sender.send(nobody, sipRequest(1)));  // EINPROGRESS on Linux loopback
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 1; }));
  EXPECT_EQ(errors.size(), 1u);
  EXPECT_EQ(rig.serverMessages[0], sipRequest(2));
  EXPECT_EQ(rig.clientTable.size(), 1u);
}

TEST(OutboundTcp, AHostNameIsResolvedFirstAndAnUnknownOneFailsLater) {
  OutboundRig rig(nullptr, {{"peer.example.test", "127.0.0.1", {}, {}}});
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Tcp, "peer.example.test"), sipRequest(1)));
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 1; }));
  // Not in the hosts table, and DNS answers later with nothing.
  rig.dns.deferred(true);
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Tcp, "nowhere.example.test"), sipRequest(2)));
  EXPECT_TRUE(rig.failures.empty());
  rig.dns.answerAll();
  EXPECT_EQ(rig.failures,
            std::vector<std::string>{"Bad DNS: no address for the host: OPTIONS sip:peer@127.0.0.1 SIP/2.0"});
}

TEST(OutboundTcp, LargeUdpRequestGoesOverTcpWithItsViaChanged) {
  OutboundRig rig;
  std::string big = sipRequest(1, 1400, "UDP");
  ASSERT_TRUE(rig.sender.send(rig.listener(TransportKind::Udp), big));
  ASSERT_TRUE(rig.spinUntil([&] { return rig.serverMessages.size() == 1; }));
  EXPECT_NE(rig.serverMessages[0].find("Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK1\r\n"), std::string::npos);
  EXPECT_EQ(rig.serverMessages[0].size(), big.size());
  EXPECT_EQ(rig.sender.movedToTcp(), 1u);
}

TEST(OutboundTcp, LargeUdpRequestFallsBackToUdpWhenTcpIsRefused) {
  OutboundRig rig;
  // A UDP socket on a port where no TCP listener is: TCP is refused, §18.1.1 retries over UDP.
  std::vector<std::string> datagrams;
  auto peer = UdpTransport::bind(rig.loop, *SocketAddress::fromIpPort("127.0.0.1", 0), false,
                                 [&](std::string_view d, const SocketAddress&) { datagrams.emplace_back(d); });
  ASSERT_TRUE(peer);
  auto local = UdpTransport::bind(rig.loop, *SocketAddress::fromIpPort("127.0.0.1", 0), false,
                                  [](std::string_view, const SocketAddress&) {});
  ASSERT_TRUE(local);
  rig.sender.addUdp(**local);
  std::string big = sipRequest(1, 1400, "UDP");
  SendTarget target{TransportKind::Udp, "127.0.0.1", (*peer)->localAddress().port(), 0};
  ASSERT_TRUE(rig.sender.send(target, big));
  ASSERT_TRUE(rig.spinUntil([&] { return datagrams.size() == 1; }));
  EXPECT_EQ(datagrams[0], big);  // the original, Via still UDP
  EXPECT_TRUE(rig.failures.empty());
  // A small request stays on UDP without trying TCP.
  ASSERT_TRUE(rig.sender.send(target, sipRequest(2, 0, "UDP")));
  ASSERT_TRUE(rig.spinUntil([&] { return datagrams.size() == 2; }));
  EXPECT_EQ(rig.sender.movedToTcp(), 1u);
}

}  // namespace
}  // namespace parley::transport
