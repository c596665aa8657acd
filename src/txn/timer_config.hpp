// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

#include "base/clock.hpp"

namespace parley::txn {

// TimerConfig holds the RFC 3261 §17 timer base values (Table 4 of Appendix A) and the derived
// timers, so a deployment can tune T1/T2/T4 in one place (§17.1.1.1 allows a larger T1 on
// high-latency paths). A plain value copied into each TransactionTable; any thread.
struct TimerConfig {
  Duration t1 = std::chrono::milliseconds(500);  // RTT estimate
  Duration t2 = std::chrono::seconds(4);         // longest retransmit interval, non-INVITE and G
  Duration t4 = std::chrono::seconds(5);         // longest time a message stays in the network
  Duration timerD = std::chrono::seconds(32);    // §17.1.1.2: "at least 32 seconds" on unreliable transports
  // §17.2.1: the server INVITE transaction sends 100 Trying itself when the TU has sent no
  // provisional response within this time. false leaves 100 Trying entirely to the TU.
  bool autoTrying = true;
  Duration tryingDelay = std::chrono::milliseconds(200);

  [[nodiscard]] Duration timerA() const noexcept { return t1; }       // initial; doubles
  [[nodiscard]] Duration timerB() const noexcept { return 64 * t1; }
  [[nodiscard]] Duration timerE() const noexcept { return t1; }       // initial; doubles up to T2
  [[nodiscard]] Duration timerF() const noexcept { return 64 * t1; }
  [[nodiscard]] Duration timerG() const noexcept { return t1; }       // initial; doubles up to T2
  [[nodiscard]] Duration timerH() const noexcept { return 64 * t1; }
  [[nodiscard]] Duration timerI() const noexcept { return t4; }       // unreliable only
  [[nodiscard]] Duration timerJ() const noexcept { return 64 * t1; }  // unreliable only
  [[nodiscard]] Duration timerK() const noexcept { return t4; }       // unreliable only
  [[nodiscard]] Duration timerL() const noexcept { return 64 * t1; }  // RFC 6026 §8.7
  [[nodiscard]] Duration timerM() const noexcept { return 64 * t1; }  // RFC 6026 §8.4
};

}  // namespace parley::txn
