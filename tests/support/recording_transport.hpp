// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "txn/transaction_transport.hpp"

namespace parley::test {

// RecordingTransport is a TransactionTransport that keeps every message handed to it, with the
// target and the (fake) time, and can be told to fail sends to test transport-error paths.
// Owned by the test; test thread only.
class RecordingTransport final : public txn::TransactionTransport {
 public:
  struct Sent {
    txn::TransportTarget target;
    std::string bytes;
    TimePoint at;

    [[nodiscard]] std::string_view startLine() const noexcept;
  };

  explicit RecordingTransport(const Clock& clock) noexcept : clock_(clock) {}

  // TransactionTransport
  [[nodiscard]] Result<void> send(const txn::TransportTarget& target, std::string_view bytes) noexcept override;

  void failSends(bool fail) noexcept { failing_ = fail; }

  [[nodiscard]] const std::vector<Sent>& sent() const noexcept { return sent_; }
  [[nodiscard]] std::size_t count() const noexcept { return sent_.size(); }
  [[nodiscard]] const Sent& last() const noexcept { return sent_.back(); }
  // Start lines of everything sent, in order: "INVITE sip:...", "SIP/2.0 180 Ringing", ...
  [[nodiscard]] std::vector<std::string> startLines() const;
  // Offsets from `origin` at which messages were sent.
  [[nodiscard]] std::vector<Duration> times(TimePoint origin) const;
  void clear() noexcept { sent_.clear(); }

 private:
  const Clock& clock_;
  bool failing_ = false;
  std::vector<Sent> sent_;
};

}  // namespace parley::test
