// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "location/credential_store.hpp"

namespace parley::location {

// MemoryCredentialStore keeps the digest user database (RFC 7616 §3.4.2 HA1 values) in a map
// keyed by (realm, username) behind one mutex: credential reads are one short lookup per
// challenged request, not worth sharding. Nothing survives the process. Owned by the application
// or a test; every method is safe from any thread.
class MemoryCredentialStore final : public CredentialStore {
 public:
  MemoryCredentialStore() = default;
  MemoryCredentialStore(const MemoryCredentialStore&) = delete;
  MemoryCredentialStore& operator=(const MemoryCredentialStore&) = delete;

  // CredentialStore
  [[nodiscard]] Result<std::optional<Credentials>> find(std::string_view username,
                                                        std::string_view realm) noexcept override;
  [[nodiscard]] Result<void> put(const Credentials& credentials) noexcept override;
  [[nodiscard]] Result<bool> remove(std::string_view username, std::string_view realm) noexcept override;
  [[nodiscard]] Result<std::vector<Credentials>> list() noexcept override;

 private:
  using Key = std::pair<std::string, std::string>;  // (realm, username): the order list() returns

  std::mutex mutex_;
  std::map<Key, Credentials> users_;
};

}  // namespace parley::location
