// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "location/location_store.hpp"
#include "location/sqlite/sqlite_options.hpp"
#include "location/sqlite/sqlite_pool.hpp"

namespace parley::location {

// SqliteLocationStore keeps the RFC 3261 §10 location service in one SQLite file
// (`<data_dir>/parley.db`, shared with SqliteCredentialStore): the default, durable backend.
// - Durability: update() commits before it returns; in WAL mode with Durability::Process a commit
//   survives kill -9 of the process, with Durability::Power also power loss (SqliteOptions).
// - Atomicity per AOR: update() runs read, mutate and write inside one BEGIN IMMEDIATE
//   transaction, which holds the file's write lock, so no update from any thread or any other
//   process on the same file interleaves; a mutation error rolls back and is returned unchanged.
//   `mutate` runs under that lock: it must be quick, must not throw and must not call the store.
// - Visibility: every call starts a new read transaction, so a lookup sees every update committed
//   before it by any process.
// - Errors: SQLite failures are Errc::Io with status 500 and where "location store".
// Owned by the application; every method is safe from any thread (connections from SqlitePool).
class SqliteLocationStore final : public LocationStore {
 public:
  // Opens or creates the file and its schema. Startup only.
  [[nodiscard]] static Result<std::unique_ptr<SqliteLocationStore>> open(std::string path,
                                                                         const SqliteOptions& options = {}) noexcept;
  SqliteLocationStore(const SqliteLocationStore&) = delete;
  SqliteLocationStore& operator=(const SqliteLocationStore&) = delete;

  // LocationStore
  [[nodiscard]] Result<BindingSet> lookup(std::string_view aor, UnixSeconds now) noexcept override;
  [[nodiscard]] Result<BindingSet> update(std::string_view aor, UnixSeconds now,
                                          const BindingMutation& mutate) noexcept override;
  [[nodiscard]] Result<std::size_t> removeExpired(UnixSeconds now) noexcept override;
  [[nodiscard]] Result<std::size_t> count(UnixSeconds now) noexcept override;
  [[nodiscard]] Result<std::vector<std::string>> listAors(UnixSeconds now, std::string_view after,
                                                          std::size_t limit) noexcept override;

  // A passive WAL checkpoint of the file (see SqlitePool::checkpoint): the application calls it
  // from a background thread, never from an event loop. One call covers both stores of a file.
  [[nodiscard]] Result<SqlitePool::CheckpointResult> checkpoint() noexcept { return pool_->checkpoint(); }

 private:
  explicit SqliteLocationStore(std::unique_ptr<SqlitePool> pool) noexcept : pool_(std::move(pool)) {}

  std::unique_ptr<SqlitePool> pool_;
};

}  // namespace parley::location
