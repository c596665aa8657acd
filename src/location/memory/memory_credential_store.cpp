// SPDX-License-Identifier: MIT
#include "location/memory/memory_credential_store.hpp"

namespace parley::location {

Result<std::optional<Credentials>> MemoryCredentialStore::find(std::string_view username,
                                                               std::string_view realm) noexcept {
  std::lock_guard lock(mutex_);
  auto it = users_.find(Key(realm, username));
  if (it == users_.end()) return std::optional<Credentials>{};
  return std::optional<Credentials>(it->second);
}

Result<void> MemoryCredentialStore::put(const Credentials& credentials) noexcept {
  std::lock_guard lock(mutex_);
  users_.insert_or_assign(Key(credentials.realm, credentials.username), credentials);
  return {};
}

Result<bool> MemoryCredentialStore::remove(std::string_view username, std::string_view realm) noexcept {
  std::lock_guard lock(mutex_);
  return users_.erase(Key(realm, username)) > 0;
}

Result<std::vector<Credentials>> MemoryCredentialStore::list() noexcept {
  std::lock_guard lock(mutex_);
  std::vector<Credentials> all;
  all.reserve(users_.size());
  for (const auto& [key, credentials] : users_) all.push_back(credentials);
  return all;
}

}  // namespace parley::location
