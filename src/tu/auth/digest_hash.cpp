// SPDX-License-Identifier: MIT
#include "tu/auth/digest_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "syntax/char_class.hpp"

namespace parley::auth {
namespace {

// The implicitly fetched digests of OpenSSL's default provider; the pointers are static, owned by
// OpenSSL.
const EVP_MD* evpOf(DigestAlgorithm a) noexcept {
  switch (baseAlgorithm(a)) {
    case DigestAlgorithm::Md5: return EVP_md5();
    case DigestAlgorithm::Sha256: return EVP_sha256();
    default: return EVP_sha512_256();
  }
}

[[noreturn]] void hashFailed(DigestAlgorithm a) noexcept {
  std::fprintf(stderr, "parley: OpenSSL cannot compute %.*s digests\n", static_cast<int>(algorithmName(a).size()),
               algorithmName(a).data());
  std::abort();
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using Context = std::unique_ptr<EVP_MD_CTX, ContextDeleter>;

// One context per thread, reused: creating one per hash would cost an allocation each.
EVP_MD_CTX* threadContext() noexcept {
  thread_local Context context(EVP_MD_CTX_new());
  return context.get();
}

bool tryHash(DigestAlgorithm a, std::initializer_list<std::string_view> parts, std::string& hex) noexcept {
  EVP_MD_CTX* ctx = threadContext();
  if (ctx == nullptr || EVP_DigestInit_ex(ctx, evpOf(a), nullptr) != 1) return false;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first && EVP_DigestUpdate(ctx, ":", 1) != 1) return false;
    first = false;
    if (!part.empty() && EVP_DigestUpdate(ctx, part.data(), part.size()) != 1) return false;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx, md.data(), &size) != 1) return false;
  hex = lowerHex(md.data(), size);
  return true;
}

}  // namespace

std::string lowerHex(const unsigned char* data, std::size_t size) noexcept {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(2 * size, '0');
  for (std::size_t i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[data[i] >> 4];
    hex[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return hex;
}

bool digestAvailable(DigestAlgorithm a) noexcept {
  std::string hex;
  return tryHash(a, {"parley"}, hex) && hex.size() == hexLength(a);
}

std::string hashHex(DigestAlgorithm a, std::initializer_list<std::string_view> parts) noexcept {
  std::string hex;
  if (!tryHash(a, parts, hex)) hashFailed(a);
  return hex;
}

std::string ha1(DigestAlgorithm base, std::string_view user, std::string_view realm,
                std::string_view password) noexcept {
  return hashHex(base, {user, realm, password});
}

std::string digestResponse(const DigestInput& in) noexcept {
  const DigestAlgorithm a = in.algorithm;
  // RFC 7616 §3.4.2: for -sess, HA1 is hashed again with the nonce and cnonce of this request.
  std::string sessionHa1;
  std::string_view a1 = in.ha1;
  if (isSession(a)) {
    sessionHa1 = hashHex(a, {in.ha1, in.nonce, in.cnonce});
    a1 = sessionHa1;
  }
  // RFC 7616 §3.4.3: auth-int adds H(entity-body); for SIP the message body (RFC 3261 §22.4).
  std::string ha2 = syntax::iequalsLower(in.qop, "auth-int") ? hashHex(a, {in.method, in.uri, hashHex(a, {in.body})})
                                         : hashHex(a, {in.method, in.uri});
  if (in.qop.empty()) return hashHex(a, {a1, in.nonce, ha2});  // RFC 2069 compatibility (RFC 2617 §3.2.2.1)
  return hashHex(a, {a1, in.nonce, in.nc, in.cnonce, in.qop, ha2});
}

bool hexDigestsEqual(std::string_view expected, std::string_view received) noexcept {
  // The lengths are public (32 or 64 digits); only the content must not leak through timing.
  if (expected.size() != received.size() || expected.size() > 128) return false;
  std::array<char, 128> lower{};
  for (std::size_t i = 0; i < received.size(); ++i) lower[i] = syntax::cc::toLower(received[i]);
  return CRYPTO_memcmp(expected.data(), lower.data(), expected.size()) == 0;
}

}  // namespace parley::auth
