// SPDX-License-Identifier: MIT
// Real TLS connections on 127.0.0.1 (RFC 3261 §26.2.1) against a TcpListener in TLS mode, with
// certificates made at run time by TestPki and an OpenSSL client pumped in the test's thread.
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "fake_clock.hpp"
#include "transport/tcp_listener.hpp"
#include "transport/tls_stream_io.hpp"
#include "transport/tls_test_client.hpp"
#include "transport/tls_test_pki.hpp"

namespace parley::transport {
namespace {

using namespace std::chrono_literals;
using test::TlsClientOptions;
using test::TlsTestClient;

std::string options(int n) {
  return "OPTIONS sip:parley@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK" +
         std::to_string(n) + "\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:parley@127.0.0.1>\r\nCall-ID: " +
         std::to_string(n) + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
}

std::shared_ptr<const TlsContext> load(const TlsSettings& s) {
  auto ctx = TlsContext::load(s);
  EXPECT_TRUE(ctx) << ctx.error();
  return ctx ? *ctx : nullptr;
}

// A plain TCP peer that never speaks TLS properly.
struct RawPeer {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  explicit RawPeer(const SocketAddress& to) { EXPECT_EQ(::connect(fd, to.get(), to.length()), 0); }
  ~RawPeer() { ::close(fd); }
  bool closedByServer() const {
    pollfd p{fd, POLLIN, 0};
    char c;
    return ::poll(&p, 1, 500) == 1 && ::recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
  }
};

struct TlsServer {
  test::FakeClock clock;
  EventLoop loop{clock};
  std::vector<std::string> messages;
  std::vector<StreamConnection*> from;
  ConnectionTable table;
  std::unique_ptr<TcpListener> listener;

  explicit TlsServer(std::shared_ptr<const TlsContext> tls, ConnectionLimits limits = {})
      : table(loop, limits, [this](StreamConnection& c, std::string_view m) {
          messages.emplace_back(m);
          from.push_back(&c);
        }) {
    auto l = TcpListener::listen(loop, *SocketAddress::fromIpPort("127.0.0.1", 0), false, table, std::move(tls));
    EXPECT_TRUE(l);
    listener = std::move(*l);
  }
  void spin(int rounds = 5) {
    for (int i = 0; i < rounds; ++i) loop.runOnce(5ms);
  }
  std::unique_ptr<TlsTestClient> client(const TlsClientOptions& o = {}) {
    return std::make_unique<TlsTestClient>(listener->localAddress(), o, [this] { loop.runOnce(1ms); });
  }
};

class TlsTransport : public ::testing::Test {
 protected:
  test::TestPki pki;
  test::PemFiles server = pki.issue("server", "parley.test", {"parley.test"});
  TlsSettings settings{server.certificate, server.privateKey, {}, "", false, ""};
  TlsClientOptions verified{0, 0, false, "parley.test", pki.caFile(), "", ""};
};

TEST_F(TlsTransport, LoadErrorsNameTheSettingAndTheFile) {
  TlsSettings s = settings;
  s.certificate = pki.dir() + "/missing.crt";
  auto r = TlsContext::load(s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("tls.certificate"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("missing.crt"), std::string::npos) << r.error();

  test::PemFiles other = pki.issue("other", "other.test", {});
  s = settings;
  s.privateKey = other.privateKey;
  r = TlsContext::load(s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("does not belong"), std::string::npos) << r.error();

  s = settings;
  s.verifyClient = true;
  s.caFile = pki.dir() + "/no-ca.pem";
  r = TlsContext::load(s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("tls.ca_file"), std::string::npos) << r.error();

  s = settings;
  s.named.push_back({"sip.alpha.test", pki.dir() + "/nope.crt", other.privateKey});
  r = TlsContext::load(s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("tls.certificates[0].certificate"), std::string::npos) << r.error();
}

TEST_F(TlsTransport, MessagesSplitAcrossWritesAndPipelinedAreDelivered) {
  TlsServer s(load(settings));
  auto c = s.client(verified);
  ASSERT_TRUE(c->handshake()) << c->error();
  std::string m = options(1);
  ASSERT_TRUE(c->write(m.substr(0, 10)));
  s.spin();
  ASSERT_TRUE(c->write(m.substr(10, 50)));
  s.spin();
  EXPECT_TRUE(s.messages.empty());
  ASSERT_TRUE(c->write(m.substr(60)));
  ASSERT_TRUE(c->write(options(2) + "\r\n" + options(3) + options(4)));
  s.spin();
  ASSERT_EQ(s.messages.size(), 4u);
  EXPECT_EQ(s.messages[0], m);
  EXPECT_EQ(s.messages[3], options(4));
  EXPECT_EQ(s.from[0], s.from[3]);  // one flow
  EXPECT_EQ(s.from[0]->kind(), TransportKind::Tls);
}

TEST_F(TlsTransport, KeepAlivePingGetsOneCrlf) {
  TlsServer s(load(settings));
  auto c = s.client(verified);
  ASSERT_TRUE(c->handshake()) << c->error();
  ASSERT_TRUE(c->write("\r\n\r\n"));
  EXPECT_EQ(c->read(), "\r\n");
  EXPECT_TRUE(s.messages.empty());
}

TEST_F(TlsTransport, RequestsBackReuseTheClientsConnection) {
  TlsServer s(load(settings));
  auto c = s.client(verified);
  ASSERT_TRUE(c->handshake()) << c->error();
  ASSERT_TRUE(c->write(options(1)));
  s.spin();
  ASSERT_EQ(s.from.size(), 1u);
  StreamConnection* conn = s.from[0];
  // What the transaction layer does for a request to this client: find the flow by address.
  EXPECT_EQ(s.table.findByRemote(TransportKind::Tls, conn->remote()), conn);
  EXPECT_EQ(s.table.findByRemote(TransportKind::Tcp, conn->remote()), nullptr);
  ASSERT_TRUE(conn->send("OPTIONS sip:client SIP/2.0\r\n\r\n"));
  EXPECT_EQ(c->read(), "OPTIONS sip:client SIP/2.0\r\n\r\n");
  EXPECT_EQ(s.table.size(), 1u);
}

TEST_F(TlsTransport, Tls12AndTls13AreAccepted) {
  TlsServer s(load(settings));
  for (int v : {TLS1_2_VERSION, TLS1_3_VERSION}) {
    TlsClientOptions o = verified;
    o.minVersion = o.maxVersion = v;
    auto c = s.client(o);
    ASSERT_TRUE(c->handshake()) << c->error();
    EXPECT_EQ(c->version(), v == TLS1_2_VERSION ? "TLSv1.2" : "TLSv1.3");
    ASSERT_TRUE(c->write(options(v)));
    s.spin();
  }
  EXPECT_EQ(s.messages.size(), 2u);
}

TEST_F(TlsTransport, Tls10AndTls11AreRefusedByTheServer) {
  TlsServer s(load(settings));
  for (int v : {TLS1_VERSION, TLS1_1_VERSION}) {
    // Security level 0 lets the client offer the old versions; the refusal must come from us.
    TlsClientOptions o{TLS1_VERSION, v, true, "", "", "", ""};
    auto c = s.client(o);
    EXPECT_FALSE(c->handshake());
    EXPECT_NE(c->error().find("protocol version"), std::string::npos) << c->error();
    s.spin();
  }
  EXPECT_EQ(s.table.size(), 0u);
  EXPECT_EQ(s.table.stats().handshakeFailed, 2u);
}

TEST_F(TlsTransport, MutualTlsRequiresACertificateFromTheCa) {
  TlsSettings mutual = settings;
  mutual.verifyClient = true;
  mutual.caFile = pki.caFile();
  TlsServer s(load(mutual));

  // No certificate: with TLS 1.3 the client only learns of the refusal after its Finished.
  auto none = s.client(verified);
  bool done = none->handshake();
  if (done) {
    (void)none->write(options(1));
    EXPECT_EQ(none->read(), "<closed>");
  }
  s.spin();
  EXPECT_TRUE(s.messages.empty());

  TlsClientOptions stranger = verified;
  test::PemFiles self = pki.selfSigned("stranger", "stranger");
  stranger.certificate = self.certificate;
  stranger.privateKey = self.privateKey;
  auto unknown = s.client(stranger);
  done = unknown->handshake();
  if (done) {
    (void)unknown->write(options(2));
    EXPECT_EQ(unknown->read(), "<closed>");
  }
  s.spin();
  EXPECT_TRUE(s.messages.empty());
  EXPECT_EQ(s.table.stats().handshakeFailed, 2u);

  TlsClientOptions alice = verified;
  test::PemFiles a = pki.issue("alice", "alice", {"alice.test"});
  alice.certificate = a.certificate;
  alice.privateKey = a.privateKey;
  auto good = s.client(alice);
  ASSERT_TRUE(good->handshake()) << good->error();
  ASSERT_TRUE(good->write(options(3)));
  s.spin();
  ASSERT_EQ(s.messages.size(), 1u);
  const auto& io = dynamic_cast<const TlsStreamIo&>(s.from[0]->io());
  EXPECT_EQ(io.peerCommonName(), "alice");
}

TEST_F(TlsTransport, SniPicksTheCertificate) {
  test::PemFiles alpha = pki.issue("alpha", "alpha", {"sip.alpha.test"});
  test::PemFiles beta = pki.issue("beta", "beta", {"*.beta.test"});
  TlsSettings s = settings;
  s.named = {{"sip.alpha.test", alpha.certificate, alpha.privateKey}, {"*.beta.test", beta.certificate, beta.privateKey}};
  TlsServer sni(load(s));
  struct Case {
    std::string sni;
    std::string cn;
  };
  for (const Case& k : {Case{"sip.alpha.test", "alpha"}, Case{"SIP.Alpha.test", "alpha"}, Case{"pbx.beta.test", "beta"},
                        Case{"a.b.beta.test", "parley.test"}, Case{"other.test", "parley.test"}, Case{"", "parley.test"}}) {
    TlsClientOptions o;  // no chain check: the unknown names get the default certificate
    o.serverName = k.sni;
    auto c = sni.client(o);
    ASSERT_TRUE(c->handshake()) << k.sni << ": " << c->error();
    EXPECT_EQ(c->peerCommonName(), k.cn) << k.sni;
  }
  TlsClientOptions checked = verified;  // and the chosen chain verifies against the CA
  checked.serverName = "sip.alpha.test";
  auto c = sni.client(checked);
  EXPECT_TRUE(c->handshake()) << c->error();
}

TEST_F(TlsTransport, StalledHandshakesAreClosedAfterTheTimeoutWhileOthersAreServed) {
  ConnectionLimits limits;
  limits.stream.handshakeTimeout = 10s;
  TlsServer s(load(settings), limits);
  RawPeer silent(s.listener->localAddress());
  RawPeer partial(s.listener->localAddress());
  // The first bytes of a ClientHello record, and then nothing.
  ASSERT_EQ(::send(partial.fd, "\x16\x03\x01\x02\x00\x01", 6, MSG_NOSIGNAL), 6);
  s.spin();
  ASSERT_EQ(s.table.size(), 2u);

  auto c = s.client(verified);
  ASSERT_TRUE(c->handshake()) << c->error();
  ASSERT_TRUE(c->write(options(1)));
  s.spin();
  EXPECT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.table.size(), 3u);

  s.clock.advance(9s);
  s.spin();
  EXPECT_EQ(s.table.size(), 3u);
  s.clock.advance(2s);
  s.spin();
  EXPECT_EQ(s.table.size(), 1u);  // the stalled ones are gone, with their sessions
  EXPECT_EQ(s.table.stats().handshakeTimedOut, 2u);
  EXPECT_TRUE(silent.closedByServer());
  EXPECT_TRUE(partial.closedByServer());

  ASSERT_TRUE(c->write(options(2)));  // the established one is untouched
  s.spin();
  EXPECT_EQ(s.messages.size(), 2u);
}

TEST_F(TlsTransport, ReloadSwapsTheCertificateForNewConnections) {
  TlsServer s(load(settings));
  auto before = s.client();
  ASSERT_TRUE(before->handshake()) << before->error();
  EXPECT_EQ(before->peerCommonName(), "parley.test");

  test::PemFiles renewed = pki.issue("renewed", "renewed.parley.test", {"parley.test"});
  TlsSettings next = settings;
  next.certificate = renewed.certificate;
  next.privateKey = renewed.privateKey;
  s.listener->setTlsContext(load(next));

  auto after = s.client(verified);
  ASSERT_TRUE(after->handshake()) << after->error();
  EXPECT_EQ(after->peerCommonName(), "renewed.parley.test");
  ASSERT_TRUE(before->write(options(1)));  // the old session lives on with its old context
  ASSERT_TRUE(after->write(options(2)));
  s.spin();
  EXPECT_EQ(s.messages.size(), 2u);
}

}  // namespace
}  // namespace parley::transport
