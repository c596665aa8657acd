// SPDX-License-Identifier: MIT
// Location store benchmarks: what the registrar pays per REGISTER (update() of one AOR) and the
// proxy per request to a local user (lookup()). SQLite runs on a file in a fresh temporary folder
// (removed at exit) on the machine's disk, in WAL mode as `parley serve` opens it:
// - BM_SqliteUpdateNewAor/<durability>: update() writing one binding for a never-seen AOR (a
//   commit per call); durability 0 = Process (synchronous=NORMAL), 1 = Power (synchronous=FULL,
//   an fsync per commit). A passive checkpoint runs every 1,000 iterations outside the timing,
//   as the application's background thread would.
// - BM_SqliteLookup/connections:N/mmap:M: lookup() of one of 100,000 AORs (one binding each) in
//   a fixed pseudo-random order; connections:1 is a single connection behind a mutex, 16 the
//   pool; mmap:1 sets PRAGMA mmap_size to 256 MiB (off by default, see SqliteOptions::mmapBytes:
//   it costs writers' peers a remap per commit, which this read-only benchmark does not show).
//   threads:2 shows what the pool buys readers running
//   at once (run it unpinned: the machine has 2 cores).
// - BM_Memory*: the same on MemoryLocationStore, for scale.
#include <benchmark/benchmark.h>

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "location/memory/memory_location_store.hpp"
#include "location/sqlite/sqlite_location_store.hpp"

namespace {

using namespace parley::location;
using parley::Result;
using parley::UnixSeconds;

constexpr UnixSeconds kNow = 1'700'000'000;
constexpr std::uint64_t kStoredAors = 100'000;

// A folder under the temp directory, removed when the program ends.
const std::filesystem::path& benchDir() {
  static const struct Dir {
    std::filesystem::path path;
    Dir() {
      std::string pattern = (std::filesystem::temp_directory_path() / "parley-bench-XXXXXX").string();
      if (::mkdtemp(pattern.data()) == nullptr) std::abort();
      path = pattern;
    }
    ~Dir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } dir;
  return dir.path;
}

template <class T>
T orDie(Result<T> r) {
  if (!r) {
    std::fprintf(stderr, "location store failed: %s\n", r.error().reasonPhrase().c_str());
    std::abort();
  }
  return std::move(*r);
}

std::string aorOf(std::uint64_t i) { return "sip:user" + std::to_string(i) + "@example.com"; }

// A binding as a REGISTER from a UA behind one proxy writes it.
Binding bindingFor(const std::string& aor) {
  Binding b;
  b.aor = aor;
  b.contact = "sip:" + aor.substr(4, aor.find('@') - 4) + "@192.0.2.4:5060;transport=tcp";
  b.contactParams = ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
  b.callId = "843817637684230@998sdasdh09";
  b.cseq = 1826;
  b.expires = kNow + 3600;
  b.updated = kNow;
  b.path = {"<sip:P1.example.com;lr>"};
  b.instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
  b.regId = 1;
  b.userAgent = "Bench/1.0";
  b.flow = FlowRef{1, "192.0.2.4", 5060, 42, "node-a"};
  return b;
}

void writeOne(LocationStore& store, const std::string& aor) {
  (void)orDie(store.update(aor, kNow, [&aor](const BindingSet&) -> Result<BindingSet> {
    return BindingSet{bindingFor(aor)};
  }));
}

void BM_SqliteUpdateNewAor(benchmark::State& state) {
  static int run = 0;
  const auto durability = state.range(0) == 0 ? Durability::Process : Durability::Power;
  const std::string path = (benchDir() / ("update-" + std::to_string(run++) + ".db")).string();
  auto store = orDie(SqliteLocationStore::open(path, SqliteOptions{.durability = durability}));
  std::uint64_t i = 0;
  for (auto _ : state) {
    writeOne(*store, aorOf(i++));
    if (i % 1000 == 0) {
      state.PauseTiming();
      (void)orDie(store->checkpoint());
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteUpdateNewAor)->Arg(0)->Arg(1);

// The 100,000-AOR file, written once through update() (one commit each), checkpointed as it goes.
const std::string& populatedFile() {
  static const std::string path = [] {
    const std::string p = (benchDir() / "lookup.db").string();
    auto store = orDie(SqliteLocationStore::open(p));
    for (std::uint64_t i = 0; i < kStoredAors; ++i) {
      writeOne(*store, aorOf(i));
      if (i % 1000 == 999) (void)orDie(store->checkpoint());  // keeps the WAL small, as serve does
    }
    return p;
  }();
  return path;
}

void BM_SqliteLookup(benchmark::State& state) {
  static std::map<std::pair<std::int64_t, std::int64_t>, std::unique_ptr<SqliteLocationStore>> stores;
  const auto key = std::make_pair(state.range(0), state.range(1));
  if (state.thread_index() == 0 && !stores[key]) {
    SqliteOptions options{.maxConnections = static_cast<std::size_t>(state.range(0))};
    options.mmapBytes = state.range(1) == 0 ? 0 : std::int64_t{256} << 20;  // the default is 0
    stores[key] = orDie(SqliteLocationStore::open(populatedFile(), options));
  }
  SqliteLocationStore* store = nullptr;
  std::uint64_t i = static_cast<std::uint64_t>(state.thread_index()) * 50'000;
  for (auto _ : state) {
    // The loops start together after thread 0 opened the store; only then may others read the map.
    if (store == nullptr) store = stores.find(key)->second.get();
    // 7,919 is prime, so this walks all 100,000 AORs in a scattered order.
    auto found = store->lookup(aorOf((i++ * 7'919) % kStoredAors), kNow);
    if (!found || found->size() != 1) std::abort();
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteLookup)
    ->ArgNames({"connections", "mmap"})
    ->Args({1, 1})
    ->Args({16, 1})
    ->Args({16, 0})
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

void BM_MemoryUpdateNewAor(benchmark::State& state) {
  MemoryLocationStore store;
  std::uint64_t i = 0;
  for (auto _ : state) writeOne(store, aorOf(i++));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MemoryUpdateNewAor);

void BM_MemoryLookup(benchmark::State& state) {
  static MemoryLocationStore store;
  if (state.thread_index() == 0 && store.count(kNow).value() == 0) {
    for (std::uint64_t i = 0; i < kStoredAors; ++i) writeOne(store, aorOf(i));
  }
  std::uint64_t i = static_cast<std::uint64_t>(state.thread_index()) * 50'000;
  for (auto _ : state) {
    auto found = store.lookup(aorOf((i++ * 7'919) % kStoredAors), kNow);
    if (!found || found->size() != 1) std::abort();
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MemoryLookup)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
