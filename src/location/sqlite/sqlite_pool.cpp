// SPDX-License-Identifier: MIT
#include "location/sqlite/sqlite_pool.hpp"

#include <sqlite3.h>

#include "location/sqlite/sqlite_schema.hpp"

namespace parley::location {

SqlitePool::Lease::~Lease() {
  if (connection_) pool_->giveBack(std::move(connection_));
}

Result<std::unique_ptr<SqlitePool>> SqlitePool::open(std::string path, const SqliteOptions& options,
                                                     std::string_view where) noexcept {
  std::unique_ptr<SqlitePool> pool(new SqlitePool(std::move(path), options, where));
  auto first = pool->acquire();
  if (!first) return Unexpected(first.error());
  if (auto r = ensureSqliteSchema(**first, where); !r) return Unexpected(r.error());
  return pool;
}

Result<SqlitePool::Lease> SqlitePool::acquire() noexcept {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
    if (opened_ < std::max<std::size_t>(options_.maxConnections, 1)) {
      ++opened_;
      lock.unlock();  // opening reads the file: not under the pool's lock
      auto connection = SqliteConnection::open(path_, options_, where_);
      if (!connection) {
        lock.lock();
        --opened_;
        returned_.notify_one();
        return Unexpected(connection.error());
      }
      return Lease(*this, std::move(*connection));
    }
    returned_.wait(lock);
  }
}

void SqlitePool::giveBack(std::unique_ptr<SqliteConnection> connection) noexcept {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

Result<SqlitePool::CheckpointResult> SqlitePool::checkpoint() noexcept {
  auto lease = acquire();
  if (!lease) return Unexpected(lease.error());
  CheckpointResult result;
  const int rc = sqlite3_wal_checkpoint_v2((*lease)->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &result.walPages,
                                           &result.checkpointedPages);
  if (rc != SQLITE_OK) return (*lease)->error(rc);
  return result;
}

}  // namespace parley::location
