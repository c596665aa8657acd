// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "base/result.hpp"
#include "location/sqlite/sqlite_connection.hpp"

namespace parley::location {

// The schema version this program writes and reads, kept in PRAGMA user_version (0: new file).
inline constexpr int kSqliteSchemaVersion = 1;

// Creates the tables of both SQLite stores (bindings, users) when the file is new, inside one
// BEGIN IMMEDIATE so two processes opening a new file at once create them once. Fails with
// Errc::Unsupported when the file was written by a newer Parley. Startup only; the caller's thread.
[[nodiscard]] Result<void> ensureSqliteSchema(SqliteConnection& connection, std::string_view where) noexcept;

}  // namespace parley::location
