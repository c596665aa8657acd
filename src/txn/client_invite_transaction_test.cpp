// SPDX-License-Identifier: MIT
#include "txn/client_invite_transaction.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "transaction_harness.hpp"

namespace parley::txn {
namespace {

using namespace std::chrono_literals;
using test::SampleMessages;
using Kind = test::RecordingTransactionUser::Kind;
using State = ClientInviteTransaction::State;

class ClientInviteTransactionTest : public ::testing::Test {
 protected:
  ClientInviteTransaction& start(TransportTarget target = test::TransactionHarness::udp()) {
    txn_ = std::make_unique<ClientInviteTransaction>(h_.env, 1, invite_, std::move(target));
    txn_->start();
    return *txn_;
  }
  void receive(std::uint16_t status, std::string_view toTag = "b0b") {
    txn_->receiveResponse(SampleMessages::response(invite_, status, toTag));
  }

  test::TransactionHarness h_;
  syntax::SipMessage invite_ = SampleMessages::request({});
  std::unique_ptr<ClientInviteTransaction> txn_;
};

TEST_F(ClientInviteTransactionTest, StartSendsInviteToTargetInCalling) {
  start();
  ASSERT_EQ(h_.transport.count(), 1u);
  EXPECT_EQ(h_.transport.last().bytes, invite_.bytes());
  EXPECT_EQ(h_.transport.last().target, test::TransactionHarness::udp());
  EXPECT_EQ(txn_->state(), State::Calling);
  EXPECT_EQ(txn_->stateName(), "Calling");
  EXPECT_TRUE(h_.tu.events().empty());
}

TEST_F(ClientInviteTransactionTest, TimerADoublesUntilTimerBReportsTimeout) {
  start();
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(h_.transport.times(h_.start),
            (std::vector<Duration>{0ms, 500ms, 1500ms, 3500ms, 7500ms, 15500ms, 31500ms}));
  EXPECT_EQ(txn_->state(), State::Calling);
  EXPECT_TRUE(h_.tu.events().empty());

  h_.loop.runFor(1ms);  // Timer B = 64*T1
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Timeout, Kind::Terminated}));
  EXPECT_EQ(h_.tu.events()[0].timeout, Timeout::TimerB);
  EXPECT_EQ(h_.owner.retired, std::vector<TransactionId>{1});
  h_.loop.runFor(60s);
  EXPECT_EQ(h_.transport.count(), 7u);  // no timer outlives Terminated
}

TEST_F(ClientInviteTransactionTest, ReliableTransportNeverRetransmitsButTimerBStillFires) {
  start(test::TransactionHarness::tcp());
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(h_.transport.count(), 1u);
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 0u);
  h_.loop.runFor(1ms);
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 1u);
  EXPECT_EQ(txn_->state(), State::Terminated);
}

TEST_F(ClientInviteTransactionTest, ProvisionalMovesToProceedingAndStopsTimersAAndB) {
  start();
  h_.loop.runFor(700ms);  // one retransmission at 500 ms
  receive(180);
  EXPECT_EQ(txn_->state(), State::Proceeding);
  EXPECT_EQ(h_.tu.statuses(), std::vector<std::uint16_t>{180});
  h_.loop.runFor(120s);
  EXPECT_EQ(h_.transport.count(), 2u);
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 0u);
  EXPECT_EQ(txn_->state(), State::Proceeding);
}

TEST_F(ClientInviteTransactionTest, ProvisionalsInProceedingReachTheTu) {
  start();
  receive(100, "");
  receive(180);
  receive(183);
  EXPECT_EQ(h_.tu.statuses(), (std::vector<std::uint16_t>{100, 180, 183}));
  EXPECT_EQ(txn_->state(), State::Proceeding);
}

TEST_F(ClientInviteTransactionTest, Non2xxFinalSendsAckAndEntersCompleted) {
  start();
  receive(486, "busy1");
  EXPECT_EQ(txn_->state(), State::Completed);
  EXPECT_EQ(h_.tu.statuses(), std::vector<std::uint16_t>{486});
  ASSERT_EQ(h_.transport.count(), 2u);
  const syntax::SipMessage ack = SampleMessages::parse(h_.transport.last().bytes);
  EXPECT_EQ(ack.method(), syntax::Method::Ack);
  EXPECT_EQ(ack.topVia().branch, invite_.topVia().branch);  // §17.1.1.3: same transaction
  EXPECT_EQ(ack.to().tag, "busy1");
  EXPECT_EQ(ack.cseq().number, invite_.cseq().number);
  EXPECT_EQ(h_.transport.last().target, test::TransactionHarness::udp());
}

TEST_F(ClientInviteTransactionTest, Non2xxFromProceedingAlsoAcks) {
  start();
  receive(180);
  receive(603);
  EXPECT_EQ(txn_->state(), State::Completed);
  EXPECT_EQ(h_.transport.last().startLine(), "ACK sip:bob@biloxi.example.com SIP/2.0");
}

TEST_F(ClientInviteTransactionTest, RetransmittedFinalResendsAckWithoutReachingTu) {
  start();
  receive(486);
  receive(486);
  receive(486);
  ASSERT_EQ(h_.transport.count(), 4u);
  EXPECT_EQ(h_.transport.sent()[3].bytes, h_.transport.sent()[1].bytes);
  EXPECT_EQ(h_.tu.statuses(), std::vector<std::uint16_t>{486});
}

TEST_F(ClientInviteTransactionTest, TimerDTerminatesCompletedAfter32s) {
  start();
  receive(404);
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(txn_->state(), State::Completed);
  EXPECT_EQ(h_.transport.count(), 2u);  // Timer A stopped in Completed
  h_.loop.runFor(1ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds().back(), Kind::Terminated);
}

TEST_F(ClientInviteTransactionTest, ReliableTransportTimerDIsZero) {
  start(test::TransactionHarness::tcp());
  receive(500);
  EXPECT_EQ(h_.transport.last().startLine(), "ACK sip:bob@biloxi.example.com SIP/2.0");
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Response, Kind::Terminated}));
}

TEST_F(ClientInviteTransactionTest, TwoHundredEntersAcceptedAndEvery2xxReachesTu) {
  start();
  receive(200, "fork1");
  EXPECT_EQ(txn_->state(), State::Accepted);
  EXPECT_EQ(h_.transport.count(), 1u);  // the ACK for 2xx is the TU's (RFC 6026)
  receive(200, "fork1");                // retransmission
  receive(200, "fork2");                // another fork
  receive(486, "late");                 // dropped in Accepted
  receive(180, "late");
  EXPECT_EQ(h_.tu.statuses(), (std::vector<std::uint16_t>{200, 200, 200}));
  EXPECT_EQ(h_.transport.count(), 1u);
  h_.loop.runFor(10s);
  EXPECT_EQ(h_.transport.count(), 1u);  // Timer A stopped
}

TEST_F(ClientInviteTransactionTest, TwoHundredFromProceedingEntersAccepted) {
  start();
  receive(180);
  receive(200);
  EXPECT_EQ(txn_->state(), State::Accepted);
}

TEST_F(ClientInviteTransactionTest, TimerMTerminatesAccepted) {
  start();
  receive(200);
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(txn_->state(), State::Accepted);
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 0u);  // Timer B was stopped
  h_.loop.runFor(1ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Response, Kind::Terminated}));
}

TEST_F(ClientInviteTransactionTest, TransportErrorOnInviteReportsAndTerminates) {
  h_.transport.failSends(true);
  start();
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::TransportError, Kind::Terminated}));
  h_.loop.runFor(60s);
  EXPECT_EQ(h_.tu.events().size(), 2u);
}

TEST_F(ClientInviteTransactionTest, TransportErrorOnRetransmissionReportsAndTerminates) {
  start();
  h_.transport.failSends(true);
  h_.loop.runFor(500ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::TransportError, Kind::Terminated}));
}

TEST_F(ClientInviteTransactionTest, TransportErrorOnAckReportsAfterTheResponse) {
  start();
  h_.transport.failSends(true);
  receive(486);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Response, Kind::TransportError, Kind::Terminated}));
}

TEST_F(ClientInviteTransactionTest, ConfigurableT1ScalesTimersAAndB) {
  h_.env.config.t1 = 100ms;
  start();
  h_.loop.runFor(6400ms);
  EXPECT_EQ(h_.transport.times(h_.start),
            (std::vector<Duration>{0ms, 100ms, 300ms, 700ms, 1500ms, 3100ms, 6300ms}));
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 1u);
}

}  // namespace
}  // namespace parley::txn
