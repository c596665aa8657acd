// SPDX-License-Identifier: MIT
#include "location/memory/memory_location_store.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

namespace parley::location {
namespace {

BindingSet liveAt(const BindingSet& all, UnixSeconds now) {
  BindingSet live;
  live.reserve(all.size());
  std::copy_if(all.begin(), all.end(), std::back_inserter(live),
               [now](const Binding& b) { return !b.expiredAt(now); });
  return live;
}

bool anyLive(const BindingSet& all, UnixSeconds now) noexcept {
  return std::any_of(all.begin(), all.end(), [now](const Binding& b) { return !b.expiredAt(now); });
}

}  // namespace

MemoryLocationStore::Shard& MemoryLocationStore::shardOf(std::string_view aor) noexcept {
  return shards_[std::hash<std::string_view>{}(aor) % kShards];
}

Result<BindingSet> MemoryLocationStore::lookup(std::string_view aor, UnixSeconds now) noexcept {
  Shard& shard = shardOf(aor);
  std::lock_guard lock(shard.mutex);
  auto it = shard.bindings.find(aor);
  if (it == shard.bindings.end()) return BindingSet{};
  return liveAt(it->second, now);
}

Result<BindingSet> MemoryLocationStore::update(std::string_view aor, UnixSeconds now,
                                               const BindingMutation& mutate) noexcept {
  Shard& shard = shardOf(aor);
  std::lock_guard lock(shard.mutex);
  auto it = shard.bindings.find(aor);
  Result<BindingSet> next = mutate(it == shard.bindings.end() ? BindingSet{} : liveAt(it->second, now));
  if (!next) return next;
  // A binding filed under another AOR would be invisible to lookups of its own AOR: a registrar bug.
  if (!std::all_of(next->begin(), next->end(), [aor](const Binding& b) { return b.aor == aor; })) {
    return fail(Errc::Internal, "binding of another AOR", "location store", 500);
  }
  if (next->empty()) {
    if (it != shard.bindings.end()) shard.bindings.erase(it);
  } else if (it == shard.bindings.end()) {
    shard.bindings.emplace(std::string(aor), *next);
  } else {
    it->second = *next;
  }
  return next;
}

Result<std::size_t> MemoryLocationStore::removeExpired(UnixSeconds now) noexcept {
  std::size_t removed = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (auto it = shard.bindings.begin(); it != shard.bindings.end();) {
      removed += std::erase_if(it->second, [now](const Binding& b) { return b.expiredAt(now); });
      it = it->second.empty() ? shard.bindings.erase(it) : std::next(it);
    }
  }
  return removed;
}

Result<std::size_t> MemoryLocationStore::count(UnixSeconds now) noexcept {
  std::size_t live = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [aor, bindings] : shard.bindings) {
      live += static_cast<std::size_t>(
          std::count_if(bindings.begin(), bindings.end(), [now](const Binding& b) { return !b.expiredAt(now); }));
    }
  }
  return live;
}

Result<std::vector<std::string>> MemoryLocationStore::listAors(UnixSeconds now, std::string_view after,
                                                               std::size_t limit) noexcept {
  // Each shard is sorted: take up to `limit` live AORs after `after` from each, then keep the
  // smallest `limit` of the union. A shard's lock is held only while it is read.
  std::vector<std::string> page;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    std::size_t taken = 0;
    for (auto it = shard.bindings.upper_bound(after); it != shard.bindings.end() && taken < limit; ++it) {
      if (!anyLive(it->second, now)) continue;
      page.push_back(it->first);
      ++taken;
    }
  }
  std::sort(page.begin(), page.end());
  if (page.size() > limit) page.resize(limit);
  return page;
}

}  // namespace parley::location
