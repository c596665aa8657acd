// SPDX-License-Identifier: MIT
#include "location/sqlite/sqlite_credential_store.hpp"

namespace parley::location {
namespace {

constexpr std::string_view kWhere = "credential store";

constexpr const char* kFind =
    "SELECT username, realm, ha1_md5, ha1_sha256, ha1_sha512_256 FROM users WHERE realm = ?1 AND username = ?2";
constexpr const char* kPut =
    "INSERT INTO users (username, realm, ha1_md5, ha1_sha256, ha1_sha512_256) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (realm, username) DO UPDATE SET ha1_md5 = excluded.ha1_md5, ha1_sha256 = excluded.ha1_sha256, "
    "ha1_sha512_256 = excluded.ha1_sha512_256";
constexpr const char* kRemove = "DELETE FROM users WHERE realm = ?1 AND username = ?2";
constexpr const char* kList =
    "SELECT username, realm, ha1_md5, ha1_sha256, ha1_sha512_256 FROM users ORDER BY realm, username";

Credentials readCredentials(const Statement& s) { return {s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)}; }

}  // namespace

Result<std::unique_ptr<SqliteCredentialStore>> SqliteCredentialStore::open(std::string path,
                                                                           const SqliteOptions& options) noexcept {
  auto pool = SqlitePool::open(std::move(path), options, kWhere);
  if (!pool) return Unexpected(pool.error());
  return std::unique_ptr<SqliteCredentialStore>(new SqliteCredentialStore(std::move(*pool)));
}

Result<std::optional<Credentials>> SqliteCredentialStore::find(std::string_view username,
                                                               std::string_view realm) noexcept {
  return pool_->withStatement(kFind, [&](Statement& select, SqliteConnection&) -> Result<std::optional<Credentials>> {
    select.bind(1, realm);
    select.bind(2, username);
    auto row = select.step();
    if (!row) return Unexpected(row.error());
    if (!*row) return std::nullopt;
    return readCredentials(select);
  });
}

Result<void> SqliteCredentialStore::put(const Credentials& c) noexcept {
  std::lock_guard writer(pool_->writeMutex());
  return pool_->withStatement(kPut, [&](Statement& insert, SqliteConnection&) {
    insert.bind(1, c.username);
    insert.bind(2, c.realm);
    insert.bind(3, c.ha1Md5);
    insert.bind(4, c.ha1Sha256);
    insert.bind(5, c.ha1Sha512_256);
    return insert.run();
  });
}

Result<bool> SqliteCredentialStore::remove(std::string_view username, std::string_view realm) noexcept {
  std::lock_guard writer(pool_->writeMutex());
  return pool_->withStatement(kRemove, [&](Statement& erase, SqliteConnection& connection) -> Result<bool> {
    erase.bind(1, realm);
    erase.bind(2, username);
    if (auto r = erase.run(); !r) return Unexpected(r.error());
    return connection.changes() > 0;
  });
}

Result<std::vector<Credentials>> SqliteCredentialStore::list() noexcept {
  return pool_->withStatement(kList, [](Statement& select, SqliteConnection&) {
    return readAll<Credentials>(select, readCredentials);
  });
}

}  // namespace parley::location
