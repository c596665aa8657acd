// SPDX-License-Identifier: MIT
#include "tu/auth/digest_algorithm.hpp"

#include <array>

#include "syntax/char_class.hpp"

namespace parley::auth {
namespace {

struct AlgorithmRow {
  DigestAlgorithm algorithm;
  std::string_view name;
  DigestAlgorithm base;
  int strength;
};

// RFC 7616 §6.1 registry names; RFC 8760 §2.1 makes the SHA-2 rows usable in SIP.
constexpr std::array<AlgorithmRow, 6> kAlgorithms{{
    {DigestAlgorithm::Md5, "MD5", DigestAlgorithm::Md5, 0},
    {DigestAlgorithm::Md5Sess, "MD5-sess", DigestAlgorithm::Md5, 1},
    {DigestAlgorithm::Sha256, "SHA-256", DigestAlgorithm::Sha256, 2},
    {DigestAlgorithm::Sha256Sess, "SHA-256-sess", DigestAlgorithm::Sha256, 3},
    {DigestAlgorithm::Sha512_256, "SHA-512-256", DigestAlgorithm::Sha512_256, 4},
    {DigestAlgorithm::Sha512_256Sess, "SHA-512-256-sess", DigestAlgorithm::Sha512_256, 5},
}};

const AlgorithmRow& rowOf(DigestAlgorithm a) noexcept { return kAlgorithms[static_cast<std::size_t>(a)]; }

}  // namespace

std::string_view algorithmName(DigestAlgorithm a) noexcept { return rowOf(a).name; }

std::optional<DigestAlgorithm> parseAlgorithm(std::string_view token) noexcept {
  if (token.empty()) return DigestAlgorithm::Md5;
  for (const AlgorithmRow& row : kAlgorithms) {
    if (syntax::iequals(token, row.name)) return row.algorithm;
  }
  return std::nullopt;
}

DigestAlgorithm baseAlgorithm(DigestAlgorithm a) noexcept { return rowOf(a).base; }

bool isSession(DigestAlgorithm a) noexcept { return rowOf(a).base != a; }

int strength(DigestAlgorithm a) noexcept { return rowOf(a).strength; }

std::size_t hexLength(DigestAlgorithm a) noexcept { return baseAlgorithm(a) == DigestAlgorithm::Md5 ? 32 : 64; }

}  // namespace parley::auth
