// SPDX-License-Identifier: MIT
#include "location/sqlite/sqlite_location_store.hpp"

#include <algorithm>
#include <limits>

#include "location/sqlite/binding_row.hpp"

namespace parley::location {
namespace {

constexpr std::string_view kWhere = "location store";

constexpr const char* kSelectLive =
    "SELECT " PARLEY_BINDING_COLUMNS " FROM bindings WHERE aor = ?1 AND expires > ?2 ORDER BY id";
constexpr const char* kDeleteAor = "DELETE FROM bindings WHERE aor = ?1";
constexpr const char* kInsert = "INSERT INTO bindings (" PARLEY_BINDING_COLUMNS
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
constexpr const char* kDeleteExpired = "DELETE FROM bindings WHERE expires <= ?1";
constexpr const char* kCountLive = "SELECT count(*) FROM bindings WHERE expires > ?1";
constexpr const char* kListAors =
    "SELECT DISTINCT aor FROM bindings WHERE aor > ?1 AND expires > ?2 ORDER BY aor LIMIT ?3";

Result<BindingSet> selectLive(SqliteConnection& connection, std::string_view aor, UnixSeconds now) noexcept {
  auto select = connection.statement(kSelectLive);
  if (!select) return Unexpected(select.error());
  select->bind(1, aor);
  select->bind(2, std::int64_t{now});
  return readAll<Binding>(*select, readBindingRow);
}

// Replaces every row of `aor` (expired ones too) by `next`, inside the caller's transaction.
Result<void> replaceRows(SqliteConnection& connection, std::string_view aor, const BindingSet& next) noexcept {
  auto erase = connection.statement(kDeleteAor);
  if (!erase) return Unexpected(erase.error());
  erase->bind(1, aor);
  if (auto r = erase->run(); !r) return r;
  for (const Binding& b : next) {
    auto insert = connection.statement(kInsert);
    if (!insert) return Unexpected(insert.error());
    const std::string pathText = encodePath(b.path);
    bindBindingRow(*insert, b, pathText);
    if (auto r = insert->run(); !r) return r;
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<SqliteLocationStore>> SqliteLocationStore::open(std::string path,
                                                                       const SqliteOptions& options) noexcept {
  auto pool = SqlitePool::open(std::move(path), options, kWhere);
  if (!pool) return Unexpected(pool.error());
  return std::unique_ptr<SqliteLocationStore>(new SqliteLocationStore(std::move(*pool)));
}

Result<BindingSet> SqliteLocationStore::lookup(std::string_view aor, UnixSeconds now) noexcept {
  auto lease = pool_->acquire();
  if (!lease) return Unexpected(lease.error());
  return selectLive(**lease, aor, now);
}

Result<BindingSet> SqliteLocationStore::update(std::string_view aor, UnixSeconds now,
                                               const BindingMutation& mutate) noexcept {
  std::lock_guard writer(pool_->writeMutex());
  auto lease = pool_->acquire();
  if (!lease) return Unexpected(lease.error());
  SqliteConnection& connection = **lease;
  auto transaction = Transaction::begin(connection);
  if (!transaction) return Unexpected(transaction.error());
  auto current = selectLive(connection, aor, now);
  if (!current) return current;
  Result<BindingSet> next = mutate(*current);
  if (!next) return next;  // the transaction's destructor rolls back
  // A binding filed under another AOR would be invisible to lookups of its own AOR: a registrar bug.
  if (!std::all_of(next->begin(), next->end(), [aor](const Binding& b) { return b.aor == aor; })) {
    return fail(Errc::Internal, "binding of another AOR", kWhere, 500);
  }
  if (auto r = replaceRows(connection, aor, *next); !r) return Unexpected(r.error());
  if (auto r = transaction->commit(); !r) return Unexpected(r.error());
  return next;
}

Result<std::size_t> SqliteLocationStore::removeExpired(UnixSeconds now) noexcept {
  std::lock_guard writer(pool_->writeMutex());
  return pool_->withStatement(kDeleteExpired, [&](Statement& erase, SqliteConnection& connection) -> Result<std::size_t> {
    erase.bind(1, std::int64_t{now});
    if (auto r = erase.run(); !r) return Unexpected(r.error());
    return static_cast<std::size_t>(connection.changes());
  });
}

Result<std::size_t> SqliteLocationStore::count(UnixSeconds now) noexcept {
  return pool_->withStatement(kCountLive, [&](Statement& select, SqliteConnection&) -> Result<std::size_t> {
    select.bind(1, std::int64_t{now});
    auto row = select.step();
    if (!row) return Unexpected(row.error());
    return static_cast<std::size_t>(*row ? select.integer(0) : 0);
  });
}

Result<std::vector<std::string>> SqliteLocationStore::listAors(UnixSeconds now, std::string_view after,
                                                               std::size_t limit) noexcept {
  const auto rows = static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max()));
  return pool_->withStatement(kListAors, [&](Statement& select, SqliteConnection&) {
    select.bind(1, after);
    select.bind(2, std::int64_t{now});
    select.bind(3, rows);
    return readAll<std::string>(select, [](const Statement& row) { return row.text(0); });
  });
}

}  // namespace parley::location
