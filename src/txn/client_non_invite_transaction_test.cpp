// SPDX-License-Identifier: MIT
#include "txn/client_non_invite_transaction.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "transaction_harness.hpp"

namespace parley::txn {
namespace {

using namespace std::chrono_literals;
using test::SampleMessages;
using Kind = test::RecordingTransactionUser::Kind;
using State = ClientNonInviteTransaction::State;

class ClientNonInviteTransactionTest : public ::testing::Test {
 protected:
  void start(TransportTarget target = test::TransactionHarness::udp()) {
    txn_ = std::make_unique<ClientNonInviteTransaction>(h_.env, 1, request_, std::move(target));
    txn_->start();
  }
  void receive(std::uint16_t status) { txn_->receiveResponse(SampleMessages::response(request_, status, "t")); }

  test::TransactionHarness h_;
  syntax::SipMessage request_ = SampleMessages::request(test::specFor("OPTIONS"));
  std::unique_ptr<ClientNonInviteTransaction> txn_;
};

TEST_F(ClientNonInviteTransactionTest, StartSendsRequestInTrying) {
  start();
  ASSERT_EQ(h_.transport.count(), 1u);
  EXPECT_EQ(h_.transport.last().bytes, request_.bytes());
  EXPECT_EQ(txn_->state(), State::Trying);
}

TEST_F(ClientNonInviteTransactionTest, TimerEDoublesCappedAtT2ThenTimerFReportsTimeout) {
  start();
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(h_.transport.times(h_.start),
            (std::vector<Duration>{0ms, 500ms, 1500ms, 3500ms, 7500ms, 11500ms, 15500ms, 19500ms, 23500ms,
                                   27500ms, 31500ms}));
  EXPECT_TRUE(h_.tu.events().empty());
  h_.loop.runFor(1ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Timeout, Kind::Terminated}));
  EXPECT_EQ(h_.tu.events()[0].timeout, Timeout::TimerF);
  EXPECT_EQ(h_.owner.retired, std::vector<TransactionId>{1});
}

TEST_F(ClientNonInviteTransactionTest, InProceedingTimerEFiresEveryT2AndTimerFStillTimesOut) {
  start();
  h_.loop.runFor(200ms);
  receive(100);
  EXPECT_EQ(txn_->state(), State::Proceeding);
  EXPECT_EQ(h_.tu.statuses(), std::vector<std::uint16_t>{100});
  h_.loop.runFor(32s - 200ms);
  EXPECT_EQ(h_.transport.times(h_.start),
            (std::vector<Duration>{0ms, 500ms, 4500ms, 8500ms, 12500ms, 16500ms, 20500ms, 24500ms, 28500ms}));
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 1u);
  EXPECT_EQ(txn_->state(), State::Terminated);
}

TEST_F(ClientNonInviteTransactionTest, FinalResponseCompletesAbsorbsRetransmissionsUntilTimerK) {
  start();
  receive(180);
  receive(200);
  EXPECT_EQ(txn_->state(), State::Completed);
  receive(200);  // retransmission: absorbed
  EXPECT_EQ(h_.tu.statuses(), (std::vector<std::uint16_t>{180, 200}));
  h_.loop.runFor(5s - 1ms);
  EXPECT_EQ(h_.transport.count(), 1u);  // E and F stopped
  EXPECT_EQ(txn_->state(), State::Completed);
  h_.loop.runFor(1ms);  // Timer K = T4
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 0u);
}

TEST_F(ClientNonInviteTransactionTest, FinalResponseInTryingGoesStraightToCompleted) {
  start();
  receive(404);
  EXPECT_EQ(txn_->state(), State::Completed);
  EXPECT_EQ(h_.tu.statuses(), std::vector<std::uint16_t>{404});
}

TEST_F(ClientNonInviteTransactionTest, ReliableTransportNoTimerEAndTimerKIsZero) {
  start(test::TransactionHarness::tcp());
  h_.loop.runFor(31s);
  EXPECT_EQ(h_.transport.count(), 1u);
  receive(200);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Response, Kind::Terminated}));
}

TEST_F(ClientNonInviteTransactionTest, ReliableTransportTimerFStillTimesOut) {
  start(test::TransactionHarness::tcp());
  h_.loop.runFor(32s);
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 1u);
}

TEST_F(ClientNonInviteTransactionTest, TransportErrorReportsAndTerminates) {
  start();
  h_.transport.failSends(true);
  h_.loop.runFor(500ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::TransportError, Kind::Terminated}));
}

TEST_F(ClientNonInviteTransactionTest, ConfigurableT2CapsTimerE) {
  h_.env.config.t2 = 1s;
  start();
  h_.loop.runFor(4s);
  EXPECT_EQ(h_.transport.times(h_.start), (std::vector<Duration>{0ms, 500ms, 1500ms, 2500ms, 3500ms}));
}

}  // namespace
}  // namespace parley::txn
