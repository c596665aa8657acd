// SPDX-License-Identifier: MIT
#include "tu/auth/replay_guard.hpp"

#include <algorithm>
#include <functional>

namespace parley::auth {

ReplayGuard::ReplayGuard(std::size_t maxEntries) noexcept
    : maxPerShard_(std::max<std::size_t>(1, maxEntries / kShards)) {}

bool ReplayGuard::accept(std::string_view nonce, UnixSeconds expires, std::uint32_t nc, bool oneTime,
                         UnixSeconds now) noexcept {
  const std::size_t home = std::hash<std::string_view>{}(nonce) % kShards;
  bool accepted = acceptInShard(shards_[home], nonce, expires, nc, oneTime, now);
  // Also sweep one other shard in turn, so a shard no request hashes to still lets go of its
  // expired entries. Skipped when another thread holds it: that thread sweeps it anyway.
  Shard& other = shards_[nextSweep_.fetch_add(1, std::memory_order_relaxed) % kShards];
  if (&other != &shards_[home]) {
    std::unique_lock lock(other.mutex, std::try_to_lock);
    if (lock.owns_lock()) dropExpired(other, now);
  }
  return accepted;
}

bool ReplayGuard::acceptInShard(Shard& shard, std::string_view nonce, UnixSeconds expires, std::uint32_t nc,
                                bool oneTime, UnixSeconds now) noexcept {
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
  // Raising the floor here too matters when workers pass slightly different clocks: a use of a
  // just-dropped nonce from a thread whose `now` is a second behind is refused, not taken as new.
  while (!shard.expiries.empty() && shard.expiries.top().first <= now) dropSoonest(shard);
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
