// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"
#include "location/sqlite/sqlite_options.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace parley::location {

class SqliteConnection;

// Statement is one use of a cached prepared statement: bind, step, read columns; the destructor
// resets it and clears its parameters, so no read transaction stays open in WAL mode (an open one
// would hold back checkpoints and pin an old snapshot). Text parameters are bound without a copy:
// they must outlive the last step(). Lives on the stack of the thread that holds the connection.
class Statement {
 public:
  Statement(SqliteConnection& connection, sqlite3_stmt* stmt) noexcept : connection_(&connection), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept : connection_(other.connection_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  void bind(int index, std::string_view text) noexcept;
  void bind(int index, std::int64_t value) noexcept;
  // true: a row is ready; false: done.
  [[nodiscard]] Result<bool> step() noexcept;
  // Steps a statement that returns no row (INSERT, DELETE, BEGIN ...).
  [[nodiscard]] Result<void> run() noexcept;

  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const noexcept;

 private:
  SqliteConnection* connection_;
  sqlite3_stmt* stmt_;
};

// Steps `statement` to the end and returns read(statement) of every row.
template <class T, class Read>
[[nodiscard]] Result<std::vector<T>> readAll(Statement& statement, Read read) noexcept {
  std::vector<T> rows;
  for (;;) {
    auto row = statement.step();
    if (!row) return Unexpected(row.error());
    if (!*row) return rows;
    rows.push_back(read(statement));
  }
}

// SqliteConnection is one open sqlite3 handle on the store's file, configured for Parley (WAL,
// the chosen durability, busy timeout, no automatic checkpoint) with its prepared statements
// cached by the address of their SQL text. SQLite connections must not be used by two threads at
// once: a SqliteConnection belongs to its SqlitePool and is lent to one thread at a time.
class SqliteConnection {
 public:
  // Opens (creating the file if needed) and configures a connection. `where` names the store in
  // errors ("location store").
  [[nodiscard]] static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                                      const SqliteOptions& options,
                                                                      std::string_view where) noexcept;
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // The prepared statement for `sql`, a string literal: statements are cached by its address.
  [[nodiscard]] Result<Statement> statement(const char* sql) noexcept;
  // Runs `sql` (may hold several statements) without caching; for schema set-up.
  [[nodiscard]] Result<void> execute(const char* sql) noexcept;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const noexcept;
  [[nodiscard]] sqlite3* handle() const noexcept { return db_; }

  // The error every SQLite failure becomes: Io, 500 (the registrar answers 500), SQLite's
  // static text for the result code.
  [[nodiscard]] Unexpected error(int rc) const noexcept;

 private:
  SqliteConnection(sqlite3* db, std::string_view where) noexcept : db_(db), where_(where) {}

  sqlite3* db_;
  std::string_view where_;  // static text
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

// Transaction is a write transaction on one connection (BEGIN IMMEDIATE: takes the database's
// write lock at once, waiting up to the busy timeout for another process): commit() or the
// destructor rolls it back. Stack-only, on the connection's thread.
class Transaction {
 public:
  [[nodiscard]] static Result<Transaction> begin(SqliteConnection& connection) noexcept;
  Transaction(Transaction&& other) noexcept : connection_(other.connection_) { other.connection_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  [[nodiscard]] Result<void> commit() noexcept;

 private:
  explicit Transaction(SqliteConnection& connection) noexcept : connection_(&connection) {}
  SqliteConnection* connection_;  // null once committed or rolled back
};

}  // namespace parley::location
