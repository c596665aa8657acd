// SPDX-License-Identifier: MIT
// The digest computations against published vectors (RFC 7616 §3.9.1, RFC 2617 §3.5) and values
// computed independently with the openssl command line.
#include "tu/auth/digest_hash.hpp"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

// RFC 7616 §3.9.1: user Mufasa, password "Circle of Life", GET /dir/index.html, qop=auth.
constexpr std::string_view kRfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
constexpr std::string_view kRfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
constexpr std::string_view kRfc7616Realm = "http-auth@example.org";

DigestInput rfc7616Input(DigestAlgorithm a, const std::string& ha1Hex) {
  DigestInput in;
  in.algorithm = a;
  in.ha1 = ha1Hex;
  in.nonce = kRfc7616Nonce;
  in.cnonce = kRfc7616Cnonce;
  in.nc = "00000001";
  in.qop = "auth";
  in.method = "GET";
  in.uri = "/dir/index.html";
  return in;
}

TEST(DigestHash, Rfc7616Md5Vector) {
  std::string h = ha1(DigestAlgorithm::Md5, "Mufasa", kRfc7616Realm, "Circle of Life");
  EXPECT_EQ(digestResponse(rfc7616Input(DigestAlgorithm::Md5, h)), "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(DigestHash, Rfc7616Sha256Vector) {
  std::string h = ha1(DigestAlgorithm::Sha256, "Mufasa", kRfc7616Realm, "Circle of Life");
  EXPECT_EQ(digestResponse(rfc7616Input(DigestAlgorithm::Sha256, h)),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

// RFC 2617 §3.5 (its password is "Circle Of Life", capital O, unlike RFC 7616's).
TEST(DigestHash, Rfc2617Vector) {
  std::string h = ha1(DigestAlgorithm::Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");
  DigestInput in;
  in.algorithm = DigestAlgorithm::Md5;
  in.ha1 = h;
  in.nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
  in.cnonce = "0a4f113b";
  in.nc = "00000001";
  in.qop = "auth";
  in.method = "GET";
  in.uri = "/dir/index.html";
  EXPECT_EQ(digestResponse(in), "6629fae49393a05397450978507c4ef1");
}

// The values below were computed with the openssl command line, independently of this code, from
// the RFC 7616 §3.9.1 inputs:
//   M() { printf '%s' "$1" | openssl dgst -md5 -r | cut -d' ' -f1; }      # likewise S (-sha256)
//   X() { printf '%s' "$1" | openssl dgst -sha512-256 -r | cut -d' ' -f1; } # and X (-sha512-256)
//   N=7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v; C=f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ

//   HA1=$(X 'Mufasa:http-auth@example.org:Circle of Life'); HA2=$(X 'GET:/dir/index.html')
//   X "$HA1:$N:00000001:$C:auth:$HA2"
TEST(DigestHash, Sha512_256ComputedWithOpenssl) {
  std::string h = ha1(DigestAlgorithm::Sha512_256, "Mufasa", kRfc7616Realm, "Circle of Life");
  EXPECT_EQ(h, "fb174f5c3c7802721517cae13b98e2b8dae2e0118cb705d94ee29946319204ce");
  EXPECT_EQ(digestResponse(rfc7616Input(DigestAlgorithm::Sha512_256, h)),
            "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0");
}

//   HA1=$(S 'Mufasa:http-auth@example.org:Circle of Life'); HA1S=$(S "$HA1:$N:$C")
//   HA2=$(S 'GET:/dir/index.html'); S "$HA1S:$N:00000001:$C:auth:$HA2"
TEST(DigestHash, Sha256SessComputedWithOpenssl) {
  std::string h = ha1(DigestAlgorithm::Sha256, "Mufasa", kRfc7616Realm, "Circle of Life");
  EXPECT_EQ(digestResponse(rfc7616Input(DigestAlgorithm::Sha256Sess, h)),
            "2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7");
}

//   HA1=$(M 'Mufasa:http-auth@example.org:Circle of Life'); HA1S=$(M "$HA1:$N:$C")
//   HA2=$(M 'GET:/dir/index.html'); M "$HA1S:$N:00000001:$C:auth:$HA2"
TEST(DigestHash, Md5SessComputedWithOpenssl) {
  std::string h = ha1(DigestAlgorithm::Md5Sess, "Mufasa", kRfc7616Realm, "Circle of Life");  // same as MD5's
  EXPECT_EQ(digestResponse(rfc7616Input(DigestAlgorithm::Md5Sess, h)), "e783283f46242139c486a698fec7211d");
}

//   HA1=$(M 'Mufasa:http-auth@example.org:Circle of Life'); HB=$(M 'v=0')
//   HA2=$(M "GET:/dir/index.html:$HB"); M "$HA1:$N:00000001:$C:auth-int:$HA2"
TEST(DigestHash, AuthIntHashesTheBody) {
  std::string h = ha1(DigestAlgorithm::Md5, "Mufasa", kRfc7616Realm, "Circle of Life");
  DigestInput in = rfc7616Input(DigestAlgorithm::Md5, h);
  in.qop = "auth-int";
  in.body = "v=0";
  EXPECT_EQ(digestResponse(in), "3835b139d1606d821f6f96713d044ded");
  in.body = "v=1";
  EXPECT_NE(digestResponse(in), "3835b139d1606d821f6f96713d044ded");
}

//   HA1=$(M 'Mufasa:http-auth@example.org:Circle of Life'); HA2=$(M 'GET:/dir/index.html')
//   M "$HA1:$N:$HA2"
TEST(DigestHash, WithoutQopUsesTheRfc2069Form) {
  std::string h = ha1(DigestAlgorithm::Md5, "Mufasa", kRfc7616Realm, "Circle of Life");
  DigestInput in = rfc7616Input(DigestAlgorithm::Md5, h);
  in.qop = "";
  EXPECT_EQ(digestResponse(in), "7b2cc3b30e75b4777ea31027084363fd");
}

TEST(DigestHash, HashHexJoinsPartsWithColons) {
  EXPECT_EQ(hashHex(DigestAlgorithm::Md5, {"a", "b"}), hashHex(DigestAlgorithm::Md5, {"a:b"}));
  EXPECT_EQ(hashHex(DigestAlgorithm::Sha256, {""}),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");  // SHA-256 of nothing
  EXPECT_EQ(hashHex(DigestAlgorithm::Sha512_256, {"abc"}).size(), 64u);
}

TEST(DigestHash, HexDigestsCompareIgnoringCaseOnly) {
  EXPECT_TRUE(hexDigestsEqual("8ca523f5e9506fed4657c9700eebdbec", "8CA523F5E9506FED4657C9700EEBDBEC"));
  EXPECT_FALSE(hexDigestsEqual("8ca523f5e9506fed4657c9700eebdbec", "8ca523f5e9506fed4657c9700eebdbed"));
  EXPECT_FALSE(hexDigestsEqual("8ca523f5e9506fed4657c9700eebdbec", "8ca523f5e9506fed4657c9700eebdbe"));
  EXPECT_FALSE(hexDigestsEqual("", "x"));
}

TEST(DigestHash, EveryAlgorithmIsAvailableInTheDefaultProvider) {
  for (DigestAlgorithm a : {DigestAlgorithm::Md5, DigestAlgorithm::Md5Sess, DigestAlgorithm::Sha256,
                            DigestAlgorithm::Sha256Sess, DigestAlgorithm::Sha512_256,
                            DigestAlgorithm::Sha512_256Sess}) {
    EXPECT_TRUE(digestAvailable(a)) << algorithmName(a);
    EXPECT_EQ(ha1(a, "u", "r", "p").size(), hexLength(a)) << algorithmName(a);
  }
}

TEST(DigestAlgorithmNames, ParseAndPrint) {
  EXPECT_EQ(parseAlgorithm(""), DigestAlgorithm::Md5);  // RFC 7616 §3.3: absent means MD5
  EXPECT_EQ(parseAlgorithm("md5"), DigestAlgorithm::Md5);
  EXPECT_EQ(parseAlgorithm("SHA-256-SESS"), DigestAlgorithm::Sha256Sess);
  EXPECT_EQ(parseAlgorithm("SHA-512-256"), DigestAlgorithm::Sha512_256);
  EXPECT_EQ(parseAlgorithm("SHA-1"), std::nullopt);
  EXPECT_EQ(parseAlgorithm("SHA-256 "), std::nullopt);
  EXPECT_EQ(algorithmName(DigestAlgorithm::Sha512_256Sess), "SHA-512-256-sess");
  EXPECT_EQ(baseAlgorithm(DigestAlgorithm::Md5Sess), DigestAlgorithm::Md5);
  EXPECT_TRUE(isSession(DigestAlgorithm::Sha512_256Sess));
  EXPECT_FALSE(isSession(DigestAlgorithm::Sha256));
  EXPECT_GT(strength(DigestAlgorithm::Sha512_256), strength(DigestAlgorithm::Sha256));
  EXPECT_GT(strength(DigestAlgorithm::Sha256), strength(DigestAlgorithm::Md5));
}

}  // namespace
}  // namespace parley::auth
