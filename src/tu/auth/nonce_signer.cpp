// SPDX-License-Identifier: MIT
#include "tu/auth/nonce_signer.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "tu/auth/digest_hash.hpp"

namespace parley::auth {
namespace {

constexpr std::size_t kTimeBytes = 8;
// Every challenge gets its own nonce, even within one second: the replay guard tracks nonce-counts
// per nonce, and two clients sharing a nonce would each send nc=00000001 — the second would be
// refused as a replay. 48 bits of a per-process counter started at a random value.
constexpr std::size_t kSaltBytes = 6;
constexpr std::size_t kNonceMacBytes = 16;   // 128 bits: a forgery needs 2^128 guesses
constexpr std::size_t kOpaqueMacBytes = 12;
constexpr std::size_t kNonceBytes = kTimeBytes + kSaltBytes + kNonceMacBytes;
constexpr std::size_t kNonceChars = kNonceBytes / 3 * 4;  // 30 bytes: 40 base64url characters, no padding
static_assert(kNonceBytes % 3 == 0);

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// base64url without padding (RFC 4648 §5): the nonce and opaque travel in quoted-strings, and
// these characters need no escaping there or in logs.
std::string base64Url(const std::uint8_t* data, std::size_t size) {
  std::string out;
  out.reserve((size * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kBase64Url[(v >> shift) & 0x3f]);
  }
  if (std::size_t rest = size - i; rest > 0) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    if (rest == 2) v |= std::uint32_t{data[i + 1]} << 8;
    for (std::size_t k = 0; k <= rest; ++k) out.push_back(kBase64Url[(v >> (18 - 6 * k)) & 0x3f]);
  }
  return out;
}

int base64UrlValue(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Decodes exactly kNonceChars characters (a multiple of 4) into kNonceBytes bytes.
bool decodeNonce(std::string_view text, std::array<std::uint8_t, kNonceBytes>& out) noexcept {
  if (text.size() != kNonceChars) return false;
  for (std::size_t i = 0, o = 0; i < text.size(); i += 4, o += 3) {
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      int d = base64UrlValue(text[i + k]);
      if (d < 0) return false;
      v = (v << 6) | static_cast<std::uint32_t>(d);
    }
    out[o] = static_cast<std::uint8_t>(v >> 16);
    out[o + 1] = static_cast<std::uint8_t>(v >> 8);
    out[o + 2] = static_cast<std::uint8_t>(v);
  }
  return true;
}

std::array<std::uint8_t, kTimeBytes> timeBytes(UnixSeconds t) noexcept {
  std::array<std::uint8_t, kTimeBytes> b{};
  auto u = static_cast<std::uint64_t>(t);
  for (std::size_t i = 0; i < kTimeBytes; ++i) b[i] = static_cast<std::uint8_t>(u >> (8 * (kTimeBytes - 1 - i)));
  return b;
}

UnixSeconds timeFrom(const std::uint8_t* b) noexcept {
  std::uint64_t u = 0;
  for (std::size_t i = 0; i < kTimeBytes; ++i) u = (u << 8) | b[i];
  return static_cast<UnixSeconds>(u);
}

struct MacDeleter {
  void operator()(EVP_MAC* m) const noexcept { EVP_MAC_free(m); }
  void operator()(EVP_MAC_CTX* c) const noexcept { EVP_MAC_CTX_free(c); }
};

[[noreturn]] void macFailed() noexcept {
  std::fprintf(stderr, "parley: OpenSSL cannot compute HMAC-SHA256\n");
  std::abort();
}

// One HMAC context per thread (fetching the algorithm costs a provider lookup); it is re-keyed on
// every use, so signers with different secrets may share it.
EVP_MAC_CTX* threadMacContext() noexcept {
  thread_local std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  thread_local std::unique_ptr<EVP_MAC_CTX, MacDeleter> ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
  return ctx.get();
}

// The next salt: unique within the process, unpredictable across processes (random start).
std::array<std::uint8_t, kSaltBytes> nextSalt() noexcept {
  static std::atomic<std::uint64_t> counter = [] {
    std::uint64_t start = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&start), sizeof start) != 1) start = 0;
    return start;
  }();
  std::uint64_t v = counter.fetch_add(1, std::memory_order_relaxed);
  std::array<std::uint8_t, kSaltBytes> b{};
  for (std::size_t i = 0; i < kSaltBytes; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * (kSaltBytes - 1 - i)));
  return b;
}

}  // namespace

NonceSigner::NonceSigner(std::string secret, std::uint32_t lifetimeSeconds) noexcept
    : secret_(std::move(secret)), lifetime_(lifetimeSeconds) {}

NonceSigner::Mac NonceSigner::mac(std::string_view label,
                                  std::initializer_list<std::string_view> parts) const noexcept {
  EVP_MAC_CTX* ctx = threadMacContext();
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (ctx == nullptr ||
      EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(secret_.data()), secret_.size(), params) != 1) {
    macFailed();
  }
  // Every piece is length-prefixed, so no two different inputs feed the MAC the same bytes.
  auto update = [ctx](std::string_view piece) {
    std::array<std::uint8_t, 4> length{};
    for (std::size_t i = 0; i < 4; ++i) length[i] = static_cast<std::uint8_t>(piece.size() >> (8 * (3 - i)));
    if (EVP_MAC_update(ctx, length.data(), length.size()) != 1 ||
        EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(piece.data()), piece.size()) != 1) {
      macFailed();
    }
  };
  update(label);
  for (std::string_view part : parts) update(part);
  Mac out{};
  std::size_t size = 0;
  if (EVP_MAC_final(ctx, out.data(), &size, out.size()) != 1 || size != out.size()) macFailed();
  return out;
}

std::string NonceSigner::issue(std::string_view realm, UnixSeconds now) const noexcept {
  std::array<std::uint8_t, kNonceBytes> raw{};
  auto time = timeBytes(now);
  auto salt = nextSalt();
  std::copy(time.begin(), time.end(), raw.begin());
  std::copy(salt.begin(), salt.end(), raw.begin() + kTimeBytes);
  std::string_view signedPart(reinterpret_cast<const char*>(raw.data()), kTimeBytes + kSaltBytes);
  Mac m = mac("nonce", {signedPart, realm});
  std::copy(m.begin(), m.begin() + kNonceMacBytes, raw.begin() + kTimeBytes + kSaltBytes);
  return base64Url(raw.data(), raw.size());
}

NonceCheck NonceSigner::check(std::string_view nonce, std::string_view realm, UnixSeconds now) const noexcept {
  std::array<std::uint8_t, kNonceBytes> raw{};
  if (!decodeNonce(nonce, raw)) return {};
  std::string_view signedPart(reinterpret_cast<const char*>(raw.data()), kTimeBytes + kSaltBytes);
  Mac m = mac("nonce", {signedPart, realm});
  if (CRYPTO_memcmp(m.data(), raw.data() + kTimeBytes + kSaltBytes, kNonceMacBytes) != 0) return {};
  UnixSeconds issued = timeFrom(raw.data());
  // The MAC matched, so the time is one we wrote; compared as differences from `now` anyway, so
  // no sum with the lifetime can overflow.
  bool fresh = issued <= now ? now - issued < static_cast<UnixSeconds>(lifetime_) : issued - now <= kClockSkewSeconds;
  return {fresh ? NonceState::Valid : NonceState::Expired, issued};
}

std::string NonceSigner::opaque(std::string_view realm) const noexcept {
  Mac m = mac("opaque", {realm});
  return base64Url(m.data(), kOpaqueMacBytes);
}

std::string NonceSigner::macHex(std::string_view label,
                                std::initializer_list<std::string_view> parts) const noexcept {
  Mac m = mac(label, parts);
  return lowerHex(m.data(), m.size());
}

}  // namespace parley::auth
