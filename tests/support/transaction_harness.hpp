// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "fake_loop.hpp"
#include "recording_transaction_user.hpp"
#include "recording_transport.hpp"
#include "sip_samples.hpp"
#include "txn/transaction_env.hpp"

namespace parley::test {

// RecordingOwner is a TransactionOwner that notes which transactions retired.
class RecordingOwner final : public txn::TransactionOwner {
 public:
  void retire(txn::TransactionId id) noexcept override { retired.push_back(id); }
  std::vector<txn::TransactionId> retired;
};

// TransactionHarness wires one transaction machine to fakes: a FakeLoop for time, a
// RecordingTransport, a RecordingTransactionUser and a RecordingOwner, with RFC default timers.
// Tests construct machines with `env`. Owned by the test; test thread only. Members are declared
// so that the loop outlives the fakes that read its clock.
struct TransactionHarness {
  FakeLoop loop;
  RecordingTransport transport{loop.clock()};
  RecordingTransactionUser tu;
  RecordingOwner owner;
  txn::TransactionEnv env{loop.clock(), loop.wheel(), transport, tu, owner, txn::TimerConfig{}};
  TimePoint start = loop.now();

  static txn::TransportTarget udp() { return txn::TransportTarget::of(txn::TransportKind::Udp, "192.0.2.10", 5060); }
  static txn::TransportTarget tcp() { return txn::TransportTarget::of(txn::TransportKind::Tcp, "192.0.2.10", 5060, 7); }
  // Time since the harness was built.
  [[nodiscard]] Duration elapsed() const noexcept { return loop.now() - start; }
};

}  // namespace parley::test
