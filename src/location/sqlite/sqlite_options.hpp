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
};

}  // namespace parley::location
