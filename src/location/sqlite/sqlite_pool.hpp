// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "location/sqlite/sqlite_connection.hpp"
#include "location/sqlite/sqlite_options.hpp"

namespace parley::location {

// SqlitePool owns the connections of one SQLite store to its file and lends each to one thread
// at a time; it also creates the schema when the file is new (version in PRAGMA user_version)
// and runs WAL checkpoints. Owned by its store; every method is safe from any thread.
//
// Why a pool rather than one connection behind a mutex: readers of a WAL database run in
// parallel, each on its own connection, while a single connection serialises every lookup of
// every worker. Measured with bench_location (lookup() of one of 100,000 AORs; 2-core VM shared
// with other engineers' builds, load 5 to 10; docs/benchmarks.md "Location store"), three runs:
// one thread, CPU per lookup: single connection 12.1 / 15.0 / 11.4 us, pool 12.5 / 16.0 /
// 12.2 us (the same code path: equal within the noise); two threads, lookups/s in total: single
// connection 21.8 k / 63.0 k / 35.4 k, pool 29.8 k / 44.2 k / 40.3 k. On two busy cores the
// run-to-run noise (up to 3x) hides any difference, so the choice rests on the design: the pool
// costs nothing measurable with one thread and is the only one of the two that lets readers use
// more cores. Connections are opened on demand and kept, up to SqliteOptions::maxConnections; a
// thread finding none free waits for one.
//
// Writers of this process take writeMutex() before BEGIN IMMEDIATE: SQLite admits one writer at
// a time anyway, and a waiting thread then sleeps on a futex instead of in SQLite's busy handler
// (which polls with sleeps of 1 to 100 ms). Writers of other processes still meet in the busy
// handler, bounded by SqliteOptions::busyTimeoutMs.
class SqlitePool {
 public:
  // A connection lent to the calling thread until the Lease is destroyed.
  class Lease {
   public:
    Lease(SqlitePool& pool, std::unique_ptr<SqliteConnection> connection) noexcept
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    [[nodiscard]] SqliteConnection& operator*() const noexcept { return *connection_; }
    [[nodiscard]] SqliteConnection* operator->() const noexcept { return connection_.get(); }

   private:
    SqlitePool* pool_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  // Opens the first connection and creates the schema when missing. Fails with Errc::Unsupported
  // when the file holds a newer schema version than this program knows. Startup only.
  [[nodiscard]] static Result<std::unique_ptr<SqlitePool>> open(std::string path, const SqliteOptions& options,
                                                                std::string_view where) noexcept;
  SqlitePool(const SqlitePool&) = delete;
  SqlitePool& operator=(const SqlitePool&) = delete;

  [[nodiscard]] Result<Lease> acquire() noexcept;

  // Lends a connection for one statement: returns use(statement, connection) for the cached
  // statement `sql` (a string literal), or the error of getting either.
  template <class Use>
  [[nodiscard]] auto withStatement(const char* sql, Use use) noexcept
      -> decltype(use(std::declval<Statement&>(), std::declval<SqliteConnection&>())) {
    auto lease = acquire();
    if (!lease) return Unexpected(lease.error());
    auto statement = (*lease)->statement(sql);
    if (!statement) return Unexpected(statement.error());
    return use(*statement, **lease);
  }
  [[nodiscard]] std::mutex& writeMutex() noexcept { return writeMutex_; }

  // Copies committed pages from the WAL into the database file without waiting for readers or
  // writers (SQLITE_CHECKPOINT_PASSIVE). Worker connections never checkpoint (autocheckpoint is
  // off), so the application calls this from a background thread, e.g. once a second; without it
  // the -wal file grows until the last connection to the file closes. Returns the WAL size in
  // pages and how many of them are now in the database file.
  struct CheckpointResult {
    int walPages = 0;
    int checkpointedPages = 0;
  };
  [[nodiscard]] Result<CheckpointResult> checkpoint() noexcept;

 private:
  SqlitePool(std::string path, const SqliteOptions& options, std::string_view where) noexcept
      : path_(std::move(path)), options_(options), where_(where) {}
  void giveBack(std::unique_ptr<SqliteConnection> connection) noexcept;

  const std::string path_;
  const SqliteOptions options_;
  const std::string_view where_;  // static text for errors

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  std::size_t opened_ = 0;  // lent + idle

  std::mutex writeMutex_;
};

}  // namespace parley::location
