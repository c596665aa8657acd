// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/wall_clock.hpp"

namespace parley::auth {

// ReplayGuard remembers, for each nonce that has authenticated a request, the highest nonce-count
// seen (RFC 7616 §3.4, §5.4; RFC 3261 §22.4): a request must carry a strictly higher nc than any
// earlier one with the same nonce, or, for one-time nonces, be the first use. Only requests whose
// response already verified reach it, so entries come from authenticated users only. An entry is
// dropped once its nonce has expired (a later use is refused by the nonce check first), when its
// shard is next used or swept: every accept() also sweeps the next shard in turn. Memory is
// bounded by `maxEntries`: when full, the entry expiring soonest is dropped. Either way the
// dropped expiry becomes the shard's floor, and a never-seen nonce expiring at or before the
// floor is refused (we can no longer tell it was not used) rather than left replayable. Owned by
// the DigestAuthenticator; shared by every worker thread: sharded, each shard behind its own
// mutex.
class ReplayGuard {
 public:
  explicit ReplayGuard(std::size_t maxEntries) noexcept;

  // Records a use of `nonce` (expiring at `expires`) with nonce-count `nc` (0 without qop).
  // Returns false for a replay: nc not above the highest seen, any second use when `oneTime`, or
  // a forgotten nonce (see above).
  [[nodiscard]] bool accept(std::string_view nonce, UnixSeconds expires, std::uint32_t nc, bool oneTime,
                            UnixSeconds now) noexcept;

  // Entries held (for tests and metrics).
  [[nodiscard]] std::size_t size() const noexcept;

 private:
  struct Entry {
    std::uint32_t highestNc = 0;
    UnixSeconds expires = 0;
  };
  using Expiry = std::pair<UnixSeconds, std::string>;
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiries;  // soonest on top
    UnixSeconds floor = 0;
  };
  static constexpr std::size_t kShards = 16;

  bool acceptInShard(Shard& shard, std::string_view nonce, UnixSeconds expires, std::uint32_t nc, bool oneTime,
                     UnixSeconds now) noexcept;
  void dropExpired(Shard& shard, UnixSeconds now) noexcept;
  void dropSoonest(Shard& shard) noexcept;

  std::size_t maxPerShard_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> nextSweep_{0};
};

}  // namespace parley::auth
