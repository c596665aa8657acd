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
  // Bytes of the database file read through mmap() rather than read() (PRAGMA mmap_size): the
  // pages come from the OS page cache shared by every connection, without a system call per page
  // missing from a connection's own cache (a profile of lookup() without it: pread() calls among
  // the top costs; with it: none). CPU per lookup in docs/benchmarks.md "Location store": 12.5 /
  // 16.0 / 12.2 us with, 26.9 / 15.7 / 18.9 us without (three runs on a busy machine). 0 turns
  // it off (e.g. on a file system where mmap is unreliable; an I/O error then raises SIGBUS).
  std::int64_t mmapBytes = 256 << 20;
};

}  // namespace parley::location
