// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "location/credential_store.hpp"
#include "location/sqlite/sqlite_options.hpp"
#include "location/sqlite/sqlite_pool.hpp"

namespace parley::location {

// SqliteCredentialStore keeps the digest user database (RFC 7616 §3.4.2 HA1 values, table
// `users`) in the SQLite file the location store uses; `parley user` writes it while a server
// reads it. Every write commits before it returns (same durability as SqliteLocationStore) and
// every read sees all earlier commits of any process. SQLite failures are Errc::Io with status
// 500 and where "credential store". Owned by the application or the CLI; safe from any thread.
class SqliteCredentialStore final : public CredentialStore {
 public:
  // Opens or creates the file and its schema. Startup only.
  [[nodiscard]] static Result<std::unique_ptr<SqliteCredentialStore>> open(std::string path,
                                                                           const SqliteOptions& options = {}) noexcept;
  SqliteCredentialStore(const SqliteCredentialStore&) = delete;
  SqliteCredentialStore& operator=(const SqliteCredentialStore&) = delete;

  // CredentialStore
  [[nodiscard]] Result<std::optional<Credentials>> find(std::string_view username,
                                                        std::string_view realm) noexcept override;
  [[nodiscard]] Result<void> put(const Credentials& credentials) noexcept override;
  [[nodiscard]] Result<bool> remove(std::string_view username, std::string_view realm) noexcept override;
  [[nodiscard]] Result<std::vector<Credentials>> list() noexcept override;

  // A passive WAL checkpoint (see SqlitePool::checkpoint); background thread only.
  [[nodiscard]] Result<SqlitePool::CheckpointResult> checkpoint() noexcept { return pool_->checkpoint(); }

 private:
  explicit SqliteCredentialStore(std::unique_ptr<SqlitePool> pool) noexcept : pool_(std::move(pool)) {}

  std::unique_ptr<SqlitePool> pool_;
};

}  // namespace parley::location
