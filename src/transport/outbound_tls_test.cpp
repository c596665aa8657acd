// SPDX-License-Identifier: MIT
// Outbound TLS (RFC 3261 §26.2.2, RFC 5922) on 127.0.0.1 with a run-time test CA: the server's
// chain and its SIP domain are checked; failures reach the sender's failure handler.
#include <gtest/gtest.h>

#include "outbound_test_peer.hpp"
#include "transport/tls_stream_io.hpp"
#include "transport/tls_test_pki.hpp"

namespace parley::transport {
namespace {

using test::OutboundRig;
using test::sipRequest;

class OutboundTls : public ::testing::Test {
 protected:
  std::shared_ptr<const TlsContext> serverContext(const test::PemFiles& pem) {
    auto ctx = TlsContext::load(TlsSettings{pem.certificate, pem.privateKey, {}, "", false, ""});
    EXPECT_TRUE(ctx) << ctx.error();
    return ctx ? *ctx : nullptr;
  }
  std::shared_ptr<const TlsClientContext> clientContext(const std::string& caFile, bool verify = true) {
    auto ctx = TlsClientContext::load(TlsClientSettings{caFile, verify, "", "", ""});
    EXPECT_TRUE(ctx) << ctx.error();
    return ctx ? *ctx : nullptr;
  }
  // Sends one request to `host` (mapped to 127.0.0.1 by the hosts table) over TLS; true when the
  // listening side received it, false when the failure handler heard of it.
  bool deliver(const test::PemFiles& serverPem, const std::string& host, const std::string& caFile,
               bool verify = true) {
    rig = std::make_unique<OutboundRig>(serverContext(serverPem), std::vector<HostEntry>{{host, "127.0.0.1", {}, {}}});
    rig->sender.setTlsClientContext(clientContext(caFile, verify));
    EXPECT_TRUE(rig->sender.send(rig->listener(TransportKind::Tls, host), sipRequest(1, 0, "TLS")));
    rig->spinUntil([&] { return !rig->serverMessages.empty() || !rig->failures.empty(); });
    return rig->serverMessages.size() == 1 && rig->failures.empty();
  }

  test::TestPki pki;
  std::unique_ptr<OutboundRig> rig;
};

TEST_F(OutboundTls, VerifiedServerByDnsName) {
  auto pem = pki.issue("server", "sip.example.test", {"sip.example.test"});
  ASSERT_TRUE(deliver(pem, "sip.example.test", pki.caFile()));
  EXPECT_EQ(rig->serverMessages[0], sipRequest(1, 0, "TLS"));
  // The answer comes back over the same TLS connection.
  StreamConnection* inbound = rig->serverTable.find(rig->serverFlows[0]);
  ASSERT_NE(inbound, nullptr);
  ASSERT_TRUE(inbound->send("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_TRUE(rig->spinUntil([&] { return rig->clientMessages.size() == 1; }));
  // A second request reuses the established connection.
  ASSERT_TRUE(rig->sender.send(rig->listener(TransportKind::Tls, "sip.example.test"), sipRequest(2, 0, "TLS")));
  ASSERT_TRUE(rig->spinUntil([&] { return rig->serverMessages.size() == 2; }));
  EXPECT_EQ(rig->clientTable.stats().connected, 1u);
}

TEST_F(OutboundTls, SipUriSubjectAltNameNamesTheDomain) {
  // RFC 5922 §7.1: with a sip: URI present, only the URIs count (the DNS name here is ignored).
  auto pem = pki.issue("server", "whatever", {"URI:sip:example.test", "other.example.test"});
  EXPECT_TRUE(deliver(pem, "example.test", pki.caFile()));
  EXPECT_FALSE(deliver(pem, "other.example.test", pki.caFile()));
}

TEST_F(OutboundTls, WrongHostNameIsReportedAsATransportFailure) {
  auto pem = pki.issue("server", "sip.example.test", {"sip.example.test"});
  ASSERT_FALSE(deliver(pem, "proxy.example.test", pki.caFile()));
  EXPECT_EQ(rig->failures, std::vector<std::string>{"Bad transport: TLS handshake or certificate check failed: "
                                                    "OPTIONS sip:peer@127.0.0.1 SIP/2.0"});
  EXPECT_TRUE(rig->serverMessages.empty());
  EXPECT_EQ(rig->clientTable.size(), 0u);
}

TEST_F(OutboundTls, WildcardsAreNotAccepted) {
  auto pem = pki.issue("server", "sip.example.test", {"*.example.test"});
  EXPECT_FALSE(deliver(pem, "sip.example.test", pki.caFile()));
}

TEST_F(OutboundTls, UntrustedCaIsReportedAndVerificationCanBeSwitchedOff) {
  test::TestPki other;
  auto pem = other.issue("server", "sip.example.test", {"sip.example.test"});
  ASSERT_FALSE(deliver(pem, "sip.example.test", pki.caFile()));
  ASSERT_EQ(rig->failures.size(), 1u);
  // tls.verify_server = false (tests and labs only): the same server is accepted.
  EXPECT_TRUE(deliver(pem, "sip.example.test", pki.caFile(), false));
}

TEST_F(OutboundTls, AnAddressFoundForADomainIsCheckedAgainstTheDomain) {
  // RFC 5922 §4: the proxy resolved sip.example.test (RFC 3263) and sends to the address; the
  // certificate must name the domain, and an address alone would not match it.
  auto pem = pki.issue("server", "sip.example.test", {"sip.example.test"});
  rig = std::make_unique<OutboundRig>(serverContext(pem), std::vector<HostEntry>{});
  rig->sender.setTlsClientContext(clientContext(pki.caFile()));
  ASSERT_TRUE(rig->sender.send(rig->listener(TransportKind::Tls, "127.0.0.1"), sipRequest(1, 0, "TLS"), "sip.example.test"));
  ASSERT_TRUE(rig->spinUntil([&] { return !rig->serverMessages.empty() || !rig->failures.empty(); }));
  EXPECT_EQ(rig->serverMessages.size(), 1u);
  EXPECT_TRUE(rig->failures.empty());

  rig = std::make_unique<OutboundRig>(serverContext(pem), std::vector<HostEntry>{});
  rig->sender.setTlsClientContext(clientContext(pki.caFile()));
  ASSERT_TRUE(rig->sender.send(rig->listener(TransportKind::Tls, "127.0.0.1"), sipRequest(1, 0, "TLS")));
  ASSERT_TRUE(rig->spinUntil([&] { return !rig->serverMessages.empty() || !rig->failures.empty(); }));
  EXPECT_TRUE(rig->serverMessages.empty());
  EXPECT_EQ(rig->failures.size(), 1u);
}

TEST_F(OutboundTls, CommonNameCountsOnlyWithoutSubjectAltName) {
  auto pem = pki.issue("server", "sip.example.test", {});
  EXPECT_TRUE(deliver(pem, "sip.example.test", pki.caFile()));
  EXPECT_FALSE(deliver(pem, "proxy.example.test", pki.caFile()));
}

}  // namespace
}  // namespace parley::transport
