// SPDX-License-Identifier: MIT
#include "location/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <limits>

namespace parley::location {

// ---- Statement

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Statement::bind(int index, std::string_view text) noexcept {
  // A null pointer would bind SQL NULL, which matches nothing and violates NOT NULL: bind "" instead.
  const char* data = text.data() != nullptr ? text.data() : "";
  const auto size = static_cast<int>(std::min<std::size_t>(text.size(), std::numeric_limits<int>::max()));
  sqlite3_bind_text(stmt_, index, data, size, SQLITE_STATIC);
}

void Statement::bind(int index, std::int64_t value) noexcept { sqlite3_bind_int64(stmt_, index, value); }

Result<bool> Statement::step() noexcept {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return connection_->error(rc);
}

Result<void> Statement::run() noexcept {
  auto row = step();
  if (!row) return Unexpected(row.error());
  return {};
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::integer(int column) const noexcept { return sqlite3_column_int64(stmt_, column); }

// ---- SqliteConnection

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path, const SqliteOptions& options,
                                                                 std::string_view where) noexcept {
  sqlite3* db = nullptr;
  // NOMUTEX: a connection is only ever used by one thread at a time (SqlitePool lends it), so
  // SQLite's per-connection mutex would be pure cost.
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db, where));
  if (rc != SQLITE_OK) return connection->error(rc);
  sqlite3_busy_timeout(db, options.busyTimeoutMs);

  // WAL lets readers of every process go on while one writer commits, and makes a commit one
  // append to the -wal file. The journal mode is a property of the file; asking again is a no-op.
  {
    auto mode = connection->statement("PRAGMA journal_mode=WAL");
    if (!mode) return Unexpected(mode.error());
    auto row = mode->step();
    if (!row) return Unexpected(row.error());
    if (!*row || mode->text(0) != "wal") return fail(Errc::Io, "the database cannot use WAL mode", where, 500);
  }

  const char* synchronous =
      options.durability == Durability::Power ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
  if (auto r = connection->execute(synchronous); !r) return Unexpected(r.error());
  // Checkpoints run in SqlitePool::checkpoint() on a background thread, never inside a worker's
  // commit (an automatic checkpoint copies up to 1,000 pages into the database file in the middle
  // of an update()).
  if (auto r = connection->execute("PRAGMA wal_autocheckpoint=0"); !r) return Unexpected(r.error());
  const std::string mmap = "PRAGMA mmap_size=" + std::to_string(options.mmapBytes);
  if (auto r = connection->execute(mmap.c_str()); !r) return Unexpected(r.error());
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);  // a null handle is a no-op
}

Result<Statement> SqliteConnection::statement(const char* sql) noexcept {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error(rc);
    it = statements_.emplace(sql, stmt).first;
  }
  return Statement(*this, it->second);
}

Result<void> SqliteConnection::execute(const char* sql) noexcept {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc);
  return {};
}

std::int64_t SqliteConnection::changes() const noexcept { return sqlite3_changes(db_); }

Unexpected SqliteConnection::error(int rc) const noexcept {
  // sqlite3_errstr() texts are static, as Error::what must be; sqlite3_errmsg() would not be.
  return fail(Errc::Io, sqlite3_errstr(rc), where_, 500);
}

// ---- Transaction

Result<Transaction> Transaction::begin(SqliteConnection& connection) noexcept {
  auto begin = connection.statement("BEGIN IMMEDIATE");
  if (!begin) return Unexpected(begin.error());
  if (auto r = begin->run(); !r) return Unexpected(r.error());
  return Transaction(connection);
}

Transaction::~Transaction() {
  if (connection_ == nullptr) return;
  if (auto rollback = connection_->statement("ROLLBACK")) (void)rollback->run();
}

Result<void> Transaction::commit() noexcept {
  auto commit = connection_->statement("COMMIT");
  if (!commit) return Unexpected(commit.error());
  auto r = commit->run();
  if (r) connection_ = nullptr;  // on failure the destructor rolls back
  return r;
}

}  // namespace parley::location
