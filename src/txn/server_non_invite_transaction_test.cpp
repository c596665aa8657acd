// SPDX-License-Identifier: MIT
#include "txn/server_non_invite_transaction.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "transaction_harness.hpp"

namespace parley::txn {
namespace {

using namespace std::chrono_literals;
using test::SampleMessages;
using Kind = test::RecordingTransactionUser::Kind;
using State = ServerNonInviteTransaction::State;

class ServerNonInviteTransactionTest : public ::testing::Test {
 protected:
  void start(TransportTarget source = test::TransactionHarness::udp()) {
    txn_ = std::make_unique<ServerNonInviteTransaction>(h_.env, 1, request_, std::move(source));
    txn_->start();
  }
  void respond(std::uint16_t status) {
    auto ok = txn_->respond(SampleMessages::response(request_, status, "uas1"));
    ASSERT_TRUE(ok.has_value()) << ok.error().reasonPhrase();
  }
  void receiveRetransmission() { txn_->receiveRequest(request_, test::TransactionHarness::udp()); }

  test::TransactionHarness h_;
  syntax::SipMessage request_ = SampleMessages::request(test::specFor("REGISTER"));
  std::unique_ptr<ServerNonInviteTransaction> txn_;
};

TEST_F(ServerNonInviteTransactionTest, StartPassesRequestToTuAndTryingAbsorbsRetransmissions) {
  start();
  EXPECT_EQ(txn_->state(), State::Trying);
  receiveRetransmission();
  h_.loop.runFor(1s);  // no 100 Trying for non-INVITE (§17.2.2)
  EXPECT_EQ(h_.transport.count(), 0u);
  ASSERT_EQ(h_.tu.kinds(), std::vector<Kind>{Kind::Request});
  EXPECT_EQ(h_.tu.events()[0].method, "REGISTER");
}

TEST_F(ServerNonInviteTransactionTest, ProvisionalEntersProceedingAndIsRepeatedOnRetransmission) {
  start();
  respond(100);
  EXPECT_EQ(txn_->state(), State::Proceeding);
  receiveRetransmission();
  EXPECT_EQ(h_.transport.startLines(), (std::vector<std::string>{"SIP/2.0 100 Sample", "SIP/2.0 100 Sample"}));
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
}

TEST_F(ServerNonInviteTransactionTest, CompletedKeepsOnlyTheResponseForRfc3261Branches) {
  start();
  respond(200);
  EXPECT_TRUE(txn_->request().bytes().empty());  // the request's memory is released
  receiveRetransmission();
  EXPECT_EQ(h_.transport.startLines(), (std::vector<std::string>{"SIP/2.0 200 Sample", "SIP/2.0 200 Sample"}));
}

TEST_F(ServerNonInviteTransactionTest, Rfc2543TransactionKeepsItsRequestForMatching) {
  test::RequestSpec spec = test::specFor("REGISTER");
  spec.branch.clear();
  request_ = SampleMessages::request(spec);
  start();
  respond(200);
  EXPECT_FALSE(txn_->request().bytes().empty());
}

TEST_F(ServerNonInviteTransactionTest, FinalEntersCompletedAndIsRepeatedOnRetransmission) {
  start();
  respond(100);
  respond(200);
  EXPECT_EQ(txn_->state(), State::Completed);
  receiveRetransmission();
  EXPECT_EQ(h_.transport.startLines(),
            (std::vector<std::string>{"SIP/2.0 100 Sample", "SIP/2.0 200 Sample", "SIP/2.0 200 Sample"}));
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
}

TEST_F(ServerNonInviteTransactionTest, ResponsesAfterFinalAreRefused) {
  start();
  respond(401);
  const auto refused = txn_->respond(SampleMessages::response(request_, 200, "uas1"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, Errc::Conflict);
  EXPECT_EQ(h_.transport.count(), 1u);
}

TEST_F(ServerNonInviteTransactionTest, TimerJTerminatesCompletedAfter64T1) {
  start();
  respond(200);
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(txn_->state(), State::Completed);
  EXPECT_EQ(h_.transport.count(), 1u);  // finals are not retransmitted on a timer
  h_.loop.runFor(1ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::Terminated}));
  EXPECT_EQ(h_.owner.retired, std::vector<TransactionId>{1});
}

TEST_F(ServerNonInviteTransactionTest, ReliableTransportTimerJIsZero) {
  start(test::TransactionHarness::tcp());
  respond(200);
  EXPECT_EQ(h_.transport.count(), 1u);
  EXPECT_EQ(h_.transport.last().target, test::TransactionHarness::tcp());
  EXPECT_EQ(txn_->state(), State::Terminated);
}

TEST_F(ServerNonInviteTransactionTest, TransportErrorReportsAndTerminates) {
  start();
  h_.transport.failSends(true);
  respond(200);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::TransportError, Kind::Terminated}));
}

TEST_F(ServerNonInviteTransactionTest, TransportErrorOnRepeatTerminates) {
  start();
  respond(200);
  h_.transport.failSends(true);
  receiveRetransmission();
  EXPECT_EQ(txn_->state(), State::Terminated);
}

}  // namespace
}  // namespace parley::txn
