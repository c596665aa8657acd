// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace parley::location {

// Credentials models one user's digest secrets (RFC 7616 §3.4.2): HA1 = H(username ":" realm ":"
// password) once per hash the server may offer, as lower-case hex. The password itself is never
// stored. The user owns the AORs sip:/sips:<username>@<realm>. Plain value; any thread.
struct Credentials {
  std::string username;
  std::string realm;
  std::string ha1Md5;         // 32 hex digits
  std::string ha1Sha256;      // 64 hex digits
  std::string ha1Sha512_256;  // 64 hex digits

  friend bool operator==(const Credentials&, const Credentials&) = default;
};

// CredentialStore models the user database the digest authenticator reads and `parley user`
// writes. Shared by every worker thread; every method is safe from any thread.
class CredentialStore {
 public:
  virtual ~CredentialStore() = default;

  // The user `username` of `realm` (both compared exactly), or nullopt when there is none.
  [[nodiscard]] virtual Result<std::optional<Credentials>> find(std::string_view username,
                                                                std::string_view realm) noexcept = 0;
  // Adds the user or replaces its secrets.
  [[nodiscard]] virtual Result<void> put(const Credentials& credentials) noexcept = 0;
  // Removes the user; false when it did not exist.
  [[nodiscard]] virtual Result<bool> remove(std::string_view username, std::string_view realm) noexcept = 0;
  // Every user, sorted by realm then username (admin, `parley user list`).
  [[nodiscard]] virtual Result<std::vector<Credentials>> list() noexcept = 0;
};

}  // namespace parley::location
