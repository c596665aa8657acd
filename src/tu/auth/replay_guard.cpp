// SPDX-License-Identifier: MIT
#include "tu/auth/replay_guard.hpp"

#include <algorithm>
#include <functional>

namespace parley::auth {

ReplayGuard::ReplayGuard(std::size_t maxEntries) noexcept
    : maxPerShard_(std::max<std::size_t>(1, maxEntries / kShards)) {}

bool ReplayGuard::accept(std::string_view nonce, UnixSeconds expires, std::uint32_t nc, bool oneTime,
                         UnixSeconds now) noexcept {
  Shard& shard = shards_[std::hash<std::string_view>{}(nonce) % kShards];
  std::lock_guard lock(shard.mutex);
  dropExpired(shard, now);
  // The key is built once: it serves the lookup and, for a new nonce, the insert.
  std::string key(nonce);
  auto it = shard.entries.find(key);
  if (it != shard.entries.end()) {
    Entry& e = it->second;
    // RFC 7616 §3.4: nc counts the requests sent with this nonce; a value not above the highest
    // seen is a replay (or a reordered request, which then retries on the stale challenge).
    if (oneTime || nc <= e.highestNc) return false;
    e.highestNc = nc;
    return true;
  }
  if (expires <= shard.floor) return false;  // its state may have been dropped: refuse, see header
  if (shard.entries.size() >= maxPerShard_) dropSoonest(shard);
  shard.expiries.emplace(expires, key);
  shard.entries.emplace(std::move(key), Entry{nc, expires});
  return true;
}

void ReplayGuard::dropExpired(Shard& shard, UnixSeconds now) noexcept {
  while (!shard.expiries.empty() && shard.expiries.top().first <= now) {
    shard.entries.erase(shard.expiries.top().second);
    shard.expiries.pop();
  }
}

void ReplayGuard::dropSoonest(Shard& shard) noexcept {
  if (shard.expiries.empty()) return;
  shard.floor = std::max(shard.floor, shard.expiries.top().first);
  shard.entries.erase(shard.expiries.top().second);
  shard.expiries.pop();
}

std::size_t ReplayGuard::size() const noexcept {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace parley::auth
