// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "location/location_store.hpp"

namespace parley::location {

// MemoryLocationStore keeps the RFC 3261 §10 location service in process memory: a sorted map
// from AOR to its bindings, split into shards by a hash of the AOR, each behind its own mutex.
// update() holds the AOR's shard lock while `mutate` runs, which is what makes it atomic per AOR
// (so `mutate` must not call back into this store). Nothing survives the process; the registrar's
// unit tests use it as their store. Owned by the application (or the test); every method is safe
// from any thread.
class MemoryLocationStore final : public LocationStore {
 public:
  MemoryLocationStore() = default;
  MemoryLocationStore(const MemoryLocationStore&) = delete;
  MemoryLocationStore& operator=(const MemoryLocationStore&) = delete;

  // LocationStore
  [[nodiscard]] Result<BindingSet> lookup(std::string_view aor, UnixSeconds now) noexcept override;
  [[nodiscard]] Result<BindingSet> update(std::string_view aor, UnixSeconds now,
                                          const BindingMutation& mutate) noexcept override;
  [[nodiscard]] Result<std::size_t> removeExpired(UnixSeconds now) noexcept override;
  [[nodiscard]] Result<std::size_t> count(UnixSeconds now) noexcept override;
  [[nodiscard]] Result<std::vector<std::string>> listAors(UnixSeconds now, std::string_view after,
                                                          std::size_t limit) noexcept override;

 private:
  // 16 shards: enough that 8-16 worker threads rarely meet on one mutex, few enough that
  // listAors' merge over all shards stays cheap.
  static constexpr std::size_t kShards = 16;

  struct Shard {
    std::mutex mutex;
    std::map<std::string, BindingSet, std::less<>> bindings;  // only AORs with a stored binding
  };

  [[nodiscard]] Shard& shardOf(std::string_view aor) noexcept;

  std::array<Shard, kShards> shards_;
};

}  // namespace parley::location
