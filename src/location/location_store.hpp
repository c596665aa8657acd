// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "location/binding.hpp"

namespace parley::location {

// A change to one AOR's bindings, decided by the registrar while the store holds that AOR:
// given the bindings current at `now` (expired ones already left out), return the complete new
// set, or an error (carrying the SIP status to answer) to leave the stored set untouched.
using BindingMutation = std::function<Result<BindingSet>(const BindingSet& current)>;

// LocationStore models the location service of RFC 3261 §10 ("contact database"): the bindings
// of every AOR, written by the registrar and read by the proxy and redirect server. Owned by the
// application and shared by every worker thread: every method is safe to call from any thread.
// All times are wall-clock seconds supplied by the caller, so tests drive expiry by hand.
// Implementations: SqliteLocationStore (default, durable), MemoryLocationStore (tests and
// single-process caches), later Redis for several nodes.
class LocationStore {
 public:
  virtual ~LocationStore() = default;

  // The bindings of `aor` that have not expired at `now`, in no particular order.
  [[nodiscard]] virtual Result<BindingSet> lookup(std::string_view aor, UnixSeconds now) noexcept = 0;

  // Atomically replaces the bindings of `aor` by what `mutate` returns: no other update of the
  // same AOR (from any thread, or any process sharing a durable store) interleaves, and either
  // the whole new set is stored or nothing changes (§10.3: all-or-nothing). When this returns the
  // result is durable to the backend's promise (SQLite: survives kill -9 of the process).
  // Returns the new set; `mutate`'s error is returned unchanged. `mutate` runs while the store
  // holds the AOR (a shard mutex, SQLite's write lock), so it must be quick, must not throw and
  // must not call the store. A returned binding whose `aor` differs from `aor` is a caller bug:
  // the update fails with Errc::Internal, status 500, and nothing changes. Expired bindings of
  // the AOR are dropped by every successful update (they are not in `current`).
  [[nodiscard]] virtual Result<BindingSet> update(std::string_view aor, UnixSeconds now,
                                                  const BindingMutation& mutate) noexcept = 0;

  // Deletes every binding expired at `now` (the background sweep); returns how many went.
  [[nodiscard]] virtual Result<std::size_t> removeExpired(UnixSeconds now) noexcept = 0;

  // Number of live bindings at `now` (metrics, admin).
  [[nodiscard]] virtual Result<std::size_t> count(UnixSeconds now) noexcept = 0;

  // AORs with at least one live binding, sorted, starting after `after`, at most `limit` (admin).
  [[nodiscard]] virtual Result<std::vector<std::string>> listAors(UnixSeconds now, std::string_view after,
                                                                  std::size_t limit) noexcept = 0;
};

}  // namespace parley::location
