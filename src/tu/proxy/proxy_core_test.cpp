// SPDX-License-Identifier: MIT
// The proxy core driven through a real TransactionTable, with a fake clock and transport, an
// in-memory location service and user database, and a table of next hops instead of DNS:
// RFC 3665 §3 flows at the level of the messages the proxy sends.
#include "tu/proxy/proxy_core.hpp"

#include <gtest/gtest.h>

#include <map>

#include "fake_loop.hpp"
#include "fake_wall_clock.hpp"
#include "location/memory/memory_credential_store.hpp"
#include "location/memory/memory_location_store.hpp"
#include "recording_transport.hpp"
#include "syntax/message_parser.hpp"
#include "tu/auth/auth_test_support.hpp"
#include "tu/proxy/branch.hpp"
#include "tu/proxy/proxy_test_support.hpp"
#include "tu/proxy/stateless_forwarding.hpp"

namespace parley::tu {
namespace {

using testing::parseSample;
using txn::TransportKind;
using txn::TransportTarget;

constexpr std::string_view kDomain = "biloxi.example.com";

// Next hops: IP-literal hosts as themselves (UDP unless transport=tcp), names from `names`.
class TableNextHop final : public NextHopResolver {
 public:
  void resolve(const syntax::Uri& uri, Completion done) noexcept override {
    ++asked;
    auto named = names.find(std::string(uri.host));
    if (named != names.end()) {
      done(named->second);
      return;
    }
    if (syntax::classifyHost(uri.host) != syntax::HostKind::IPv4) {
      done(fail(Errc::Missing, "no such host", "", 0));
      return;
    }
    TransportKind kind = uri.param("transport") == std::optional<std::string_view>("tcp") ? TransportKind::Tcp
                                                                                           : TransportKind::Udp;
    done(std::vector<TransportTarget>{TransportTarget::of(kind, std::string(uri.host), uri.port.value_or(5060))});
  }
  std::map<std::string, std::vector<TransportTarget>> names;
  int asked = 0;
};

struct ProxyHarness {
  test::FakeLoop loop;
  test::RecordingTransport transport{loop.clock()};
  test::FakeWallClock wall;
  SystemRandom random{7};
  CoreConfig core{{std::string(kDomain)}, {"192.0.2.10"}, "Parley/test", {"path"}, {}};
  LocalAddresses local{{std::string(kDomain)}, {{"192.0.2.10", 5060}}};
  ProxyConfig config;
  location::MemoryLocationStore bindings;
  location::MemoryCredentialStore users;
  std::unique_ptr<auth::DigestAuthenticator> digest;
  TableNextHop nextHop;
  ServerCore server{core, random};
  std::unique_ptr<ProxyCore> proxy;
  std::unique_ptr<txn::TransactionTable> table;
  TransportTarget caller = TransportTarget::of(TransportKind::Udp, "192.0.2.101", 5060);

  explicit ProxyHarness(bool withAuth = false) {
    config.legs.udp = RecordRouteLeg{TransportKind::Udp, "192.0.2.10", 5060};
    config.legs.tcp = RecordRouteLeg{TransportKind::Tcp, "192.0.2.10", 5060};
    config.auth.enabled = withAuth;
    auth::DigestConfig d;
    d.algorithms = {auth::DigestAlgorithm::Md5};
    d.secret = "a-secret-of-at-least-16-bytes";
    digest = std::move(*auth::DigestAuthenticator::create(d));
    EXPECT_TRUE(users.put(auth::test_support::user("bob", kDomain, "secret")).has_value());
    EXPECT_TRUE(users.put(auth::test_support::user("carol", kDomain, "secret")).has_value());
    build();
  }

  void build() {
    table.reset();
    proxy = std::make_unique<ProxyCore>(config, core, local, server,
                                        ProxyServices{&bindings, &users, digest.get(), &wall, "node-1"}, transport,
                                        nextHop, loop.clock(), loop.wheel(), random, 0);
    table = std::make_unique<txn::TransactionTable>(loop.clock(), loop.wheel(), transport, *proxy);
    proxy->attach(*table);
  }

  // Registers `contact` for `user` with q in thousandths (-1: none).
  void registerContact(std::string_view user, std::string contact, std::int16_t q = -1) {
    std::string aor = "sip:" + std::string(user) + "@" + std::string(kDomain);
    auto done = bindings.update(aor, wall.now(), [&](const location::BindingSet& current) -> Result<location::BindingSet> {
      location::BindingSet next = current;
      location::Binding b;
      b.aor = aor;
      b.contact = contact;
      b.callId = "reg-" + contact;
      b.cseq = 1;
      b.expires = wall.now() + 3600;
      b.updated = wall.now();
      b.q = q;
      next.push_back(b);
      return next;
    });
    EXPECT_TRUE(done.has_value());
  }

  // Bob registered at 192.0.2.4:5062, Alice's INVITE received: the INVITE forwarded to him
  // (after 100 Trying), optionally already answered with 180 by his phone.
  syntax::SipMessage callBob(bool ringing = false);

  void receive(std::string_view lfText, const TransportTarget& from) { table->receive(parseSample(lfText), from); }
  void receive(std::string_view lfText) { receive(lfText, caller); }

  // Everything sent since the last call, parsed.
  std::vector<syntax::SipMessage> drain() {
    std::vector<syntax::SipMessage> out;
    for (const auto& s : transport.sent()) {
      auto m = syntax::parseMessage(s.bytes);
      EXPECT_TRUE(m.has_value()) << s.bytes;
      if (m) out.push_back(*m);
    }
    transport.clear();
    return out;
  }
  std::vector<test::RecordingTransport::Sent> sentRaw() {
    auto s = transport.sent();
    transport.clear();
    return s;
  }
};

std::string invite(std::string_view ruri = "sip:bob@biloxi.example.com", std::string_view from = "alice@atlanta.example.com",
                   std::string_view extra = "", std::string_view branch = "z9hG4bK74bf9") {
  std::string t = "INVITE " + std::string(ruri) + " SIP/2.0\n";
  t += "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=" + std::string(branch) + ";rport\n";
  t += "Max-Forwards: 70\n";
  t += "From: Alice <sip:" + std::string(from) + ">;tag=9fxced76sl\n";
  t += "To: Bob <sip:bob@biloxi.example.com>\n";
  t += "Call-ID: 3848276298220188511@atlanta.example.com\n";
  t += "CSeq: 1 INVITE\n";
  t += "Contact: <sip:alice@client.atlanta.example.com>\n";
  t += extra;
  t += "Content-Length: 0\n\n";
  return t;
}

// A request of Alice's dialog with Bob, routed through us by the Record-Route we left (§12.2.1.1).
std::string inDialog(std::string_view method, int cseq, std::string_view branch) {
  std::string m(method);
  return m + " sip:bob@192.0.2.4:5062 SIP/2.0\n"
             "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=" + std::string(branch) + "\n"
             "Max-Forwards: 70\n"
             "Route: <sip:192.0.2.10:5060;transport=udp;lr>\n"
             "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
             "To: Bob <sip:bob@biloxi.example.com>;tag=314159\n"
             "Call-ID: 3848276298220188511@atlanta.example.com\n"
             "CSeq: " + std::to_string(cseq) + " " + m + "\n"
             "Content-Length: 0\n\n";
}

// The callee's response to the forwarded `request` (its Vias copied, a To tag added).
std::string responseTo(const syntax::SipMessage& request, int status, std::string_view reason,
                       std::string_view toTag = "314159", std::string_view extra = "") {
  std::string t = "SIP/2.0 " + std::to_string(status) + " " + std::string(reason) + "\n";
  for (const auto& h : request.headers()) {
    if (h.id == syntax::HeaderId::Via || h.id == syntax::HeaderId::From || h.id == syntax::HeaderId::CallId ||
        h.id == syntax::HeaderId::CSeq || h.id == syntax::HeaderId::RecordRoute) {
      t += std::string(h.line) + "\n";
    } else if (h.id == syntax::HeaderId::To) {
      t += std::string(h.line) + (request.to().tag.empty() && status > 100 ? ";tag=" + std::string(toTag) : "") + "\n";
    }
  }
  t += extra;
  t += "Content-Length: 0\n\n";
  return t;
}

syntax::SipMessage ProxyHarness::callBob(bool ringing) {
  registerContact("bob", "sip:bob@192.0.2.4:5062");
  receive(invite());
  auto sent = drain();
  EXPECT_EQ(sent.size(), 2u);
  if (sent.size() < 2) return {};
  syntax::SipMessage fwd = sent[1];
  if (ringing) {
    receive(responseTo(fwd, 180, "Ringing"), TransportTarget::of(TransportKind::Udp, "192.0.2.4", 5062));
    drain();
  }
  return fwd;
}

// Proxy-Authorization for `user` (password "secret") answering the 407 `challenge` to an INVITE
// for carol (RFC 7616 §3.4, MD5, qop=auth).
std::string credentialsFor(const syntax::SipMessage& challenge, std::string user) {
  auto parsed = syntax::parseChallenge(challenge.find(syntax::HeaderId::ProxyAuthenticate)->value, "Proxy-Authenticate");
  EXPECT_TRUE(parsed.has_value());
  auth::test_support::Answer ans;
  ans.username = std::move(user);
  ans.password = "secret";
  ans.realm = std::string(kDomain);
  ans.algorithm = auth::DigestAlgorithm::Md5;
  ans.nonce = parsed ? std::string(parsed->nonce) : std::string();
  ans.opaque = parsed ? std::string(parsed->opaque) : std::string();
  ans.uri = "sip:carol@biloxi.example.com";
  ans.method = "INVITE";
  return "Proxy-Authorization: " + ans.credentials() + "\n";
}

std::vector<int> statuses(const std::vector<syntax::SipMessage>& ms) {
  std::vector<int> out;
  for (const auto& m : ms) out.push_back(m.isResponse() ? m.statusCode() : 0);
  return out;
}

const syntax::SipMessage* requestTo(const std::vector<syntax::SipMessage>& ms, std::string_view uri,
                                    syntax::Method method = syntax::Method::Invite) {
  for (const auto& m : ms) {
    if (m.isRequest() && m.method() == method && m.requestUri().text == uri) return &m;
  }
  return nullptr;
}

TransportTarget udp(std::string ip, std::uint16_t port) { return TransportTarget::of(TransportKind::Udp, std::move(ip), port); }

TEST(ProxyCore, Rfc3665_3_1_InviteIsForwardedToTheRegisteredContact) {
  ProxyHarness h;
  h.registerContact("bob", "sip:bob@192.0.2.4:5062");
  h.receive(invite());
  auto sent = h.drain();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].statusCode(), 100);  // §16.2: 100 Trying at once
  const syntax::SipMessage& fwd = sent[1];
  ASSERT_TRUE(fwd.isRequest());
  EXPECT_EQ(fwd.requestUri().text, "sip:bob@192.0.2.4:5062");           // §16.6 step 2
  EXPECT_EQ(fwd.maxForwards(), 69);                                      // step 3
  EXPECT_EQ(fwd.find(syntax::HeaderId::RecordRoute)->value, "<sip:192.0.2.10:5060;transport=udp;lr>");  // step 4
  EXPECT_EQ(fwd.topVia().host, "192.0.2.10");                            // step 8
  EXPECT_TRUE(loopHashOf(fwd.topVia().branch).has_value());
  EXPECT_TRUE(fwd.topVia().rport);
  // The caller's Via now carries received/rport (§18.2.1, RFC 3581) for the responses' way back.
  auto vias = viaValues(fwd);
  ASSERT_EQ(vias.size(), 2u);
  EXPECT_EQ(vias[1].received, "192.0.2.101");
  EXPECT_EQ(vias[1].rportValue, 5060);
  EXPECT_EQ(h.proxy->activeContexts(), 1u);
}

TEST(ProxyCore, ProvisionalAndFinalResponsesGoUpstreamWithoutOurVia) {
  ProxyHarness h;
  auto fwd = h.callBob();
  h.receive(responseTo(fwd, 180, "Ringing"), udp("192.0.2.4", 5062));
  h.receive(responseTo(fwd, 200, "OK"), udp("192.0.2.4", 5062));
  auto up = h.drain();
  EXPECT_EQ(statuses(up), (std::vector<int>{180, 200}));
  for (const auto& r : up) {
    EXPECT_EQ(r.topVia().host, "client.atlanta.example.com");  // §16.7 step 3
    EXPECT_EQ(viaValues(r).size(), 1u);
  }
  EXPECT_EQ(h.sentRaw().size(), 0u);
  // The client INVITE transaction waits in Accepted (RFC 6026) for 2xx retransmissions; once it
  // and the server transaction end, nothing is left.
  h.loop.runFor(std::chrono::seconds(64));
  EXPECT_EQ(h.proxy->activeContexts(), 0u);
  EXPECT_EQ(h.table->size(), 0u);
}

TEST(ProxyCore, ForkingInParallelCancelsTheOtherBranchOn2xx) {
  ProxyHarness h;
  h.registerContact("bob", "sip:bob@192.0.2.4:5062");
  h.registerContact("bob", "sip:bob@192.0.2.5:5062");
  h.receive(invite());
  auto sent = h.drain();
  ASSERT_EQ(sent.size(), 3u);
  const auto* a = requestTo(sent, "sip:bob@192.0.2.4:5062");
  const auto* b = requestTo(sent, "sip:bob@192.0.2.5:5062");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->topVia().branch, b->topVia().branch);
  auto ringingB = responseTo(*b, 180, "Ringing", "b-tag");
  auto okA = responseTo(*a, 200, "OK", "a-tag");
  h.receive(ringingB, udp("192.0.2.5", 5062));
  h.receive(okA, udp("192.0.2.4", 5062));
  auto after = h.drain();
  // 180 and 200 upstream, CANCEL to the ringing branch (§16.7 step 10).
  const auto* cancel = requestTo(after, "sip:bob@192.0.2.5:5062", syntax::Method::Cancel);
  ASSERT_NE(cancel, nullptr);
  EXPECT_EQ(cancel->topVia().branch, b->topVia().branch);  // §9.1
  int upstream200 = 0;
  for (const auto& m : after) upstream200 += m.isResponse() && m.statusCode() == 200 ? 1 : 0;
  EXPECT_EQ(upstream200, 1);
  // The cancelled branch answers 200 to the CANCEL and 487 to the INVITE: the 487 is absorbed.
  h.receive(responseTo(*cancel, 200, "OK", "b-tag"), udp("192.0.2.5", 5062));
  h.receive(responseTo(*b, 487, "Request Terminated", "b-tag"), udp("192.0.2.5", 5062));
  auto last = h.drain();
  EXPECT_EQ(statuses(last), (std::vector<int>{0}));  // only the ACK for the 487 (§17.1.1.3)
  EXPECT_EQ(last[0].method(), syntax::Method::Ack);
  h.loop.runFor(std::chrono::seconds(64));
  EXPECT_EQ(h.proxy->activeContexts(), 0u);
  EXPECT_EQ(h.table->size(), 0u);
}

TEST(ProxyCore, SequentialByQValueTriesTheNextGroupAfterAFailure) {
  ProxyHarness h;
  h.registerContact("bob", "sip:bob@192.0.2.4:5062", 1000);
  h.registerContact("bob", "sip:bob@192.0.2.5:5062", 500);
  h.receive(invite());
  auto sent = h.drain();
  ASSERT_EQ(sent.size(), 2u);  // 100 and the q=1.0 branch only
  ASSERT_NE(requestTo(sent, "sip:bob@192.0.2.4:5062"), nullptr);
  h.receive(responseTo(sent[1], 486, "Busy Here"), udp("192.0.2.4", 5062));
  auto next = h.drain();
  EXPECT_NE(requestTo(next, "sip:bob@192.0.2.5:5062"), nullptr);
  auto codes = statuses(next);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), 486), 0);  // not forwarded yet
}

TEST(ProxyCore, A503WithRetryAfterKeepsTheNextCallsAwayFromThatTarget) {
  ProxyHarness h;
  h.registerContact("bob", "sip:bob@192.0.2.4:5062", 1000);
  h.registerContact("bob", "sip:bob@192.0.2.5:5062", 500);
  h.receive(invite());
  auto first = h.drain();
  ASSERT_NE(requestTo(first, "sip:bob@192.0.2.4:5062"), nullptr);
  h.receive(responseTo(first[1], 503, "Service Unavailable", "x", "Retry-After: 60\n"), udp("192.0.2.4", 5062));
  EXPECT_NE(requestTo(h.drain(), "sip:bob@192.0.2.5:5062"), nullptr);  // §3.4: the next target
  // A new call within the minute skips 192.0.2.4 and goes to 192.0.2.5 straight away.
  h.receive(invite("sip:bob@biloxi.example.com", "alice@atlanta.example.com", "", "z9hG4bKsecondcall"));
  auto second = h.drain();
  EXPECT_EQ(requestTo(second, "sip:bob@192.0.2.4:5062"), nullptr);
  EXPECT_NE(requestTo(second, "sip:bob@192.0.2.5:5062"), nullptr);
  // After the minute it is tried again.
  h.loop.runFor(std::chrono::seconds(61));
  h.drain();
  h.receive(invite("sip:bob@biloxi.example.com", "alice@atlanta.example.com", "", "z9hG4bKthirdcall"));
  EXPECT_NE(requestTo(h.drain(), "sip:bob@192.0.2.4:5062"), nullptr);
}

TEST(ProxyCore, Rfc3665_3_9_BusyHereIsPassedBack) {
  ProxyHarness h;
  auto fwd = h.callBob();
  h.receive(responseTo(fwd, 486, "Busy Here"), udp("192.0.2.4", 5062));
  auto up = h.drain();
  // 486 upstream, ACK downstream for it (by the client transaction, §17.1.1.3).
  EXPECT_EQ(statuses(up), (std::vector<int>{486, 0}));
  EXPECT_EQ(up[0].reasonPhrase(), "Busy Here");
}

TEST(ProxyCore, Rfc3665_3_11_UnregisteredUserGets480AndUnknownUser404) {
  ProxyHarness h;
  h.receive(invite("sip:carol@biloxi.example.com"));
  EXPECT_EQ(statuses(h.drain()), (std::vector<int>{480}));
  h.receive(invite("sip:nobody@biloxi.example.com", "alice@atlanta.example.com", "", "z9hG4bKother"));
  EXPECT_EQ(statuses(h.drain()), (std::vector<int>{404}));
  EXPECT_EQ(h.proxy->activeContexts(), 0u);
}

TEST(ProxyCore, Rfc3665_3_8_CallerCancelIsAnsweredAndPropagated) {
  ProxyHarness h;
  auto fwd = h.callBob(true);
  h.receive("CANCEL sip:bob@biloxi.example.com SIP/2.0\n"
            "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;rport\n"
            "Max-Forwards: 70\n"
            "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
            "To: Bob <sip:bob@biloxi.example.com>\n"
            "Call-ID: 3848276298220188511@atlanta.example.com\n"
            "CSeq: 1 CANCEL\n"
            "Content-Length: 0\n\n");
  auto sent = h.drain();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].statusCode(), 200);  // §16.10: the CANCEL is answered at once
  ASSERT_TRUE(sent[1].isRequest());
  EXPECT_EQ(sent[1].method(), syntax::Method::Cancel);
  h.receive(responseTo(fwd, 487, "Request Terminated"), udp("192.0.2.4", 5062));
  auto up = h.drain();
  EXPECT_EQ(statuses(up), (std::vector<int>{487, 0}));  // 487 upstream, ACK downstream
}

TEST(ProxyCore, TimerCCancelsARingingBranchAndTheCallerGets408) {
  ProxyHarness h;
  h.config.timerC = std::chrono::seconds(3);
  h.build();
  auto fwd = h.callBob(true);
  h.loop.runFor(std::chrono::seconds(4));
  auto sent = h.drain();
  const auto* cancel = requestTo(sent, "sip:bob@192.0.2.4:5062", syntax::Method::Cancel);
  ASSERT_NE(cancel, nullptr);
  h.receive(responseTo(fwd, 487, "Request Terminated"), udp("192.0.2.4", 5062));
  auto up = h.drain();
  EXPECT_EQ(statuses(up), (std::vector<int>{408, 0}));  // §16.8: the caller did not cancel; ACK downstream
}

TEST(ProxyCore, Rfc3665_3_10_NoResponseAtAllGives408) {
  ProxyHarness h;
  h.registerContact("bob", "sip:bob@192.0.2.4:5062");
  h.receive(invite());
  h.drain();
  h.loop.runFor(std::chrono::seconds(33));  // Timer B = 64*T1
  auto codes = statuses(h.drain());
  EXPECT_GE(std::count(codes.begin(), codes.end(), 408), 1);  // and its retransmissions (Timer G)
}

TEST(ProxyCore, ATargetThatCannotBeResolvedCountsAs503AndTheCallerGets500WhenNothingElseIsLeft) {
  ProxyHarness h;
  h.registerContact("bob", "sip:bob@unresolvable.invalid");
  h.receive(invite());
  auto sent = h.drain();
  EXPECT_EQ(statuses(sent), (std::vector<int>{100, 500}));  // §16.7 step 6: 503 becomes 500
}

TEST(ProxyCore, Rfc3665_3_4_TransportFailureMovesToTheNextAddress) {
  ProxyHarness h;
  h.nextHop.names["bob-phone.biloxi.example.com"] = {udp("192.0.2.50", 5060), udp("192.0.2.51", 5060)};
  h.registerContact("bob", "sip:bob@bob-phone.biloxi.example.com");
  h.receive(invite());
  auto sent = h.drain();
  ASSERT_EQ(sent.size(), 2u);
  // The first address never answers: after Timer B the INVITE goes to the second one.
  h.loop.runFor(std::chrono::seconds(33));
  auto raw = h.sentRaw();
  bool second = false;
  for (const auto& s : raw) second = second || (s.target.address == "192.0.2.51" && s.startLine().starts_with("INVITE"));
  EXPECT_TRUE(second);
}

TEST(ProxyCore, Rfc3665_3_2_OurUsersAreChallengedWith407AndTheirCredentialsRemoved) {
  ProxyHarness h(true);
  h.registerContact("carol", "sip:carol@192.0.2.6:5062");
  h.receive(invite("sip:carol@biloxi.example.com", "bob@biloxi.example.com"));
  auto challenge = h.drain();
  ASSERT_EQ(challenge.size(), 1u);
  EXPECT_EQ(challenge[0].statusCode(), 407);
  const auto* pa = challenge[0].find(syntax::HeaderId::ProxyAuthenticate);
  ASSERT_NE(pa, nullptr);
  // Answer it and send the INVITE again with another realm's credentials too.
  std::string extra = "Proxy-Authorization: Digest username=\"bob\", realm=\"other.example.com\", nonce=\"x\", "
                      "uri=\"sip:carol@biloxi.example.com\", response=\"00\"\n" +
                      credentialsFor(challenge[0], "bob");
  h.receive(invite("sip:carol@biloxi.example.com", "bob@biloxi.example.com", extra, "z9hG4bKsecond"));
  auto sent = h.drain();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].statusCode(), 100);
  // Ours removed, the other realm's passed on (RFC 3665 §3.3).
  ASSERT_EQ(sent[1].count(syntax::HeaderId::ProxyAuthorization), 1u);
  EXPECT_NE(sent[1].find(syntax::HeaderId::ProxyAuthorization)->value.find("other.example.com"), std::string_view::npos);
}

TEST(ProxyCore, AnotherDomainsCallerIsNotChallengedButMayNotRelay) {
  ProxyHarness h(true);
  h.registerContact("bob", "sip:bob@192.0.2.4:5062");
  h.receive(invite());  // alice@atlanta to bob@biloxi: our user is the callee
  EXPECT_EQ(statuses(h.drain())[0], 100);
  h.receive(invite("sip:dave@elsewhere.example.net", "alice@atlanta.example.com", "", "z9hG4bKrelay"));
  auto r = h.drain();
  EXPECT_EQ(statuses(r), (std::vector<int>{403}));
  EXPECT_EQ(r[0].reasonPhrase(), "Relaying forbidden");
}

TEST(ProxyCore, Rfc3665_3_3_UsersOfAListedForeignDomainAreChallengedToo) {
  ProxyHarness h(true);
  h.config.auth.foreignDomains = {"atlanta.example.com"};
  h.build();
  h.registerContact("bob", "sip:bob@192.0.2.4:5062");
  h.receive(invite());  // alice@atlanta.example.com
  auto r = h.drain();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].statusCode(), 407);
  EXPECT_NE(r[0].find(syntax::HeaderId::ProxyAuthenticate)->value.find("realm=\"biloxi.example.com\""),
            std::string_view::npos);
}

TEST(ProxyCore, IdentityCheckRefusesAnotherUsersFrom) {
  ProxyHarness h(true);
  h.receive(invite("sip:carol@biloxi.example.com", "bob@biloxi.example.com"));
  auto challenge = h.drain()[0];
  // Carol's credentials, Bob's From.
  h.receive(invite("sip:carol@biloxi.example.com", "bob@biloxi.example.com", credentialsFor(challenge, "carol"),
                   "z9hG4bKcarol"));
  auto r = h.drain();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].statusCode(), 403);
}

TEST(ProxyCore, Rfc3665_3_6_RedirectModeAnswers302WithTheContacts) {
  ProxyHarness h;
  h.config.mode = ProxyMode::Redirect;
  h.build();
  h.registerContact("bob", "sip:bob@192.0.2.4:5062", 500);
  h.registerContact("bob", "sip:bob@192.0.2.5:5062", 900);
  h.receive(invite());
  auto r = h.drain();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].statusCode(), 302);
  std::vector<std::string_view> contacts;
  syntax::forEachHeader(r[0], syntax::HeaderId::Contact, [&](const syntax::HeaderField& f) { contacts.push_back(f.value); });
  EXPECT_EQ(contacts, (std::vector<std::string_view>{"<sip:bob@192.0.2.5:5062>;q=0.9", "<sip:bob@192.0.2.4:5062>;q=0.5"}));
}

TEST(ProxyCore, InDialogRequestsFollowTheRouteSetStatefully) {
  ProxyHarness h;
  h.receive(inDialog("BYE", 2, "z9hG4bKbye1"));
  auto raw = h.sentRaw();
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_EQ(raw[0].target, udp("192.0.2.4", 5062));
  auto bye = syntax::parseMessage(raw[0].bytes);
  ASSERT_TRUE(bye.has_value());
  EXPECT_EQ(bye->find(syntax::HeaderId::Route), nullptr);        // our Route removed (§16.4)
  EXPECT_EQ(bye->find(syntax::HeaderId::RecordRoute), nullptr);  // in-dialog: no Record-Route
  h.receive(responseTo(*bye, 200, "OK"), udp("192.0.2.4", 5062));
  EXPECT_EQ(statuses(h.drain()), (std::vector<int>{200}));
}

TEST(ProxyCore, AckFor2xxIsForwardedStatelessly) {
  ProxyHarness h;
  h.receive(inDialog("ACK", 1, "z9hG4bKack1"));
  auto raw = h.sentRaw();
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_EQ(raw[0].target, udp("192.0.2.4", 5062));
  EXPECT_TRUE(raw[0].startLine().starts_with("ACK sip:bob@192.0.2.4:5062"));
  EXPECT_EQ(h.table->size(), 0u);  // no transaction for an ACK
  EXPECT_EQ(h.proxy->stats().statelessAcks, 1u);
}

TEST(ProxyCore, AStray2xxIsForwardedStatelesslyAndOtherStraysDropped) {
  ProxyHarness h;
  std::string ok = "SIP/2.0 200 OK\n"
                   "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKgone\n"
                   "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101;rport=5099\n"
                   "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
                   "To: Bob <sip:bob@biloxi.example.com>;tag=314159\n"
                   "Call-ID: 3848276298220188511@atlanta.example.com\n"
                   "CSeq: 1 INVITE\n"
                   "Content-Length: 0\n\n";
  h.receive(ok, udp("192.0.2.4", 5062));
  auto raw = h.sentRaw();
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_EQ(raw[0].target, udp("192.0.2.101", 5099));  // received + rport of the next Via
  std::string busy = ok;
  busy.replace(busy.find("200 OK"), 6, "486 Busy Here");
  h.receive(busy, udp("192.0.2.4", 5062));
  EXPECT_EQ(h.sentRaw().size(), 0u);
  EXPECT_EQ(h.proxy->stats().strayDropped, 1u);
}

TEST(ProxyCore, RequestsForTheServerItselfGoToTheServerCore) {
  ProxyHarness h;
  h.receive("OPTIONS sip:biloxi.example.com SIP/2.0\n"
            "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bKopt1\n"
            "Max-Forwards: 70\n"
            "From: <sip:alice@atlanta.example.com>;tag=1\n"
            "To: <sip:biloxi.example.com>\n"
            "Call-ID: opt1@atlanta.example.com\n"
            "CSeq: 1 OPTIONS\n"
            "Content-Length: 0\n\n");
  auto r = h.drain();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].statusCode(), 200);
  EXPECT_NE(r[0].find(syntax::HeaderId::Allow), nullptr);
}

TEST(ProxyCore, ValidationAnswersMaxForwardsZeroAndLoops) {
  ProxyHarness h;
  h.registerContact("bob", "sip:bob@192.0.2.4:5062");
  std::string zero = invite();
  zero.replace(zero.find("Max-Forwards: 70"), 16, "Max-Forwards: 0");
  h.receive(zero);
  EXPECT_EQ(statuses(h.drain()), (std::vector<int>{483}));
  // Our own forwarded INVITE coming back to us unchanged is a loop (482).
  h.receive(invite("sip:bob@biloxi.example.com", "alice@atlanta.example.com", "", "z9hG4bKloop"));
  auto fwd = h.drain()[1];
  std::string back(fwd.bytes());
  back.replace(0, back.find(" SIP/2.0"), "INVITE sip:bob@biloxi.example.com");
  h.table->receive(*syntax::parseMessage(back), h.caller);
  auto r = h.drain();
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r.back().statusCode(), 482);
}

}  // namespace
}  // namespace parley::tu
