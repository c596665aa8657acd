// SPDX-License-Identifier: MIT
// AresDnsClient and SipResolver against a real DNS server: dnsmasq started by the test on
// 127.0.0.1 and a free port, serving NAPTR, SRV, A and AAAA records given on its command line.
#include "transport/ares_dns_client.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "outbound_test_peer.hpp"
#include "transport/sip_resolver.hpp"

extern char** environ;

namespace parley::transport {
namespace {

using namespace std::chrono_literals;

// A port nobody uses right now (bound and released).
std::uint16_t freeUdpPort() {
  SocketAddress where;
  ::close(test::boundSocket(SOCK_DGRAM, where));
  return where.port();
}

// dnsmasq in the foreground, authoritative for *.test (unknown names: NXDOMAIN), killed at the end.
class Dnsmasq {
 public:
  explicit Dnsmasq(std::uint16_t port) : port_(port) {
    std::vector<std::string> args = {
        "dnsmasq", "--no-daemon", "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1",
        "--port=" + std::to_string(port), "--local=/test/", "--log-facility=-",
        // RFC 3263 §4.1 data: TLS preferred over TCP by NAPTR order; two TCP servers by SRV weight.
        "--naptr-record=example.test,10,10,s,SIPS+D2T,,_sips._tcp.example.test",
        "--naptr-record=example.test,20,10,s,SIP+D2T,,_sip._tcp.example.test",
        "--srv-host=_sips._tcp.example.test,secure.example.test,5061,0,10",
        "--srv-host=_sip._tcp.example.test,pbx.example.test,5070,10,60",
        "--srv-host=_sip._tcp.example.test,backup.example.test,5071,20,0",
        "--host-record=secure.example.test,127.0.0.9", "--host-record=pbx.example.test,127.0.0.7,::1",
        "--host-record=backup.example.test,127.0.0.8", "--host-record=plain.example.test,127.0.0.6"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const char* binary = ::access("/usr/sbin/dnsmasq", X_OK) == 0 ? "/usr/sbin/dnsmasq" : "dnsmasq";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawnp(&pid_, binary, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(rc, 0) << "dnsmasq (Debian dnsmasq-base) is needed by this test: scripts/deps.sh test";
  }
  ~Dnsmasq() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  [[nodiscard]] std::string server() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  std::uint16_t port_;
  pid_t pid_ = -1;
};

struct Fixture {
  SteadyClock clock;
  EventLoop loop{clock};
  Dnsmasq dnsmasq{freeUdpPort()};
  std::unique_ptr<AresDnsClient> dns;

  Fixture() {
    auto c = AresDnsClient::create(loop, DnsSettings{{dnsmasq.server()}, 300ms, 1});
    EXPECT_TRUE(c);
    dns = std::move(*c);
    // dnsmasq needs a moment to bind: ask until it answers.
    for (int i = 0; i < 50; ++i) {
      auto r = ask("plain.example.test", DnsType::A);
      if (r && !r->addresses.empty()) return;
      ::usleep(50'000);
    }
    ADD_FAILURE() << "dnsmasq did not answer";
  }

  Result<DnsAnswer> ask(std::string_view name, DnsType type) {
    std::optional<Result<DnsAnswer>> out;
    dns->query(name, type, [&](Result<DnsAnswer> a) { out = std::move(a); });
    spinUntil([&] { return out.has_value(); });
    return out ? *out : fail(Errc::Internal, "no completion", "test", 0);
  }
  template <class Pred>
  void spinUntil(Pred done) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!done() && std::chrono::steady_clock::now() < deadline) loop.runOnce(20ms);
  }
};

TEST(AresDnsClient, AnswersEveryRecordTypeFromARealServer) {
  Fixture f;
  auto naptr = f.ask("example.test", DnsType::Naptr);
  ASSERT_TRUE(naptr);
  ASSERT_EQ(naptr->naptr.size(), 2u);
  auto choices = usableNaptr(naptr->naptr, false);
  ASSERT_EQ(choices.size(), 2u);
  EXPECT_EQ(choices[0].srvName, "_sips._tcp.example.test");
  EXPECT_EQ(choices[0].kind, TransportKind::Tls);

  auto srv = f.ask("_sip._tcp.example.test", DnsType::Srv);
  ASSERT_TRUE(srv);
  ASSERT_EQ(srv->srv.size(), 2u);
  auto a = f.ask("pbx.example.test", DnsType::A);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->addresses, std::vector<std::string>{"127.0.0.7"});
  auto aaaa = f.ask("pbx.example.test", DnsType::Aaaa);
  ASSERT_TRUE(aaaa);
  EXPECT_EQ(aaaa->addresses, std::vector<std::string>{"::1"});
  // NXDOMAIN is an empty answer, not an error.
  auto none = f.ask("nowhere.example.test", DnsType::A);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->addresses.empty());
  EXPECT_LE(f.dns->socketsWatched(), 1u);
}

TEST(AresDnsClient, SipResolverWalksNaptrSrvAndAddresses) {
  Fixture f;
  SystemRandom random(7);
  SipResolver resolver(*f.dns, random, HostsTable{});
  std::vector<std::string> got;
  bool done = false;
  auto collect = [&](Result<std::vector<ResolvedTarget>> r) {
    done = true;
    ASSERT_TRUE(r) << r.error().reasonPhrase();
    for (const ResolvedTarget& t : *r) got.push_back(std::string(viaToken(t.kind)) + " " + t.address.toString());
  };
  resolver.resolve(*SipTarget::fromUri(*syntax::parseUri("sip:example.test")), collect);
  f.spinUntil([&] { return done; });
  EXPECT_EQ(got, (std::vector<std::string>{"TLS 127.0.0.9:5061", "TCP 127.0.0.7:5070", "TCP [::1]:5070",
                                           "TCP 127.0.0.8:5071"}));
  got.clear();
  done = false;
  resolver.resolve(*SipTarget::fromUri(*syntax::parseUri("sips:example.test")), collect);
  f.spinUntil([&] { return done; });
  EXPECT_EQ(got, std::vector<std::string>{"TLS 127.0.0.9:5061"});
}

TEST(AresDnsClient, UnknownNameIsMissing) {
  Fixture f;
  SystemRandom random(7);
  SipResolver resolver(*f.dns, random, HostsTable{});
  std::optional<Error> error;
  resolver.resolve(*SipTarget::fromUri(*syntax::parseUri("sip:nowhere.example.test")),
                   [&](Result<std::vector<ResolvedTarget>> r) { error = r ? Error{} : r.error(); });
  f.spinUntil([&] { return error.has_value(); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, Errc::Missing);
}

TEST(AresDnsClient, ASilentServerTimesOutOnTheLoopTimer) {
  SteadyClock clock;
  EventLoop loop{clock};
  SocketAddress where;
  int silent = test::boundSocket(SOCK_DGRAM, where);  // bound, never answers
  auto dns = AresDnsClient::create(loop, DnsSettings{{where.toString()}, 200ms, 1});
  ASSERT_TRUE(dns);
  std::optional<Result<DnsAnswer>> out;
  auto start = std::chrono::steady_clock::now();
  (*dns)->query("example.test", DnsType::A, [&](Result<DnsAnswer> a) { out = std::move(a); });
  while (!out && std::chrono::steady_clock::now() - start < 5s) loop.runOnce(50ms);
  ASSERT_TRUE(out);
  ASSERT_FALSE(*out);
  EXPECT_EQ(out->error().code, Errc::Io);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  ::close(silent);
}

}  // namespace
}  // namespace parley::transport
