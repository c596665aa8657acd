// SPDX-License-Identifier: MIT
// The location contract suite against the SQLite backend (both durability settings), then what
// only a file-backed store promises: reopening, two store objects (as two processes) on one file,
// kill -9 of a writer, schema versions, SQLite errors as Io/500, checkpoints.
#include <sqlite3.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "location/sqlite/sqlite_credential_store.hpp"
#include "location/sqlite/sqlite_location_store.hpp"
#include "location_store_contract.hpp"

namespace parley::test {
namespace {

using location::Durability;
using location::SqliteCredentialStore;
using location::SqliteLocationStore;
using location::SqliteOptions;

std::string dbPath(const std::filesystem::path& dir) { return (dir / "parley.db").string(); }

template <class Store>
std::unique_ptr<Store> openOrDie(const std::string& path, const SqliteOptions& options = {}) {
  auto store = Store::open(path, options);
  if (!store) throw std::runtime_error("open failed: " + store.error().reasonPhrase());
  return std::move(*store);
}

LocationBackend sqliteBackend(std::string name, Durability durability) {
  return {std::move(name), [durability](const std::filesystem::path& dir) -> std::unique_ptr<location::LocationStore> {
            return openOrDie<SqliteLocationStore>(dbPath(dir), SqliteOptions{.durability = durability});
          }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, LocationStoreContract,
                         testing::Values(sqliteBackend("Sqlite", Durability::Process),
                                         sqliteBackend("SqlitePowerDurable", Durability::Power)),
                         BackendName());

INSTANTIATE_TEST_SUITE_P(Sqlite, CredentialStoreContract,
                         testing::Values(CredentialBackend{"Sqlite",
                                                           [](const std::filesystem::path& dir) {
                                                             return openOrDie<SqliteCredentialStore>(dbPath(dir));
                                                           }}),
                         BackendName());

const std::string kAor = "sip:bob@biloxi.example.com";

location::BindingMutation append(const std::string& aor, const std::string& contact) {
  return [aor, contact](const location::BindingSet& current) -> Result<location::BindingSet> {
    auto next = current;
    next.push_back(sampleBinding(aor, contact, kContractNow + 3600));
    return next;
  };
}

location::Credentials bob() {
  return {"bob", "biloxi.example.com", std::string(32, 'a'), std::string(64, 'b'), std::string(64, 'c')};
}

TEST(SqliteLocationStore, DataSurvivesClosingAndReopeningTheFile) {
  TempDir dir;
  {
    auto store = openOrDie<SqliteLocationStore>(dbPath(dir.path()));
    ASSERT_TRUE(store->update(kAor, kContractNow, append(kAor, "sip:a@h")));
    auto users = openOrDie<SqliteCredentialStore>(dbPath(dir.path()));
    ASSERT_TRUE(users->put(bob()));
  }
  auto store = openOrDie<SqliteLocationStore>(dbPath(dir.path()));
  auto found = store->lookup(kAor, kContractNow);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front(), sampleBinding(kAor, "sip:a@h", kContractNow + 3600));
  auto users = openOrDie<SqliteCredentialStore>(dbPath(dir.path()));
  EXPECT_EQ(users->find("bob", "biloxi.example.com").value(), bob());
}

// Two store objects have separate connection pools and write mutexes: exactly what two Parley
// processes on one data folder have, except the address space.
TEST(SqliteLocationStore, TwoStoresOnOneFileSeeEachOthersWritesAtOnce) {
  TempDir dir;
  auto a = openOrDie<SqliteLocationStore>(dbPath(dir.path()));
  auto b = openOrDie<SqliteLocationStore>(dbPath(dir.path()));
  ASSERT_TRUE(b->lookup(kAor, kContractNow).value().empty());  // b has a read connection open already
  ASSERT_TRUE(a->update(kAor, kContractNow, append(kAor, "sip:from-a@h")));
  EXPECT_EQ(contactsOf(b->lookup(kAor, kContractNow).value()), std::set<std::string>{"sip:from-a@h"});
  ASSERT_TRUE(b->update(kAor, kContractNow, append(kAor, "sip:from-b@h")));
  EXPECT_EQ(contactsOf(a->lookup(kAor, kContractNow).value()),
            (std::set<std::string>{"sip:from-a@h", "sip:from-b@h"}));

  auto usersA = openOrDie<SqliteCredentialStore>(dbPath(dir.path()));
  auto usersB = openOrDie<SqliteCredentialStore>(dbPath(dir.path()));
  ASSERT_EQ(usersB->find("bob", "biloxi.example.com").value(), std::nullopt);
  ASSERT_TRUE(usersA->put(bob()));
  EXPECT_EQ(usersB->find("bob", "biloxi.example.com").value(), bob());
  ASSERT_TRUE(usersB->remove("bob", "biloxi.example.com").value());
  EXPECT_EQ(usersA->find("bob", "biloxi.example.com").value(), std::nullopt);
}

// Writers on two store objects do not share a mutex: they meet in SQLite's file lock and busy
// handler, as two processes do. No update may be lost.
TEST(SqliteLocationStore, ConcurrentUpdatesThroughTwoStoresNeverLoseOne) {
  TempDir dir;
  auto a = openOrDie<SqliteLocationStore>(dbPath(dir.path()));
  auto b = openOrDie<SqliteLocationStore>(dbPath(dir.path()));
  constexpr int kThreadsPerStore = 3;
  constexpr int kUpdatesPerThread = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerStore; ++t) {
    SqliteLocationStore* store = t < kThreadsPerStore ? a.get() : b.get();
    threads.emplace_back([&failures, store, t] {
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        const std::string contact = "sip:t" + std::to_string(t) + "-" + std::to_string(i) + "@h";
        if (!store->update(kAor, kContractNow, append(kAor, contact))) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(contactsOf(a->lookup(kAor, kContractNow).value()).size(), std::size_t{2 * kThreadsPerStore * kUpdatesPerThread});
}

// "No acknowledged registration is lost on kill -9": a child process writes bindings as fast as
// it can and reports each one after update() returned; the parent kills it with SIGKILL in the
// middle of its next write and reopens the file.
TEST(SqliteLocationStore, AcknowledgedUpdatesSurviveSigkillOfTheWriter) {
  TempDir dir;
  const std::string path = dbPath(dir.path());
  constexpr std::uint32_t kAcknowledged = 200;
  int report[2];
  ASSERT_EQ(::pipe(report), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(report[0]);
    auto store = SqliteLocationStore::open(path);
    if (!store) ::_exit(3);
    for (std::uint32_t i = 0;; ++i) {
      const std::string aor = "sip:user" + std::to_string(i) + "@example.com";
      if (!(*store)->update(aor, kContractNow, append(aor, "sip:ua@h"))) ::_exit(4);
      if (::write(report[1], &i, sizeof i) != sizeof i) ::_exit(5);  // "committed"
    }
  }
  ::close(report[1]);
  std::uint32_t last = 0;
  for (std::uint32_t n = 0; n < kAcknowledged; ++n) {
    ASSERT_EQ(::read(report[0], &last, sizeof last), static_cast<ssize_t>(sizeof last)) << "child died early";
    ASSERT_EQ(last, n);
  }
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::close(report[0]);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;

  auto store = openOrDie<SqliteLocationStore>(path);
  for (std::uint32_t i = 0; i < kAcknowledged; ++i) {
    const std::string aor = "sip:user" + std::to_string(i) + "@example.com";
    EXPECT_EQ(contactsOf(store->lookup(aor, kContractNow).value()), std::set<std::string>{"sip:ua@h"}) << aor;
  }
  EXPECT_GE(store->count(kContractNow).value(), std::size_t{kAcknowledged});
}

TEST(SqliteLocationStore, FileOfANewerSchemaIsRefused) {
  TempDir dir;
  { (void)openOrDie<SqliteLocationStore>(dbPath(dir.path())); }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dbPath(dir.path()).c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto store = SqliteLocationStore::open(dbPath(dir.path()));
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::Unsupported);
}

TEST(SqliteLocationStore, UnopenableFileIsAnIoError) {
  TempDir dir;
  auto store = SqliteLocationStore::open((dir.path() / "no-such-folder" / "parley.db").string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, Errc::Io);
  EXPECT_EQ(store.error().status, 500);
  EXPECT_EQ(store.error().where, "location store");
}

// Another process holding the write lock longer than the busy timeout: the update fails with
// Io/500 (the registrar answers 500) without calling the mutation.
TEST(SqliteLocationStore, WriteLockHeldElsewhereBeyondTheBusyTimeoutIsIo500) {
  TempDir dir;
  auto store = openOrDie<SqliteLocationStore>(dbPath(dir.path()), SqliteOptions{.busyTimeoutMs = 50});
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dbPath(dir.path()).c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  bool called = false;
  auto r = store->update(kAor, kContractNow, [&](const location::BindingSet& current) -> Result<location::BindingSet> {
    called = true;
    return current;
  });
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::Io);
  EXPECT_EQ(r.error().status, 500);
  EXPECT_EQ(r.error().where, "location store");
  EXPECT_FALSE(called);
  EXPECT_TRUE(store->update(kAor, kContractNow, append(kAor, "sip:a@h")));  // the lock is free again
}

TEST(SqliteLocationStore, CheckpointCopiesTheWalIntoTheDatabase) {
  TempDir dir;
  auto store = openOrDie<SqliteLocationStore>(dbPath(dir.path()));
  for (int i = 0; i < 20; ++i) {
    const std::string aor = "sip:user" + std::to_string(i) + "@example.com";
    ASSERT_TRUE(store->update(aor, kContractNow, append(aor, "sip:ua@h")));
  }
  auto first = store->checkpoint();
  ASSERT_TRUE(first) << first.error().reasonPhrase();
  EXPECT_GT(first->walPages, 0);  // worker connections did not checkpoint on their own
  EXPECT_EQ(first->checkpointedPages, first->walPages);
  EXPECT_EQ(store->count(kContractNow).value(), 20u);
}

}  // namespace
}  // namespace parley::test
