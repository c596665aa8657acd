// SPDX-License-Identifier: MIT
#include "syntax/auth_header.hpp"

#include <gtest/gtest.h>

namespace parley::syntax {
namespace {

TEST(Credentials, DigestFromRfc3665) {
  auto c = parseCredentials(
      "Digest username=\"bob\", realm=\"atlanta.example.com\"\r\n nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", "
      "opaque=\"\", uri=\"sips:ss2.biloxi.example.com\",\r\n response=\"dfe56131d1958046689d83306477ecc\", "
      "algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\"",
      "Authorization");
  // RFC 3665 separates the first two parameters with a comma; this one omits it on purpose.
  EXPECT_FALSE(c);
  auto ok = parseCredentials(
      "Digest username=\"bob\", realm=\"atlanta.example.com\",\r\n nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", "
      "opaque=\"\", uri=\"sips:ss2.biloxi.example.com\",\r\n response=\"dfe56131d1958046689d83306477ecc\", "
      "algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"0a4f113b\", userhash=false",
      "Authorization");
  ASSERT_TRUE(ok) << ok.error().reasonPhrase();
  EXPECT_TRUE(ok->isDigest());
  EXPECT_EQ(ok->username, "bob");
  EXPECT_EQ(ok->realm, "atlanta.example.com");
  EXPECT_EQ(ok->nonce, "ea9c8e88df84f1cec4341ae6cbe5a359");
  EXPECT_EQ(ok->opaque, "");
  EXPECT_EQ(ok->uri, "sips:ss2.biloxi.example.com");
  EXPECT_EQ(ok->response, "dfe56131d1958046689d83306477ecc");
  EXPECT_EQ(ok->algorithm, "SHA-256");
  EXPECT_EQ(ok->qop, "auth");
  EXPECT_EQ(ok->nc, "00000001");
  EXPECT_EQ(ok->cnonce, "0a4f113b");
  EXPECT_FALSE(ok->userhash);
}

TEST(Credentials, UnknownSchemeKeptGeneric) {
  auto c = parseCredentials("NoOneKnowsThisScheme opaque-data=here", "Authorization");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->isDigest());
  EXPECT_EQ(c->scheme, "NoOneKnowsThisScheme");
  EXPECT_EQ(c->params, "opaque-data=here");
}

TEST(Credentials, Rejects) {
  EXPECT_FALSE(parseCredentials("", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest username", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest username=", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest username=\"bob", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest username=\"a\", username=\"b\"", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest nc=1", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest realm=\"a\" nonce=\"b\"", "Authorization"));
  EXPECT_FALSE(parseCredentials("Digest ,", "Authorization"));
}

TEST(Challenge, DigestWithStaleAndQopOptions) {
  auto c = parseChallenge(
      "Digest realm=\"biloxi.example.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", stale=TRUE, algorithm=SHA-256",
      "WWW-Authenticate");
  ASSERT_TRUE(c) << c.error().reasonPhrase();
  EXPECT_EQ(c->realm, "biloxi.example.com");
  EXPECT_EQ(c->qop, "auth,auth-int");
  EXPECT_EQ(c->nonce, "dcd98b7102dd2f0e8b11d0f600bfb0c093");
  EXPECT_EQ(c->opaque, "5ccc069c403ebaf9f0171e9517f40e41");
  EXPECT_TRUE(c->stale);
  EXPECT_EQ(c->algorithm, "SHA-256");
}

}  // namespace
}  // namespace parley::syntax
