// SPDX-License-Identifier: MIT
#include "tu/auth/nonce_signer.hpp"

#include <gtest/gtest.h>

namespace parley::auth {
namespace {

constexpr UnixSeconds kT0 = 1'790'000'000;  // a Tuesday in 2026
const std::string kSecret = "0123456789abcdef-test-secret";

TEST(NonceSigner, IssuedNonceIsValidForItsLifetime) {
  NonceSigner signer(kSecret, 300);
  std::string nonce = signer.issue("example.com", kT0);
  EXPECT_EQ(nonce.size(), 40u);
  EXPECT_EQ(nonce.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  NonceCheck now = signer.check(nonce, "example.com", kT0);
  EXPECT_EQ(now.state, NonceState::Valid);
  EXPECT_EQ(now.issuedAt, kT0);
  EXPECT_EQ(signer.check(nonce, "example.com", kT0 + 299).state, NonceState::Valid);
  NonceCheck late = signer.check(nonce, "example.com", kT0 + 300);
  EXPECT_EQ(late.state, NonceState::Expired);
  EXPECT_EQ(late.issuedAt, kT0);
}

TEST(NonceSigner, EveryNonceIsDifferent) {
  NonceSigner signer(kSecret, 300);
  EXPECT_NE(signer.issue("example.com", kT0), signer.issue("example.com", kT0 + 1));
  // Two challenges in the same second still get different nonces: clients sharing a nonce would
  // both start at nc=00000001 and the second would be taken for a replay.
  EXPECT_NE(signer.issue("example.com", kT0), signer.issue("example.com", kT0));
}

TEST(NonceSigner, AFutureIssueTimeIsAcceptedOnlyWithinTheClockSkew) {
  NonceSigner signer(kSecret, 300);
  std::string nonce = signer.issue("example.com", kT0 + NonceSigner::kClockSkewSeconds);
  EXPECT_EQ(signer.check(nonce, "example.com", kT0).state, NonceState::Valid);
  nonce = signer.issue("example.com", kT0 + NonceSigner::kClockSkewSeconds + 1);
  EXPECT_EQ(signer.check(nonce, "example.com", kT0).state, NonceState::Expired);
}

TEST(NonceSigner, TamperedNoncesAreForged) {
  NonceSigner signer(kSecret, 300);
  std::string nonce = signer.issue("example.com", kT0);
  for (std::size_t i = 0; i < nonce.size(); ++i) {
    std::string bad = nonce;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(signer.check(bad, "example.com", kT0).state, NonceState::Forged) << "position " << i;
  }
  EXPECT_EQ(signer.check(nonce.substr(1), "example.com", kT0).state, NonceState::Forged);
  EXPECT_EQ(signer.check(nonce + "A", "example.com", kT0).state, NonceState::Forged);
  EXPECT_EQ(signer.check("", "example.com", kT0).state, NonceState::Forged);
  EXPECT_EQ(signer.check(std::string(32, '*'), "example.com", kT0).state, NonceState::Forged);
}

TEST(NonceSigner, ANonceBelongsToOneRealmAndOneSecret) {
  NonceSigner signer(kSecret, 300);
  NonceSigner other("another-secret-of-16-bytes", 300);
  std::string nonce = signer.issue("example.com", kT0);
  EXPECT_EQ(signer.check(nonce, "example.org", kT0).state, NonceState::Forged);
  EXPECT_EQ(other.check(nonce, "example.com", kT0).state, NonceState::Forged);
}

TEST(NonceSigner, OpaqueIsStablePerRealmAndSecret) {
  NonceSigner signer(kSecret, 300);
  NonceSigner same(kSecret, 60);
  NonceSigner other("another-secret-of-16-bytes", 300);
  EXPECT_EQ(signer.opaque("example.com"), same.opaque("example.com"));
  EXPECT_EQ(signer.opaque("example.com").size(), 16u);
  EXPECT_NE(signer.opaque("example.com"), signer.opaque("example.org"));
  EXPECT_NE(signer.opaque("example.com"), other.opaque("example.com"));
}

TEST(NonceSigner, MacPartsAreLengthPrefixed) {
  NonceSigner signer(kSecret, 300);
  EXPECT_EQ(signer.macHex("x", {"ab", "c"}).size(), 64u);
  EXPECT_NE(signer.macHex("x", {"ab", "c"}), signer.macHex("x", {"a", "bc"}));
  EXPECT_EQ(signer.macHex("x", {"ab", "c"}), signer.macHex("x", {"ab", "c"}));
}

}  // namespace
}  // namespace parley::auth
