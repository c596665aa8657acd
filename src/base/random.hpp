// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace parley {

// Random models the injected source of randomness (STYLE §7) for tags, branches and nonces. The
// owner of an event loop owns one per loop; only that loop's thread calls it. Tests inject a
// seeded or scripted source so outputs are reproducible.
class Random {
 public:
  virtual ~Random() = default;
  [[nodiscard]] virtual std::uint64_t next() noexcept = 0;

  // `n` characters of [0-9a-z]: tags (§19.3 asks for at least 32 bits of randomness) and the
  // part of a branch after the magic cookie.
  [[nodiscard]] std::string token(std::size_t n);
};

// SystemRandom is a xoshiro256** generator seeded from the operating system (getrandom). Not for
// secrets: nonces that must be unguessable use an HMAC with a server key instead.
class SystemRandom final : public Random {
 public:
  SystemRandom() noexcept;
  explicit SystemRandom(std::uint64_t seed) noexcept;
  [[nodiscard]] std::uint64_t next() noexcept override;

 private:
  std::uint64_t s_[4];
};

}  // namespace parley
