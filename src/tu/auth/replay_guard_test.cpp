// SPDX-License-Identifier: MIT
#include "tu/auth/replay_guard.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace parley::auth {
namespace {

constexpr UnixSeconds kT0 = 1'790'000'000;

TEST(ReplayGuard, NonceCountMustIncrease) {
  ReplayGuard guard(1024);
  EXPECT_TRUE(guard.accept("n1", kT0 + 300, 1, false, kT0));
  EXPECT_FALSE(guard.accept("n1", kT0 + 300, 1, false, kT0));  // repeated
  EXPECT_TRUE(guard.accept("n1", kT0 + 300, 2, false, kT0));
  EXPECT_TRUE(guard.accept("n1", kT0 + 300, 7, false, kT0));   // gaps are fine
  EXPECT_FALSE(guard.accept("n1", kT0 + 300, 5, false, kT0));  // lower
  EXPECT_TRUE(guard.accept("n2", kT0 + 300, 1, false, kT0));   // another nonce starts afresh
  EXPECT_EQ(guard.size(), 2u);
}

TEST(ReplayGuard, OneTimeNoncesAcceptOnlyTheFirstUse) {
  ReplayGuard guard(1024);
  EXPECT_TRUE(guard.accept("n1", kT0 + 300, 0, true, kT0));
  EXPECT_FALSE(guard.accept("n1", kT0 + 300, 0, true, kT0));
  EXPECT_FALSE(guard.accept("n1", kT0 + 300, 9, true, kT0));
}

TEST(ReplayGuard, EntriesAreDroppedWhenTheirNonceExpires) {
  ReplayGuard guard(1024);
  EXPECT_TRUE(guard.accept("old", kT0 + 300, 1, false, kT0));
  EXPECT_TRUE(guard.accept("new", kT0 + 400, 1, false, kT0 + 100));
  // A shard sweeps when used, and each use sweeps the next shard in turn: 16 uses reach them all.
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(guard.accept("later" + std::to_string(i), kT0 + 700, 1, false, kT0 + 300));
  EXPECT_EQ(guard.size(), 17u);  // "old" dropped, "new" and the 16 kept
  // A worker whose clock lags by a second cannot slip the dropped nonce in again as a new one.
  EXPECT_FALSE(guard.accept("old", kT0 + 300, 2, false, kT0 + 299));
}

TEST(ReplayGuard, WhenFullTheSoonestExpiringIsDroppedAndCannotComeBack) {
  ReplayGuard guard(16);  // one entry per shard
  // Fill until an eviction happens in some shard: with one entry per shard, the 17th distinct
  // nonce always lands in an occupied shard.
  std::vector<std::string> nonces;
  for (int i = 0; i < 17; ++i) {
    nonces.push_back("n" + std::to_string(i));
    EXPECT_TRUE(guard.accept(nonces.back(), kT0 + 300 + i, 1, false, kT0));
  }
  const std::size_t kept = guard.size();
  EXPECT_LE(kept, 16u);
  // A nonce whose entry was dropped is refused rather than treated as unused; the survivors
  // accept their next count.
  std::size_t refused = 0;
  for (int i = 0; i < 17; ++i) refused += guard.accept(nonces[i], kT0 + 300 + i, 2, false, kT0) ? 0 : 1;
  EXPECT_EQ(refused, 17 - kept);
  EXPECT_EQ(guard.size(), kept);
}

TEST(ReplayGuard, ConcurrentUsesOfOneCountAreAcceptedOnce) {
  ReplayGuard guard(1024);
  constexpr int kThreads = 4;
  constexpr std::uint32_t kCounts = 500;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (std::uint32_t nc = 1; nc <= kCounts; ++nc) {
        if (guard.accept("shared", kT0 + 300, nc, false, kT0)) ++accepted;
      }
    });
  }
  for (auto& t : threads) t.join();
  // Every nc is accepted at most once; which thread wins is up to the scheduler.
  EXPECT_GE(accepted.load(), 1);
  EXPECT_LE(accepted.load(), static_cast<int>(kCounts));
  EXPECT_FALSE(guard.accept("shared", kT0 + 300, kCounts, false, kT0));
}

}  // namespace
}  // namespace parley::auth
