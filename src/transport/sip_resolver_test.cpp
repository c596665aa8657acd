// SPDX-License-Identifier: MIT
// RFC 3263 §4 ordering rules with scripted DNS answers (no network).
#include "transport/sip_resolver.hpp"

#include <gtest/gtest.h>

#include "fake_dns_client.hpp"

namespace parley::transport {
namespace {

using test::FakeDnsClient;

// Always draws the same number: makes the weighted choice deterministic.
class FixedRandom final : public Random {
 public:
  explicit FixedRandom(std::uint64_t v) : v_(v) {}
  std::uint64_t next() noexcept override { return v_; }

 private:
  std::uint64_t v_;
};

DnsAnswer naptr(std::vector<NaptrRecord> r) { return DnsAnswer{std::move(r), {}, {}}; }
DnsAnswer srv(std::vector<SrvRecord> r) { return DnsAnswer{{}, std::move(r), {}}; }
DnsAnswer ips(std::vector<std::string> a) { return DnsAnswer{{}, {}, std::move(a)}; }

struct Fixture {
  FakeDnsClient dns;
  FixedRandom random{0};
  HostsTable hosts;

  // Runs resolve() and returns "TCP 192.0.2.1:5060" lines, or the error text.
  std::vector<std::string> run(std::string_view uriText) {
    auto uri = syntax::parseUri(uriText);
    EXPECT_TRUE(uri) << uriText;
    auto target = SipTarget::fromUri(*uri);
    if (!target) return {"error: " + target.error().reasonPhrase()};
    SipResolver resolver(dns, random, hosts);
    std::vector<std::string> out;
    bool done = false;
    resolver.resolve(*target, [&](Result<std::vector<ResolvedTarget>> r) {
      done = true;
      if (!r) {
        out.push_back("error: " + r.error().reasonPhrase());
        return;
      }
      for (const ResolvedTarget& t : *r) out.push_back(std::string(viaToken(t.kind)) + " " + t.address.toString());
    });
    dns.answerAll();
    EXPECT_TRUE(done);
    return out;
  }
  bool asked(DnsType type) const {
    for (const auto& q : dns.asked()) {
      if (q.second == type) return true;
    }
    return false;
  }
};

using Lines = std::vector<std::string>;

TEST(SipResolver, NumericHostIsUsedAsItIs) {
  Fixture f;
  EXPECT_EQ(f.run("sip:alice@192.0.2.1"), Lines{"UDP 192.0.2.1:5060"});
  EXPECT_EQ(f.run("sips:alice@192.0.2.1"), Lines{"TLS 192.0.2.1:5061"});
  EXPECT_EQ(f.run("sip:192.0.2.1;transport=tcp"), Lines{"TCP 192.0.2.1:5060"});
  EXPECT_EQ(f.run("sip:192.0.2.1;transport=TLS"), Lines{"TLS 192.0.2.1:5061"});
  EXPECT_EQ(f.run("sip:[2001:db8::1]:5070"), Lines{"UDP [2001:db8::1]:5070"});
  EXPECT_EQ(f.run("sips:192.0.2.1:5999;transport=tcp"), Lines{"TLS 192.0.2.1:5999"});
  EXPECT_TRUE(f.dns.asked().empty());
}

TEST(SipResolver, MaddrIsTheTarget) {
  Fixture f;
  EXPECT_EQ(f.run("sip:bob@example.com;maddr=192.0.2.9"), Lines{"UDP 192.0.2.9:5060"});
}

TEST(SipResolver, SipsOverUdpAndUnknownTransportsAreRefused) {
  Fixture f;
  EXPECT_EQ(f.run("sips:example.com;transport=udp"), Lines{"error: Bad Request-URI: sips over UDP"});
  EXPECT_EQ(f.run("sip:example.com;transport=sctp"), Lines{"error: Bad Request-URI: transport not supported"});
}

TEST(SipResolver, ExplicitPortAsksOnlyForAddresses) {
  Fixture f;
  f.dns.set("example.com", DnsType::A, ips({"192.0.2.1", "192.0.2.2"}));
  f.dns.set("example.com", DnsType::Aaaa, ips({"2001:db8::1"}));
  EXPECT_EQ(f.run("sip:example.com:5080;transport=tcp"),
            (Lines{"TCP 192.0.2.1:5080", "TCP 192.0.2.2:5080", "TCP [2001:db8::1]:5080"}));
  EXPECT_FALSE(f.asked(DnsType::Naptr));
  EXPECT_FALSE(f.asked(DnsType::Srv));
}

TEST(SipResolver, TransportParamSkipsNaptrAndAsksOneSrv) {
  Fixture f;
  f.dns.set("_sip._tcp.example.com", DnsType::Srv, srv({{0, 0, 5070, "pbx.example.com"}}));
  f.dns.set("pbx.example.com", DnsType::A, ips({"192.0.2.7"}));
  EXPECT_EQ(f.run("sip:example.com;transport=tcp"), Lines{"TCP 192.0.2.7:5070"});
  EXPECT_FALSE(f.asked(DnsType::Naptr));
  ASSERT_EQ(f.dns.asked().front(), std::make_pair(std::string("_sip._tcp.example.com"), DnsType::Srv));
}

TEST(SipResolver, NaptrOrderThenPreferenceSkippingUnusableRecords) {
  Fixture f;
  f.dns.set("example.com", DnsType::Naptr,
            naptr({{20, 10, "s", "SIP+D2U", "_sip._udp.example.com"},
                   {10, 50, "s", "SIP+D2T", "_sip._tcp.example.com"},
                   {10, 20, "s", "SIPS+D2T", "_sips._tcp.example.com"},
                   {5, 10, "s", "SIP+D2S", "_sip._sctp.example.com"},   // SCTP: not spoken
                   {5, 10, "a", "SIP+D2U", "other.example.com"}}));      // not an SRV pointer
  f.dns.set("_sip._udp.example.com", DnsType::Srv, srv({{0, 0, 5060, "u.example.com"}}));
  f.dns.set("_sip._tcp.example.com", DnsType::Srv, srv({{0, 0, 5060, "t.example.com"}}));
  f.dns.set("_sips._tcp.example.com", DnsType::Srv, srv({{0, 0, 5061, "s.example.com"}}));
  f.dns.set("u.example.com", DnsType::A, ips({"192.0.2.1"}));
  f.dns.set("t.example.com", DnsType::A, ips({"192.0.2.2"}));
  f.dns.set("s.example.com", DnsType::A, ips({"192.0.2.3"}));
  EXPECT_EQ(f.run("sip:example.com"), (Lines{"TLS 192.0.2.3:5061", "TCP 192.0.2.2:5060", "UDP 192.0.2.1:5060"}));
  // A sips URI discards every service that is not SIPS.
  EXPECT_EQ(f.run("sips:example.com"), Lines{"TLS 192.0.2.3:5061"});
}

TEST(SipResolver, WithoutNaptrEachTransportSrvIsAsked) {
  Fixture f;
  f.dns.set("_sip._udp.example.com", DnsType::Srv, srv({{0, 0, 5062, "u.example.com"}}));
  f.dns.set("_sip._tcp.example.com", DnsType::Srv, srv({{0, 0, 5063, "u.example.com"}}));
  f.dns.set("_sips._tcp.example.com", DnsType::Srv, srv({{0, 0, 5064, "u.example.com"}}));
  f.dns.set("u.example.com", DnsType::A, ips({"192.0.2.1"}));
  EXPECT_EQ(f.run("sip:example.com"), (Lines{"UDP 192.0.2.1:5062", "TCP 192.0.2.1:5063"}));
  EXPECT_EQ(f.run("sips:example.com"), Lines{"TLS 192.0.2.1:5064"});
}

TEST(SipResolver, WithoutSrvTheDomainAddressesWithDefaultPorts) {
  Fixture f;
  f.dns.set("example.com", DnsType::A, ips({"192.0.2.1"}));
  f.dns.set("example.com", DnsType::Aaaa, ips({"2001:db8::5"}));
  EXPECT_EQ(f.run("sip:example.com"), (Lines{"UDP 192.0.2.1:5060", "UDP [2001:db8::5]:5060"}));
  EXPECT_EQ(f.run("sips:example.com"), (Lines{"TLS 192.0.2.1:5061", "TLS [2001:db8::5]:5061"}));
}

TEST(SipResolver, SrvTargetDotMeansNoServiceThere) {
  Fixture f;
  f.dns.set("_sip._tcp.example.com", DnsType::Srv, srv({{0, 0, 0, "."}}));
  f.dns.set("example.com", DnsType::A, ips({"192.0.2.1"}));
  EXPECT_EQ(f.run("sip:example.com;transport=tcp"), Lines{"TCP 192.0.2.1:5060"});
}

TEST(SipResolver, SrvPriorityFirstAndLowPriorityLast) {
  Fixture f;
  f.dns.set("_sip._udp.example.com", DnsType::Srv,
            srv({{20, 100, 5070, "c.example.com"}, {10, 0, 5060, "a.example.com"}, {10, 0, 5061, "b.example.com"}}));
  f.dns.set("a.example.com", DnsType::A, ips({"192.0.2.1"}));
  f.dns.set("b.example.com", DnsType::A, ips({"192.0.2.2"}));
  f.dns.set("c.example.com", DnsType::A, ips({"192.0.2.3"}));
  EXPECT_EQ(f.run("sip:example.com;transport=udp"),
            (Lines{"UDP 192.0.2.1:5060", "UDP 192.0.2.2:5061", "UDP 192.0.2.3:5070"}));
}

TEST(SipResolver, SrvWeightsShareTheFirstChoiceInProportion) {
  SystemRandom random(42);
  std::map<std::string, int> first;
  constexpr int kRounds = 20000;
  for (int i = 0; i < kRounds; ++i) {
    auto order = orderSrv({{1, 60, 1, "sixty"}, {1, 30, 1, "thirty"}, {1, 10, 1, "ten"}, {1, 0, 1, "zero"},
                           {2, 1000, 1, "backup"}},
                          random);
    ASSERT_EQ(order.size(), 5u);
    EXPECT_EQ(order.back().target, "backup");  // priority 2 only after every priority 1 record
    ++first[order.front().target];
  }
  // Expected shares of the first place: 60 %, 30 %, 10 %, and ~1/101 for the zero weight.
  EXPECT_NEAR(first["sixty"] / double(kRounds), 0.60, 0.02);
  EXPECT_NEAR(first["thirty"] / double(kRounds), 0.30, 0.02);
  EXPECT_NEAR(first["ten"] / double(kRounds), 0.10, 0.02);
  EXPECT_LT(first["zero"] / double(kRounds), 0.02);
  EXPECT_EQ(first["backup"], 0);
}

TEST(SipResolver, HostsTableOverridesDns) {
  Fixture f;
  f.hosts = HostsTable({{"proxy2.example.com", "127.0.0.2", {}, {}},
                        {"EXAMPLE.org.", "127.0.0.3", TransportKind::Tcp, 5070},
                        {"example.org", "127.0.0.4", TransportKind::Tls, 5071}});
  f.dns.set("proxy2.example.com", DnsType::A, ips({"192.0.2.99"}));
  EXPECT_EQ(f.run("sip:proxy2.example.com"), Lines{"UDP 127.0.0.2:5060"});
  EXPECT_EQ(f.run("sip:proxy2.example.com:5090;transport=tcp"), Lines{"TCP 127.0.0.2:5090"});
  // SRV-like entries: their transport and port, filtered by what the URI demands.
  EXPECT_EQ(f.run("sip:example.org"), (Lines{"TCP 127.0.0.3:5070", "TLS 127.0.0.4:5071"}));
  EXPECT_EQ(f.run("sips:example.org"), Lines{"TLS 127.0.0.4:5071"});
  EXPECT_EQ(f.run("sip:example.org;transport=tcp"), Lines{"TCP 127.0.0.3:5070"});
  EXPECT_TRUE(f.dns.asked().empty());
}

TEST(SipResolver, HostsTableAnswersForSrvTargets) {
  Fixture f;
  f.hosts = HostsTable({{"pbx.example.com", "127.0.0.5", {}, {}}});
  f.dns.set("_sip._tcp.example.com", DnsType::Srv, srv({{0, 0, 5070, "pbx.example.com"}}));
  EXPECT_EQ(f.run("sip:example.com;transport=tcp"), Lines{"TCP 127.0.0.5:5070"});
}

TEST(SipResolver, NxdomainIsMissingAndTimeoutIsAnIoError) {
  Fixture f;
  EXPECT_EQ(f.run("sip:nowhere.example"), Lines{"error: Bad DNS: no address for the host"});
  Fixture g;
  for (DnsType t : {DnsType::Naptr, DnsType::A, DnsType::Aaaa}) {
    g.dns.set("slow.example", t, fail(Errc::Io, "timeout", "DNS", 0));
  }
  EXPECT_EQ(g.run("sip:slow.example"), Lines{"error: Bad DNS: timeout"});
  // A failed NAPTR query does not stop the walk when something further down answers.
  g.dns.set("slow.example", DnsType::A, ips({"192.0.2.4"}));
  EXPECT_EQ(g.run("sip:slow.example"), Lines{"UDP 192.0.2.4:5060"});
}

TEST(SipResolver, AnswersArrivingLaterKeepARecordsFirst) {
  Fixture f;
  f.dns.deferred(true);
  f.dns.set("example.com", DnsType::Aaaa, ips({"2001:db8::1"}));
  f.dns.set("example.com", DnsType::A, ips({"192.0.2.1"}));
  EXPECT_EQ(f.run("sip:example.com:5060"), (Lines{"UDP 192.0.2.1:5060", "UDP [2001:db8::1]:5060"}));
}

TEST(SipResolver, NoCompletionAfterTheResolverIsGone) {
  FakeDnsClient dns;
  dns.deferred(true);
  FixedRandom random(0);
  bool called = false;
  {
    SipResolver resolver(dns, random, HostsTable{});
    resolver.resolveAddress("example.com", TransportKind::Tcp, 5060, [&](auto) { called = true; });
  }
  dns.answerAll();
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace parley::transport
