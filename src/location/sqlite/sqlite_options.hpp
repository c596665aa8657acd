// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

namespace parley::location {

// What a committed write survives (SQLite WAL mode, https://sqlite.org/wal.html).
enum class Durability : std::uint8_t {
  // synchronous=NORMAL: a commit is in the WAL file (the OS page cache) before update() returns,
  // so it survives kill -9 of the process; power loss or a kernel crash may lose the last commits
  // made since the previous checkpoint. The default: "no acknowledged registration is lost on
  // restart or kill -9" at about the cost of a write() per commit.
  Process,
  // synchronous=FULL: the WAL is fsync()ed at every commit, so a commit also survives power loss,
  // at the cost of one fsync per update() (milliseconds on most disks).
  Power,
};

// SqliteOptions tunes the SQLite backends; the defaults are what `parley serve` uses.
struct SqliteOptions {
  Durability durability = Durability::Process;
  // How long a writer waits for another process's write transaction before the call fails with a
  // 500 (sqlite3_busy_timeout). Writers of this process queue on a mutex instead.
  int busyTimeoutMs = 5000;
  // Most connections open at once: one per thread inside a store call, so the worker count is
  // enough; 1 makes it a single connection behind a mutex (see SqlitePool for the measurement).
  std::size_t maxConnections = 16;
  // Bytes of the database file read through mmap() rather than read() (PRAGMA mmap_size). Off by
  // default. With it, lookup() alone got cheaper in bench_location (12.5 / 16.0 / 12.2 us with,
  // 26.9 / 15.7 / 18.9 us without, three runs on a busy machine), but under registrations every
  // commit by one connection makes each other connection's next read unmap and remap the file
  // (sqlite3PagerSharedLock -> munmap, a TLB shootdown on every core): 39% of the server's CPU in a
  // perf profile of authenticated REGISTERs at 800/s, ~740 us per registration in all. Turn it on
  // only for read-mostly deployments.
  std::int64_t mmapBytes = 0;
};

}  // namespace parley::location
