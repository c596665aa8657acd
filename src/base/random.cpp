// SPDX-License-Identifier: MIT
#include "base/random.hpp"

#include <sys/random.h>

#include <chrono>

namespace parley {
namespace {

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::string Random::token(std::size_t n) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out(n, '0');
  std::uint64_t bits = 0;
  int left = 0;
  for (char& c : out) {
    if (left < 6) {
      bits = next();
      left = 64;
    }
    c = kAlphabet[(bits & 63u) % 36u];
    bits >>= 6;
    left -= 6;
  }
  return out;
}

SystemRandom::SystemRandom() noexcept {
  std::uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, 0) != static_cast<ssize_t>(sizeof seed)) {
    seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  std::uint64_t x = seed;
  for (auto& s : s_) s = splitmix(x);
}

SystemRandom::SystemRandom(std::uint64_t seed) noexcept {
  std::uint64_t x = seed;
  for (auto& s : s_) s = splitmix(x);
}

std::uint64_t SystemRandom::next() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

}  // namespace parley
