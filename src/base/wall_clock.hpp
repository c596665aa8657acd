// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>

namespace parley {

// Seconds since the Unix epoch. Registration expiry, nonce timestamps and the Date header are
// wall-clock facts that must survive a restart and be shared between nodes, so they use this
// rather than the monotonic Clock that drives protocol timers.
using UnixSeconds = std::int64_t;

// WallClock models the calendar time source (injected like Clock, STYLE §7). Implementations are
// stateless or internally synchronised: every worker thread may call now().
class WallClock {
 public:
  virtual ~WallClock() = default;
  [[nodiscard]] virtual UnixSeconds now() const noexcept = 0;
};

// SystemWallClock reads std::chrono::system_clock. Stateless; any thread.
class SystemWallClock final : public WallClock {
 public:
  [[nodiscard]] UnixSeconds now() const noexcept override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace parley
