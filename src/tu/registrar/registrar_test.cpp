// SPDX-License-Identifier: MIT
// The registrar behind the server core and a real transaction table, with the in-memory stores,
// a real digest authenticator and fake clocks: RFC 3665 §2.1-2.5 and the §10.3 rules end to end.
#include "tu/registrar/registrar.hpp"

#include <gtest/gtest.h>

#include "fake_loop.hpp"
#include "fake_wall_clock.hpp"
#include "location/memory/memory_credential_store.hpp"
#include "location/memory/memory_location_store.hpp"
#include "recording_transport.hpp"
#include "sip_samples.hpp"
#include "syntax/auth_header.hpp"
#include "syntax/header_params.hpp"
#include "tu/auth/digest_hash.hpp"
#include "tu/core/server_core.hpp"

namespace parley::tu {
namespace {

using syntax::HeaderId;
using test::SampleMessages;

constexpr std::string_view kAor = "sip:bob@biloxi.example.com";

// RFC 3665 §2.1 F1, as Bob's phone sends it over TLS (CSeq and Contact vary per test).
std::string registerText(std::string_view extra = "", std::uint32_t cseq = 1,
                         std::string_view contact = "Contact: <sips:bob@client.biloxi.example.com>\r\n",
                         std::string_view callId = "1j9FpLxk3uxtm8tn@biloxi.example.com") {
  std::string t = "REGISTER sips:ss2.biloxi.example.com SIP/2.0\r\n"
                  "Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7-";
  t += std::to_string(cseq) + "-" + std::string(callId.substr(0, 4)) + "\r\n";
  t += "Max-Forwards: 70\r\n"
       "From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl\r\n"
       "To: Bob <sips:bob@biloxi.example.com>\r\n";
  t += "Call-ID: " + std::string(callId) + "\r\n";
  t += "CSeq: " + std::to_string(cseq) + " REGISTER\r\n";
  t += contact;
  t += extra;
  t += "Content-Length: 0\r\n\r\n";
  return t;
}

struct RegistrarHarness {
  test::FakeLoop loop;
  test::FakeWallClock wall{1'700'000'000};
  test::RecordingTransport transport{loop.clock()};
  SystemRandom random{7};
  CoreConfig core{{"biloxi.example.com", "ss2.biloxi.example.com"}, {"192.0.2.4"}, "Parley/test", {"path", "outbound"}, {}};
  RegistrarConfig config;
  location::MemoryLocationStore bindings;
  location::MemoryCredentialStore users;
  std::unique_ptr<auth::DigestAuthenticator> digest;
  std::unique_ptr<Registrar> registrar;
  ServerCore server{core, random};
  txn::TransactionTable table{loop.clock(), loop.wheel(), transport, server};
  txn::TransportTarget source = txn::TransportTarget::of(txn::TransportKind::Tls, "192.0.2.101", 49152, 7);
  std::uint32_t cseq = 0;

  RegistrarHarness() {
    auth::DigestConfig dc;
    dc.secret = "0123456789abcdef-registrar-test";
    digest = std::move(*auth::DigestAuthenticator::create(dc));
    registrar = std::make_unique<Registrar>(config, core, bindings, users, digest.get(), wall);
    server.attach(table);
    server.serve(syntax::Method::Register, *registrar);
    addUser("bob", "zanzibar");
  }

  void addUser(const std::string& name, std::string_view password) {
    location::Credentials c{name, "biloxi.example.com",
                            auth::ha1(auth::DigestAlgorithm::Md5, name, "biloxi.example.com", password),
                            auth::ha1(auth::DigestAlgorithm::Sha256, name, "biloxi.example.com", password),
                            auth::ha1(auth::DigestAlgorithm::Sha512_256, name, "biloxi.example.com", password)};
    ASSERT_TRUE(users.put(c).has_value());
  }

  syntax::SipMessage send(const std::string& text) {
    std::size_t before = transport.count();
    table.receive(SampleMessages::parse(text), source);
    EXPECT_EQ(transport.count(), before + 1);
    return SampleMessages::parse(transport.last().bytes);
  }

  // The Authorization line answering the first challenge of `challenge` (a 401) as `user`.
  static std::string authorization(const syntax::SipMessage& challenge, std::string_view user, std::string_view password,
                                   std::string_view nc = "00000001") {
    const syntax::HeaderField* h = challenge.find(HeaderId::WwwAuthenticate);
    EXPECT_NE(h, nullptr);
    if (h == nullptr) return {};
    auto c = syntax::parseChallenge(h->value, "WWW-Authenticate");
    EXPECT_TRUE(c.has_value());
    std::string realm = syntax::unquote(c->realm), nonce = syntax::unquote(c->nonce);
    auto alg = auth::parseAlgorithm(c->algorithm);
    std::string ha1 = auth::ha1(auth::baseAlgorithm(*alg), user, realm, password);
    auth::DigestInput in;
    in.algorithm = *alg;
    in.ha1 = ha1;
    in.nonce = nonce;
    in.cnonce = "0a4f113b";
    in.nc = nc;
    in.qop = "auth";
    in.method = "REGISTER";
    in.uri = "sips:ss2.biloxi.example.com";
    std::string response = auth::digestResponse(in);
    return "Authorization: Digest username=\"" + std::string(user) + "\", realm=\"" + realm + "\", nonce=\"" + nonce +
           "\", uri=\"sips:ss2.biloxi.example.com\", response=\"" + response + "\", algorithm=" +
           std::string(c->algorithm) + ", cnonce=\"0a4f113b\", opaque=\"" + syntax::unquote(c->opaque) +
           "\", qop=auth, nc=" + std::string(nc) + "\r\n";
  }

  // F1-F4: challenged, then answered; returns the final response.
  syntax::SipMessage registerWith(std::string_view extra, std::string_view contact,
                                  std::string_view user = "bob", std::string_view password = "zanzibar",
                                  std::string_view callId = "1j9FpLxk3uxtm8tn@biloxi.example.com") {
    syntax::SipMessage challenge = send(registerText(extra, ++cseq, contact, callId));
    EXPECT_EQ(challenge.statusCode(), 401);
    return send(registerText(std::string(extra) + authorization(challenge, user, password), ++cseq, contact, callId));
  }

  location::BindingSet stored() { return *bindings.lookup(kAor, wall.now()); }
};

std::vector<std::string_view> values(const syntax::SipMessage& m, HeaderId id) {
  std::vector<std::string_view> out;
  for (const auto& h : m.headers()) {
    if (h.id == id) out.push_back(h.value);
  }
  return out;
}

TEST(Registrar, Rfc3665_2_1_SuccessfulNewRegistrationOverTls) {
  RegistrarHarness h;
  // F1 -> F2: 401 with one challenge per algorithm, strongest first, realm = Bob's domain.
  syntax::SipMessage f2 = h.send(registerText("", 1));
  ASSERT_EQ(f2.statusCode(), 401);
  auto challenges = values(f2, HeaderId::WwwAuthenticate);
  ASSERT_EQ(challenges.size(), 2u);
  EXPECT_NE(challenges[0].find("algorithm=SHA-256"), std::string_view::npos);
  EXPECT_NE(challenges[1].find("algorithm=MD5"), std::string_view::npos);
  EXPECT_NE(challenges[0].find("realm=\"biloxi.example.com\""), std::string_view::npos);
  EXPECT_NE(challenges[0].find("qop=\"auth\""), std::string_view::npos);
  EXPECT_TRUE(h.stored().empty());
  // F3 -> F4: the same request with credentials; 200 lists the binding with its expiry and Date.
  syntax::SipMessage f4 = h.send(registerText(RegistrarHarness::authorization(f2, "bob", "zanzibar"), 2));
  ASSERT_EQ(f4.statusCode(), 200) << f4.reasonPhrase();
  EXPECT_EQ(values(f4, HeaderId::Contact), std::vector<std::string_view>{"<sips:bob@client.biloxi.example.com>;expires=3600"});
  EXPECT_NE(f4.find(HeaderId::Date), nullptr);
  EXPECT_EQ(f4.find(HeaderId::Date)->value, "Tue, 14 Nov 2023 22:13:20 GMT");
  location::BindingSet s = h.stored();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].expires, h.wall.now() + 3600);
  EXPECT_EQ(s[0].flow, (location::FlowRef{2, "192.0.2.101", 49152, 7, ""}));
  EXPECT_EQ(s[0].callId, "1j9FpLxk3uxtm8tn@biloxi.example.com");
}

TEST(Registrar, Rfc3665_2_2_UpdateAddsRefreshesAndListsEveryContact) {
  RegistrarHarness h;
  ASSERT_EQ(h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>\r\n").statusCode(), 200);
  h.wall.advance(100);
  // Several contacts in one request: a refresh of the first (shorter) and a new one with q.
  syntax::SipMessage ok = h.registerWith("Expires: 1800\r\n",
                                         "Contact: <sips:bob@client.biloxi.example.com>, "
                                         "<sips:bob@desk.biloxi.example.com>;q=0.7;expires=600\r\n");
  ASSERT_EQ(ok.statusCode(), 200);
  auto contacts = values(ok, HeaderId::Contact);
  ASSERT_EQ(contacts.size(), 2u);
  EXPECT_EQ(contacts[0], "<sips:bob@client.biloxi.example.com>;expires=1800");
  EXPECT_EQ(contacts[1], "<sips:bob@desk.biloxi.example.com>;expires=600;q=0.7");
  // Later, each 200 shows the remaining time.
  h.wall.advance(500);
  syntax::SipMessage query = h.registerWith("", "");
  EXPECT_EQ(values(query, HeaderId::Contact),
            (std::vector<std::string_view>{"<sips:bob@client.biloxi.example.com>;expires=1300",
                                           "<sips:bob@desk.biloxi.example.com>;expires=100;q=0.7"}));
}

TEST(Registrar, Rfc3665_2_3_RequestForCurrentContactsChangesNothing) {
  RegistrarHarness h;
  ASSERT_EQ(h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>\r\n").statusCode(), 200);
  location::BindingSet before = h.stored();
  syntax::SipMessage ok = h.registerWith("", "");
  ASSERT_EQ(ok.statusCode(), 200);
  EXPECT_EQ(values(ok, HeaderId::Contact).size(), 1u);
  EXPECT_EQ(h.stored(), before);
}

TEST(Registrar, Rfc3665_2_4_CancellationByWildcardAndBySingleContact) {
  RegistrarHarness h;
  ASSERT_EQ(h.registerWith("", "Contact: <sips:bob@a.biloxi.example.com>, <sips:bob@b.biloxi.example.com>\r\n")
                .statusCode(),
            200);
  syntax::SipMessage one = h.registerWith("", "Contact: <sips:bob@a.biloxi.example.com>;expires=0\r\n");
  ASSERT_EQ(one.statusCode(), 200);
  EXPECT_EQ(values(one, HeaderId::Contact), std::vector<std::string_view>{"<sips:bob@b.biloxi.example.com>;expires=3600"});
  syntax::SipMessage all = h.registerWith("Expires: 0\r\n", "Contact: *\r\n");
  ASSERT_EQ(all.statusCode(), 200);
  EXPECT_TRUE(values(all, HeaderId::Contact).empty());
  EXPECT_TRUE(h.stored().empty());
}

TEST(Registrar, Rfc3665_2_5_WrongPasswordIsChallengedAgainAndUnknownUsersLookTheSame) {
  RegistrarHarness h;
  syntax::SipMessage wrong = h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>\r\n", "bob", "wrong");
  EXPECT_EQ(wrong.statusCode(), 401);
  EXPECT_TRUE(h.stored().empty());
  h.addUser("mallory", "x");
  syntax::SipMessage unknown = h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>\r\n", "nobody", "x");
  EXPECT_EQ(unknown.statusCode(), 401);
  EXPECT_EQ(unknown.reasonPhrase(), wrong.reasonPhrase());
  EXPECT_EQ(values(unknown, HeaderId::WwwAuthenticate).size(), values(wrong, HeaderId::WwwAuthenticate).size());
  // A real user of the realm may not register Bob's AOR (§10.3 step 4).
  syntax::SipMessage other = h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>\r\n", "mallory", "x");
  EXPECT_EQ(other.statusCode(), 403);
  EXPECT_TRUE(h.stored().empty());
}

TEST(Registrar, SipsOverAnythingButTlsIsRefused) {
  RegistrarHarness h;
  h.source = txn::TransportTarget::of(txn::TransportKind::Udp, "192.0.2.101", 5060);
  syntax::SipMessage r = h.send(registerText("", 1));
  EXPECT_EQ(r.statusCode(), 403);
  EXPECT_EQ(r.reasonPhrase(), "Registration requires TLS");
  // sip: over UDP is fine until the configuration demands TLS for every registration.
  std::string plain = registerText("", 2);
  for (std::size_t at = plain.find("sips:"); at != std::string::npos; at = plain.find("sips:")) plain.replace(at, 5, "sip:");
  EXPECT_EQ(h.send(plain).statusCode(), 401);
  h.config.requireTls = true;
  plain.replace(plain.find("branch=z9hG4bK"), 14, "branch=z9hG4bKx");
  EXPECT_EQ(h.send(plain).statusCode(), 403);
  EXPECT_TRUE(h.stored().empty());
}

TEST(Registrar, ForeignDomainsGet404) {
  RegistrarHarness h;
  std::string t = registerText("", 1);
  t.replace(t.find("ss2.biloxi.example.com"), 22, "atlanta.example.com");
  EXPECT_EQ(h.send(t).statusCode(), 404);
}

TEST(Registrar, ExpiryBoundsAnd423WithMinExpires) {
  RegistrarHarness h;
  syntax::SipMessage brief = h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>;expires=30\r\n");
  ASSERT_EQ(brief.statusCode(), 423);
  EXPECT_EQ(brief.reasonPhrase(), "Interval Too Brief");
  ASSERT_NE(brief.find(HeaderId::MinExpires), nullptr);
  EXPECT_EQ(brief.find(HeaderId::MinExpires)->value, "60");
  EXPECT_TRUE(h.stored().empty());
  syntax::SipMessage capped = h.registerWith("Expires: 999999\r\n", "Contact: <sips:bob@client.biloxi.example.com>\r\n");
  EXPECT_EQ(values(capped, HeaderId::Contact), std::vector<std::string_view>{"<sips:bob@client.biloxi.example.com>;expires=86400"});
}

TEST(Registrar, BadContactsAndExpiresGet400AndChangeNothing) {
  RegistrarHarness h;
  ASSERT_EQ(h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>\r\n").statusCode(), 200);
  location::BindingSet before = h.stored();
  EXPECT_EQ(h.registerWith("Expires: 3600\r\n", "Contact: *\r\n").statusCode(), 400);
  EXPECT_EQ(h.registerWith("", "Contact: *, <sips:bob@x.biloxi.example.com>\r\nExpires: 0\r\n").statusCode(), 400);
  EXPECT_EQ(h.registerWith("Expires: soon\r\n", "Contact: <sips:bob@x.biloxi.example.com>\r\n").statusCode(), 400);
  EXPECT_EQ(h.registerWith("", "Contact: <sips:bob@x.biloxi.example.com>;expires=never\r\n").statusCode(), 400);
  std::string many = "Contact: ";
  for (int i = 0; i < 300; ++i) many += (i ? ", " : "") + std::string("<sip:bob@h") + std::to_string(i) + ".example.com>";
  EXPECT_EQ(h.registerWith("", many + "\r\n").statusCode(), 403);
  EXPECT_EQ(h.stored(), before);
}

TEST(Registrar, OutOfOrderCSeqIsRejectedAndTheBindingKept) {
  RegistrarHarness h;
  ASSERT_EQ(h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>\r\n").statusCode(), 200);
  location::BindingSet before = h.stored();
  h.cseq = 0;  // the same Call-ID starts over at CSeq 1: older than the stored one
  syntax::SipMessage old = h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>;expires=60\r\n");
  EXPECT_EQ(old.statusCode(), 400);
  EXPECT_EQ(old.reasonPhrase(), "Bad CSeq: Out-of-order CSeq");
  EXPECT_EQ(h.stored(), before);
}

TEST(Registrar, BindingsVanishWhenTheyExpire) {
  RegistrarHarness h;
  ASSERT_EQ(h.registerWith("", "Contact: <sips:bob@client.biloxi.example.com>;expires=60\r\n").statusCode(), 200);
  h.wall.advance(59);
  EXPECT_EQ(h.stored().size(), 1u);
  h.wall.advance(1);
  EXPECT_TRUE(h.stored().empty());
  EXPECT_TRUE(values(h.registerWith("", ""), HeaderId::Contact).empty());
}

TEST(Registrar, PathIsStoredAndEchoedOnlyWhenSupported) {
  RegistrarHarness h;
  std::string path = "Path: <sip:edge.biloxi.example.com;lr;ob>\r\n";
  syntax::SipMessage silent = h.registerWith(path, "Contact: <sips:bob@client.biloxi.example.com>\r\n");
  ASSERT_EQ(silent.statusCode(), 200);
  EXPECT_EQ(silent.find(HeaderId::Path), nullptr);
  EXPECT_EQ(h.stored()[0].path, std::vector<std::string>{"<sip:edge.biloxi.example.com;lr;ob>"});
  syntax::SipMessage echoed = h.registerWith(path + "Supported: path, outbound\r\n",
                                             "Contact: <sips:bob@client.biloxi.example.com>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1\r\n");
  ASSERT_EQ(echoed.statusCode(), 200);
  EXPECT_EQ(values(echoed, HeaderId::Path), std::vector<std::string_view>{"<sip:edge.biloxi.example.com;lr;ob>"});
  EXPECT_EQ(values(echoed, HeaderId::Require), std::vector<std::string_view>{"outbound"});
}

TEST(Registrar, MalformedCredentialsGet400) {
  RegistrarHarness h;
  syntax::SipMessage r = h.send(registerText("Authorization: Digest username=\"bob\", realm=\r\n", 1));
  EXPECT_EQ(r.statusCode(), 400);
  EXPECT_TRUE(h.stored().empty());
}

}  // namespace
}  // namespace parley::tu
