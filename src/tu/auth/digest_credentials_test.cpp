// SPDX-License-Identifier: MIT
// DigestAuthenticator::verify on the credentials themselves: which header is ours, the digest-uri,
// qop=auth-int, -sess algorithms, malformed credentials, and nonce-count replay protection.
#include "tu/auth/digest_authenticator.hpp"

#include <gtest/gtest.h>

#include "auth_test_support.hpp"
#include "syntax/message_edits.hpp"

namespace parley::auth {
namespace {

using namespace test_support;

TEST_F(DigestAuthenticatorTest, CredentialsForAnotherRealmAreIgnored) {
  Answer a = answerTo(kT0);
  a.realm = "other.example.net";
  EXPECT_TRUE(isChallenge(verify(a, kT0), false));
}

// RFC 3665 §3.3: the request carries an upstream proxy's credentials as well as ours.
TEST_F(DigestAuthenticatorTest, OursIsPickedAmongSeveralRealms) {
  Answer theirs = answerTo(kT0);
  theirs.realm = "upstream.example.net";
  Answer ours = answerTo(kT0);
  syntax::SipMessage m = request({"Authorization: " + theirs.credentials(), "Authorization: Basic YWxpY2U6cGFzcw==",
                                  "Authorization: " + ours.credentials()});
  DigestOutcome o = auth_->verify(m, kRealm, false, store_, kT0);
  ASSERT_TRUE(isAuthenticated(o));
  EXPECT_EQ(usedCredentials(m, std::get<Authenticated>(o)).value, ours.credentials());
}

// A line that does not parse may be anybody's: with our credentials beside it, it is ignored;
// alone, it is answered 400 rather than a 401 the client would only repeat.
TEST_F(DigestAuthenticatorTest, AnUnparsableLineMattersOnlyWithoutOurs) {
  const std::string broken = "Authorization: Digest username=\"bob\", nc=zz";
  Answer ours = answerTo(kT0);
  EXPECT_TRUE(isAuthenticated(auth_->verify(request({broken, "Authorization: " + ours.credentials()}), kRealm, false,
                                            store_, kT0)));
  EXPECT_EQ(rejectedStatus(auth_->verify(request({broken}), kRealm, false, store_, kT0)), 400);
}

TEST_F(DigestAuthenticatorTest, ProxyVerifiesProxyAuthorizationAndRemovesOnlyItsOwn) {
  Answer theirs = answerTo(kT0);
  theirs.realm = "downstream.example.net";
  theirs.method = "INVITE";
  theirs.uri = "sip:bob@example.com";
  Answer ours = answerTo(kT0);
  ours.method = "INVITE";
  ours.uri = "sip:bob@example.com";
  syntax::SipMessage m = request({"Proxy-Authorization: " + ours.credentials(),
                                  "Proxy-Authorization: " + theirs.credentials()},
                                 "INVITE", "sip:bob@example.com");
  // A registrar-style check looks at Authorization only, so finds nothing here.
  EXPECT_TRUE(isChallenge(auth_->verify(m, kRealm, false, store_, kT0), false));
  DigestOutcome o = auth_->verify(m, kRealm, true, store_, kT0);
  ASSERT_TRUE(isAuthenticated(o));
  syntax::MessageEdits edits;
  removeUsedCredentials(std::get<Authenticated>(o), edits);
  std::string forwarded;
  syntax::serialize(m, edits, forwarded);
  EXPECT_EQ(forwarded.find(ours.credentials()), std::string::npos);
  EXPECT_NE(forwarded.find("Proxy-Authorization: " + theirs.credentials() + "\r\n"), std::string::npos);
}

TEST_F(DigestAuthenticatorTest, DigestUriMustBeTheRequestUri) {
  Answer a = answerTo(kT0);
  a.uri = "sip:elsewhere.example.com";
  DigestOutcome o = verify(a, kT0);
  EXPECT_EQ(rejectedStatus(o), 400);
  EXPECT_EQ(std::get<Rejected>(o).reason, "digest uri does not match the Request-URI");
  // §19.1.4: the host compares case-insensitively, so this is the same URI written differently.
  a.uri = "sip:EXAMPLE.com";
  EXPECT_TRUE(isAuthenticated(verify(a, kT0)));
}

TEST_F(DigestAuthenticatorTest, AuthIntCoversTheBody) {
  make({.offerAuthInt = true});
  Answer a = answerTo(kT0);
  a.method = "MESSAGE";
  a.qop = "auth-int";
  a.body = "Watson, come here.";
  EXPECT_TRUE(isAuthenticated(verify(a, kT0)));
  // The same credentials on a request whose body was changed on the way.
  a.nc = 2;
  syntax::SipMessage tampered = request({"Authorization: " + a.credentials()}, "MESSAGE", "sip:example.com",
                                        "Watson, go away.");
  EXPECT_TRUE(isChallenge(auth_->verify(tampered, kRealm, false, store_, kT0), false));
}

TEST_F(DigestAuthenticatorTest, SessionVariantsAuthenticate) {
  make({.algorithms = {DigestAlgorithm::Sha512_256Sess, DigestAlgorithm::Sha256Sess, DigestAlgorithm::Md5Sess}});
  for (DigestAlgorithm alg : {DigestAlgorithm::Sha512_256Sess, DigestAlgorithm::Sha256Sess, DigestAlgorithm::Md5Sess}) {
    Answer a = answerTo(kT0, alg);
    ASSERT_TRUE(isAuthenticated(verify(a, kT0))) << algorithmName(alg);
    // The session HA1 depends on the cnonce: a response made for another cnonce does not verify.
    a.nc = 2;
    std::string made = a.credentials();
    std::string other = made;
    other.replace(other.find("cnonce=\"0a4f113b\""), 17, "cnonce=\"0a4f113c\"");
    EXPECT_TRUE(
        isChallenge(auth_->verify(request({"Authorization: " + other}), kRealm, false, store_, kT0), false));
  }
}

TEST_F(DigestAuthenticatorTest, SessionAlgorithmWithoutCnonceIsMalformed) {
  make({.algorithms = {DigestAlgorithm::Md5Sess}});
  Answer a = answerTo(kT0, DigestAlgorithm::Md5Sess);
  a.qop.clear();
  a.cnonce.clear();
  EXPECT_EQ(rejectedStatus(verify(a, kT0)), 400);
}

TEST_F(DigestAuthenticatorTest, AlgorithmNotOfferedIsChallenged) {
  make({.algorithms = {DigestAlgorithm::Sha256}});
  Answer md5 = answerTo(kT0, DigestAlgorithm::Md5);
  EXPECT_TRUE(isChallenge(verify(md5, kT0), false));
  std::string unknown = md5.credentials();
  unknown.replace(unknown.find("algorithm=MD5"), 13, "algorithm=SHA-1");
  EXPECT_TRUE(isChallenge(auth_->verify(request({"Authorization: " + unknown}), kRealm, false, store_, kT0), false));
}

TEST_F(DigestAuthenticatorTest, MalformedCredentialsAre400) {
  DigestOutcome o = auth_->verify(request({"Authorization: Digest username=\"alice\", nc=12"}), kRealm, false,
                                  store_, kT0);
  EXPECT_EQ(rejectedStatus(o), 400);
  EXPECT_FALSE(std::get<Rejected>(o).reason.empty());
  Answer a = answerTo(kT0);
  std::string noResponse = a.credentials();
  std::size_t at = noResponse.find(", response=\"");
  noResponse.erase(at, noResponse.find('"', at + 12) + 1 - at);
  EXPECT_EQ(rejectedStatus(auth_->verify(request({"Authorization: " + noResponse}), kRealm, false, store_, kT0)), 400);
  std::string badQop = a.credentials();
  badQop.replace(badQop.find("qop=auth"), 8, "qop=auth-conf");
  EXPECT_EQ(rejectedStatus(auth_->verify(request({"Authorization: " + badQop}), kRealm, false, store_, kT0)), 400);
}

TEST_F(DigestAuthenticatorTest, QuotedPairsInTheUsernameAreResolved) {
  ASSERT_TRUE(store_.put(user("al\"ice", kRealm, "pw")).has_value());
  Answer a = answerTo(kT0);
  a.username = "al\"ice";            // what the client hashes (RFC 7616 §3.4.2: unq(username))
  a.usernameOnWire = "al\\\"ice";  // what it writes inside the quotes
  a.password = "pw";
  DigestOutcome o = verify(a, kT0);
  ASSERT_TRUE(isAuthenticated(o));
  EXPECT_EQ(std::get<Authenticated>(o).username, "al\"ice");
}

TEST_F(DigestAuthenticatorTest, RepeatedNonceCountIsReplayed) {
  Answer a = answerTo(kT0);
  EXPECT_TRUE(isAuthenticated(verify(a, kT0)));
  EXPECT_TRUE(isChallenge(verify(a, kT0 + 1), true));
  a.nc = 2;
  EXPECT_TRUE(isAuthenticated(verify(a, kT0 + 2)));
  a.nc = 1;
  EXPECT_TRUE(isChallenge(verify(a, kT0 + 3), true));
  EXPECT_EQ(auth_->trackedNonces(), 1u);
}

TEST_F(DigestAuthenticatorTest, ClientsReusingANonceWithHigherCountsKeepWorking) {
  Answer a = answerTo(kT0);
  for (std::uint32_t nc = 1; nc <= 20; ++nc) {
    a.nc = nc;
    EXPECT_TRUE(isAuthenticated(verify(a, kT0 + nc))) << "nc " << nc;
  }
}

// Two UAs challenged in the same second each start at nc=00000001: their nonces must differ, or
// the second would be taken for a replay of the first.
TEST_F(DigestAuthenticatorTest, ClientsChallengedInTheSameSecondDoNotCollide) {
  Answer alice = answerTo(kT0);
  ASSERT_TRUE(store_.put(user("bob", kRealm, "builder")).has_value());
  Answer bob = answerTo(kT0);
  bob.username = "bob";
  bob.password = "builder";
  EXPECT_NE(alice.nonce, bob.nonce);
  EXPECT_TRUE(isAuthenticated(verify(alice, kT0)));
  EXPECT_TRUE(isAuthenticated(verify(bob, kT0)));
}

TEST_F(DigestAuthenticatorTest, WithoutQopANonceIsReusableUntilItExpires) {
  Answer a = answerTo(kT0);
  a.qop.clear();
  EXPECT_TRUE(isAuthenticated(verify(a, kT0)));
  EXPECT_TRUE(isAuthenticated(verify(a, kT0 + 100)));
  EXPECT_TRUE(isChallenge(verify(a, kT0 + 300), true));
  EXPECT_EQ(auth_->trackedNonces(), 0u);
}

TEST_F(DigestAuthenticatorTest, OneTimeNoncesAuthenticateOneRequest) {
  make({.oneTimeNonces = true});
  Answer a = answerTo(kT0);
  a.qop.clear();
  EXPECT_TRUE(isAuthenticated(verify(a, kT0)));
  EXPECT_TRUE(isChallenge(verify(a, kT0 + 1), true));
  Answer withQop = answerTo(kT0 + 2);
  EXPECT_TRUE(isAuthenticated(verify(withQop, kT0 + 2)));
  withQop.nc = 2;
  EXPECT_TRUE(isChallenge(verify(withQop, kT0 + 3), true));
}

TEST_F(DigestAuthenticatorTest, ReplayEntriesGoWhenTheirNonceExpires) {
  Answer first = answerTo(kT0);
  EXPECT_TRUE(isAuthenticated(verify(first, kT0)));
  EXPECT_EQ(auth_->trackedNonces(), 1u);
  // Every use also sweeps the next of the 16 shards in turn, so 16 later uses reach the first
  // nonce's shard whichever it is.
  for (int i = 1; i <= 16; ++i) EXPECT_TRUE(isAuthenticated(verify(answerTo(kT0 + 300 + i), kT0 + 300 + i)));
  EXPECT_EQ(auth_->trackedNonces(), 16u);
}

}  // namespace
}  // namespace parley::auth
