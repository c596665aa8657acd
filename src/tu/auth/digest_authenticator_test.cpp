// SPDX-License-Identifier: MIT
// DigestAuthenticator: the challenge it writes, and verify() for good and bad passwords, unknown
// users, expired, forged and foreign nonces.
#include "tu/auth/digest_authenticator.hpp"

#include <gtest/gtest.h>

#include "auth_test_support.hpp"
#include "syntax/auth_header.hpp"

namespace parley::auth {
namespace {

using namespace test_support;

// Splits challenge() output into its lines, checking each ends in CRLF.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find("\r\n", at);
    EXPECT_NE(end, std::string::npos) << "line without CRLF";
    if (end == std::string::npos) break;
    out.push_back(text.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

syntax::Challenge parsedValue(const std::string& line, std::string_view name) {
  EXPECT_EQ(line.substr(0, name.size() + 2), std::string(name) + ": ");
  auto c = syntax::parseChallenge(std::string_view(line).substr(name.size() + 2), name);
  EXPECT_TRUE(c.has_value());
  return c ? *c : syntax::Challenge{};
}

TEST_F(DigestAuthenticatorTest, ChallengeHasOneLinePerAlgorithmStrongestFirst) {
  make({.algorithms = {DigestAlgorithm::Md5, DigestAlgorithm::Sha512_256, DigestAlgorithm::Sha256}});
  std::string text = auth_->challenge(kRealm, false, false, kT0);
  auto all = lines(text);
  ASSERT_EQ(all.size(), 3u);
  std::vector<std::string_view> expected{"SHA-512-256", "SHA-256", "MD5"};
  for (std::size_t i = 0; i < all.size(); ++i) {
    syntax::Challenge c = parsedValue(all[i], "WWW-Authenticate");
    EXPECT_TRUE(c.isDigest());
    EXPECT_EQ(c.realm, kRealm);
    EXPECT_EQ(c.qop, "auth");
    EXPECT_EQ(c.algorithm, expected[i]);
    EXPECT_FALSE(c.stale);
    EXPECT_EQ(c.nonce.size(), 40u);
    EXPECT_FALSE(c.opaque.empty());
  }
  EXPECT_EQ(all[0].rfind("WWW-Authenticate: Digest realm=\"example.com\", qop=\"auth\", nonce=\"", 0), 0u);
  EXPECT_NE(all[0].find("\", algorithm=SHA-512-256"), std::string::npos);
}

TEST_F(DigestAuthenticatorTest, DefaultOffersSha256ThenMd5) {
  auto all = lines(auth_->challenge(kRealm, false, false, kT0));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(parsedValue(all[0], "WWW-Authenticate").algorithm, "SHA-256");
  EXPECT_EQ(parsedValue(all[1], "WWW-Authenticate").algorithm, "MD5");
}

TEST_F(DigestAuthenticatorTest, StaleProxyAndAuthIntChallenges) {
  make({.offerAuthInt = true});
  auto all = lines(auth_->challenge(kRealm, true, true, kT0));
  ASSERT_EQ(all.size(), 2u);
  syntax::Challenge c = parsedValue(all[0], "Proxy-Authenticate");
  EXPECT_TRUE(c.stale);
  EXPECT_EQ(c.qop, "auth,auth-int");
  EXPECT_NE(all[0].find(", stale=true"), std::string::npos);
}

TEST_F(DigestAuthenticatorTest, RealmIsWrittenAsAQuotedString) {
  auto all = lines(auth_->challenge("odd \"realm\\", false, false, kT0));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_NE(all[0].find("realm=\"odd \\\"realm\\\\\""), std::string::npos);
}

TEST_F(DigestAuthenticatorTest, CreateRefusesBadConfigurations) {
  EXPECT_FALSE(DigestAuthenticator::create({.secret = "short"}).has_value());
  EXPECT_FALSE(DigestAuthenticator::create({.algorithms = {}, .secret = "a-secret-of-at-least-16-bytes"}).has_value());
  EXPECT_FALSE(
      DigestAuthenticator::create({.nonceLifetimeSeconds = 0, .secret = "a-secret-of-at-least-16-bytes"}).has_value());
  EXPECT_TRUE(DigestAuthenticator::create({.secret = "a-secret-of-at-least-16-bytes"}).has_value());
}

TEST_F(DigestAuthenticatorTest, NoCredentialsGetAChallenge) {
  EXPECT_TRUE(isChallenge(auth_->verify(request({}), kRealm, false, store_, kT0), false));
}

TEST_F(DigestAuthenticatorTest, EveryOfferedAlgorithmAuthenticates) {
  make({.algorithms = {DigestAlgorithm::Sha512_256, DigestAlgorithm::Sha256, DigestAlgorithm::Md5}});
  for (DigestAlgorithm a : {DigestAlgorithm::Sha512_256, DigestAlgorithm::Sha256, DigestAlgorithm::Md5}) {
    DigestOutcome o = verify(answerTo(kT0, a), kT0);
    ASSERT_TRUE(isAuthenticated(o)) << algorithmName(a);
    EXPECT_EQ(std::get<Authenticated>(o).username, "alice");
    EXPECT_EQ(std::get<Authenticated>(o).algorithm, a);
  }
}

TEST_F(DigestAuthenticatorTest, AuthenticatedNamesTheHeaderLineThatMatched) {
  Answer a = answerTo(kT0);
  syntax::SipMessage m = request({"Contact: <sip:alice@192.0.2.10>", "Authorization: " + a.credentials()});
  DigestOutcome o = auth_->verify(m, kRealm, false, store_, kT0);
  ASSERT_TRUE(isAuthenticated(o));
  const syntax::HeaderField& used = usedCredentials(m, std::get<Authenticated>(o));
  EXPECT_EQ(used.id, syntax::HeaderId::Authorization);
  EXPECT_EQ(used.value, a.credentials());
}

TEST_F(DigestAuthenticatorTest, UnknownUserAndWrongPasswordAreIndistinguishable) {
  Answer wrongPassword = answerTo(kT0);
  wrongPassword.password = "guess";
  Answer unknownUser = answerTo(kT0);
  unknownUser.username = "mallory";
  DigestOutcome a = verify(wrongPassword, kT0);
  DigestOutcome b = verify(unknownUser, kT0);
  ASSERT_TRUE(isChallenge(a, false));
  ASSERT_TRUE(isChallenge(b, false));
  EXPECT_EQ(std::get<Challenge>(a).why, std::get<Challenge>(b).why);
  // The challenges differ only in their (always fresh) nonces.
  auto withoutNonces = [](std::string text) {
    for (std::size_t at = text.find("nonce=\""); at != std::string::npos; at = text.find("nonce=\"", at + 7)) {
      text.erase(at + 7, text.find('"', at + 7) - (at + 7));
    }
    return text;
  };
  EXPECT_EQ(withoutNonces(auth_->challenge(kRealm, std::get<Challenge>(a).stale, false, kT0)),
            withoutNonces(auth_->challenge(kRealm, std::get<Challenge>(b).stale, false, kT0)));
  // Even with an expired nonce: stale=true would tell a right password from a wrong one.
  EXPECT_TRUE(isChallenge(verify(wrongPassword, kT0 + 1000), false));
  EXPECT_TRUE(isChallenge(verify(unknownUser, kT0 + 1000), false));
}

TEST_F(DigestAuthenticatorTest, AUserWithoutAnHa1ForTheAlgorithmFailsLikeAWrongPassword) {
  location::Credentials md5Only = user("bob", kRealm, "builder");
  md5Only.ha1Sha256.clear();
  md5Only.ha1Sha512_256.clear();
  ASSERT_TRUE(store_.put(md5Only).has_value());
  Answer a = answerTo(kT0);
  a.username = "bob";
  a.password = "builder";
  DigestOutcome o = verify(a, kT0);
  ASSERT_TRUE(isChallenge(o, false));
  a.algorithm = DigestAlgorithm::Md5;
  EXPECT_TRUE(isAuthenticated(verify(a, kT0)));
}

TEST_F(DigestAuthenticatorTest, ExpiredNonceWithRightPasswordIsStale) {
  Answer a = answerTo(kT0);
  EXPECT_TRUE(isAuthenticated(verify(a, kT0 + 299)));
  a.nc = 2;
  DigestOutcome o = verify(a, kT0 + 300);
  ASSERT_TRUE(isChallenge(o, true));
  // The client retries on the new nonce without asking its user.
  Answer retry = answerTo(kT0 + 300);
  EXPECT_TRUE(isAuthenticated(verify(retry, kT0 + 301)));
}

TEST_F(DigestAuthenticatorTest, ForgedNonceIsAPlainChallenge) {
  Answer a = answerTo(kT0);
  a.nonce[5] = a.nonce[5] == 'x' ? 'y' : 'x';
  EXPECT_TRUE(isChallenge(verify(a, kT0), false));
  a.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";  // the RFC 2617 example nonce
  EXPECT_TRUE(isChallenge(verify(a, kT0), false));
}

TEST_F(DigestAuthenticatorTest, NonceFromAnotherSecretIsForged) {
  Answer a = answerTo(kT0);
  DigestConfig other;
  other.secret = "some-other-secret-16+";
  auto peer = DigestAuthenticator::create(other);
  ASSERT_TRUE(peer.has_value());
  EXPECT_TRUE(isChallenge((*peer)->verify(request({"Authorization: " + a.credentials()}), kRealm, false, store_, kT0),
                          false));
}

TEST_F(DigestAuthenticatorTest, OpaqueMustMatchWhenReturned) {
  Answer a = answerTo(kT0);
  a.opaque = "not-ours";
  EXPECT_TRUE(isChallenge(verify(a, kT0), false));
  a.opaque.clear();  // RFC 2069 clients omit it
  EXPECT_TRUE(isAuthenticated(verify(a, kT0)));
}

TEST_F(DigestAuthenticatorTest, StoreFailureIsA500) {
  store_.failing = true;
  DigestOutcome o = verify(answerTo(kT0), kT0);
  EXPECT_EQ(rejectedStatus(o), 500);
}

}  // namespace
}  // namespace parley::auth
