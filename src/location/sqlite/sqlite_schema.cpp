// SPDX-License-Identifier: MIT
#include "location/sqlite/sqlite_schema.hpp"

namespace parley::location {
namespace {

// Version 1. One row per binding (RFC 3261 §10.3); the columns mirror Binding field by field.
// `path` holds the RFC 3327 Path values, each ended by a newline, with backslash and newline
// escaped as \\ and \n (see binding_row.cpp). `flow_connection` is the unsigned 64-bit connection
// id stored in SQLite's signed integer by its bit pattern. Index (aor, expires) serves lookup()
// and listAors(); index (expires) serves removeExpired() and count().
// Users: RFC 7616 §3.4.2 HA1 values as lower-case hex, one per algorithm; never a password.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE bindings (
  id              INTEGER PRIMARY KEY,
  aor             TEXT    NOT NULL,
  contact         TEXT    NOT NULL,
  contact_params  TEXT    NOT NULL,
  call_id         TEXT    NOT NULL,
  cseq            INTEGER NOT NULL,
  expires         INTEGER NOT NULL,
  updated         INTEGER NOT NULL,
  q               INTEGER NOT NULL,
  path            TEXT    NOT NULL,
  instance        TEXT    NOT NULL,
  reg_id          INTEGER NOT NULL,
  user_agent      TEXT    NOT NULL,
  flow_transport  INTEGER NOT NULL,
  flow_address    TEXT    NOT NULL,
  flow_port       INTEGER NOT NULL,
  flow_connection INTEGER NOT NULL,
  flow_node       TEXT    NOT NULL
);
CREATE INDEX bindings_by_aor ON bindings (aor, expires);
CREATE INDEX bindings_by_expires ON bindings (expires);
CREATE TABLE users (
  realm           TEXT NOT NULL,
  username        TEXT NOT NULL,
  ha1_md5         TEXT NOT NULL,
  ha1_sha256      TEXT NOT NULL,
  ha1_sha512_256  TEXT NOT NULL,
  PRIMARY KEY (realm, username)
) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

}  // namespace

Result<void> ensureSqliteSchema(SqliteConnection& connection, std::string_view where) noexcept {
  auto transaction = Transaction::begin(connection);
  if (!transaction) return Unexpected(transaction.error());
  int version = 0;
  {
    auto read = connection.statement("PRAGMA user_version");
    if (!read) return Unexpected(read.error());
    auto row = read->step();
    if (!row) return Unexpected(row.error());
    if (*row) version = static_cast<int>(read->integer(0));
  }
  if (version > kSqliteSchemaVersion) {
    return fail(Errc::Unsupported, "database written by a newer Parley (schema version)", where, 500);
  }
  if (version == 0) {
    if (auto r = connection.execute(kSchemaV1); !r) return r;
  }
  return transaction->commit();
}

}  // namespace parley::location
