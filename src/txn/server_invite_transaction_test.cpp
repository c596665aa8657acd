// SPDX-License-Identifier: MIT
#include "txn/server_invite_transaction.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "transaction_harness.hpp"

namespace parley::txn {
namespace {

using namespace std::chrono_literals;
using test::RequestSpec;
using test::SampleMessages;
using Kind = test::RecordingTransactionUser::Kind;
using State = ServerInviteTransaction::State;

class ServerInviteTransactionTest : public ::testing::Test {
 protected:
  void start(TransportTarget source = test::TransactionHarness::udp()) {
    txn_ = std::make_unique<ServerInviteTransaction>(h_.env, 1, invite_, std::move(source));
    txn_->start();
  }
  void respond(std::uint16_t status) {
    auto ok = txn_->respond(SampleMessages::response(invite_, status, "uas1"));
    ASSERT_TRUE(ok.has_value()) << ok.error().reasonPhrase();
  }
  void receiveAck(std::string_view toTag = "uas1") {
    RequestSpec spec = test::specFor("ACK");
    spec.toTag = toTag;
    txn_->receiveRequest(SampleMessages::request(spec), test::TransactionHarness::udp());
  }
  void receiveInvite() { txn_->receiveRequest(invite_, test::TransactionHarness::udp()); }

  test::TransactionHarness h_;
  syntax::SipMessage invite_ = SampleMessages::request({});
  std::unique_ptr<ServerInviteTransaction> txn_;
};

TEST_F(ServerInviteTransactionTest, StartPassesInviteToTuInProceeding) {
  start();
  EXPECT_EQ(txn_->state(), State::Proceeding);
  ASSERT_EQ(h_.tu.kinds(), std::vector<Kind>{Kind::Request});
  EXPECT_EQ(h_.tu.events()[0].method, "INVITE");
  EXPECT_EQ(h_.tu.events()[0].id, 1u);
  EXPECT_EQ(h_.transport.count(), 0u);
}

TEST_F(ServerInviteTransactionTest, SendsTryingAfter200msWhenTuIsSilent) {
  start();
  h_.loop.runFor(199ms);
  EXPECT_EQ(h_.transport.count(), 0u);
  h_.loop.runFor(1ms);
  ASSERT_EQ(h_.transport.count(), 1u);
  const syntax::SipMessage trying = SampleMessages::parse(h_.transport.last().bytes);
  EXPECT_EQ(trying.statusCode(), 100);
  EXPECT_EQ(trying.topVia().branch, invite_.topVia().branch);
  EXPECT_EQ(trying.cseq().number, invite_.cseq().number);
  EXPECT_EQ(trying.callId(), invite_.callId());
  EXPECT_TRUE(trying.to().tag.empty());  // §8.2.6.2: no tag on 100
  EXPECT_EQ(h_.transport.last().target, test::TransactionHarness::udp());
  receiveInvite();  // the Trying is now the last provisional
  EXPECT_EQ(h_.transport.count(), 2u);
  EXPECT_EQ(h_.transport.last().startLine(), "SIP/2.0 100 Trying");
}

TEST_F(ServerInviteTransactionTest, NoTryingWhenTuSentProvisionalInTime) {
  start();
  h_.loop.runFor(100ms);
  respond(180);
  h_.loop.runFor(1s);
  EXPECT_EQ(h_.transport.startLines(), std::vector<std::string>{"SIP/2.0 180 Sample"});
}

TEST_F(ServerInviteTransactionTest, NoTryingWhenDisabledByConfig) {
  h_.env.config.autoTrying = false;
  start();
  h_.loop.runFor(1s);
  EXPECT_EQ(h_.transport.count(), 0u);
  receiveInvite();  // nothing to repeat yet: absorbed
  EXPECT_EQ(h_.transport.count(), 0u);
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
}

TEST_F(ServerInviteTransactionTest, RetransmittedInviteGetsLastProvisionalNotTheTu) {
  start();
  respond(180);
  respond(183);
  receiveInvite();
  receiveInvite();
  EXPECT_EQ(h_.transport.startLines(), (std::vector<std::string>{"SIP/2.0 180 Sample", "SIP/2.0 183 Sample",
                                                                  "SIP/2.0 183 Sample", "SIP/2.0 183 Sample"}));
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
  EXPECT_EQ(txn_->state(), State::Proceeding);
}

TEST_F(ServerInviteTransactionTest, TwoHundredEntersAcceptedWhichAbsorbsInviteRetransmissions) {
  start();
  respond(200);
  EXPECT_EQ(txn_->state(), State::Accepted);
  EXPECT_EQ(h_.transport.startLines(), std::vector<std::string>{"SIP/2.0 200 Sample"});
  receiveInvite();
  EXPECT_EQ(h_.transport.count(), 1u);  // RFC 6026: no 2xx retransmission by the transaction
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
  h_.loop.runFor(10s);
  EXPECT_EQ(h_.transport.count(), 1u);  // no Timer G for 2xx
}

TEST_F(ServerInviteTransactionTest, AckFor2xxInAcceptedReachesTu) {
  start();
  respond(200);
  receiveAck();
  ASSERT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::Ack}));
  EXPECT_EQ(h_.tu.events()[1].id, 1u);
  EXPECT_EQ(txn_->state(), State::Accepted);
}

TEST_F(ServerInviteTransactionTest, TuRetransmits2xxInAcceptedButNothingElse) {
  start();
  respond(200);
  respond(200);
  EXPECT_EQ(h_.transport.count(), 2u);
  const auto refused = txn_->respond(SampleMessages::response(invite_, 486, "uas1"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, Errc::Conflict);
  EXPECT_EQ(h_.transport.count(), 2u);
}

TEST_F(ServerInviteTransactionTest, TimerLTerminatesAccepted) {
  start();
  respond(200);
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(txn_->state(), State::Accepted);
  h_.loop.runFor(1ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::Terminated}));
  EXPECT_EQ(h_.owner.retired, std::vector<TransactionId>{1});
}

TEST_F(ServerInviteTransactionTest, TimerGRetransmitsNon2xxDoublingToT2UntilAck) {
  start();
  respond(486);
  EXPECT_EQ(txn_->state(), State::Completed);
  h_.loop.runFor(12s);
  EXPECT_EQ(h_.transport.times(h_.start),
            (std::vector<Duration>{0ms, 500ms, 1500ms, 3500ms, 7500ms, 11500ms}));
  for (const auto& sent : h_.transport.sent()) EXPECT_EQ(sent.startLine(), "SIP/2.0 486 Sample");
  receiveAck();
  EXPECT_EQ(txn_->state(), State::Confirmed);
  EXPECT_EQ(h_.tu.count(Kind::Ack), 0u);  // absorbed (§17.2.1)
  h_.loop.runFor(4s);
  EXPECT_EQ(h_.transport.count(), 6u);
}

TEST_F(ServerInviteTransactionTest, RetransmittedInviteInCompletedGetsFinalAgain) {
  start();
  respond(404);
  receiveInvite();
  EXPECT_EQ(h_.transport.startLines(), (std::vector<std::string>{"SIP/2.0 404 Sample", "SIP/2.0 404 Sample"}));
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
}

TEST_F(ServerInviteTransactionTest, TimerHGivesUpWaitingForAckAndReports) {
  start();
  respond(486);
  h_.loop.runFor(32s - 1ms);
  EXPECT_EQ(h_.transport.count(), 11u);  // 0, .5, 1.5, 3.5, 7.5, then every 4 s to 31.5
  EXPECT_EQ(txn_->state(), State::Completed);
  h_.loop.runFor(1ms);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::Timeout, Kind::Terminated}));
  EXPECT_EQ(h_.tu.events()[1].timeout, Timeout::TimerH);
}

TEST_F(ServerInviteTransactionTest, TimerIAbsorbsAckRetransmissionsThenTerminates) {
  start();
  respond(486);
  receiveAck();
  h_.loop.runFor(5s - 1ms);
  receiveAck();
  receiveInvite();
  EXPECT_EQ(txn_->state(), State::Confirmed);
  EXPECT_EQ(h_.transport.count(), 1u);
  h_.loop.runFor(1ms);  // Timer I = T4
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::Terminated}));
}

TEST_F(ServerInviteTransactionTest, ReliableTransportNoTimerGAndTimerIIsZero) {
  start(test::TransactionHarness::tcp());
  respond(486);
  h_.loop.runFor(10s);
  EXPECT_EQ(h_.transport.count(), 1u);
  EXPECT_EQ(h_.transport.last().target, test::TransactionHarness::tcp());
  receiveAck();
  EXPECT_EQ(txn_->state(), State::Terminated);
}

TEST_F(ServerInviteTransactionTest, ReliableTransportTimerHStillFires) {
  start(test::TransactionHarness::tcp());
  respond(486);
  h_.loop.runFor(32s);
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 1u);
}

TEST_F(ServerInviteTransactionTest, ResponsesAfterNon2xxFinalAreRefused) {
  start();
  respond(486);
  const auto refused = txn_->respond(SampleMessages::response(invite_, 200, "uas1"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, Errc::Conflict);
}

TEST_F(ServerInviteTransactionTest, ResponseForAnotherTransactionIsRefused) {
  start();
  RequestSpec spec;
  spec.cseq = 7;
  const auto other = SampleMessages::request(spec);
  const auto refused = txn_->respond(SampleMessages::response(other, 180));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, Errc::Conflict);
  const auto notResponse = txn_->respond(invite_);
  ASSERT_FALSE(notResponse.has_value());
  EXPECT_EQ(notResponse.error().code, Errc::Malformed);
  EXPECT_EQ(h_.transport.count(), 0u);
}

TEST_F(ServerInviteTransactionTest, TransportErrorOnFinalReportsAndTerminates) {
  start();
  h_.transport.failSends(true);
  respond(486);
  EXPECT_EQ(txn_->state(), State::Terminated);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::TransportError, Kind::Terminated}));
  h_.loop.runFor(40s);
  EXPECT_EQ(h_.tu.events().size(), 3u);
}

TEST_F(ServerInviteTransactionTest, TransportErrorIn2xxKeepsAcceptedUntilTimerL) {
  start();
  h_.transport.failSends(true);
  respond(200);
  EXPECT_EQ(txn_->state(), State::Accepted);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::TransportError}));
  h_.loop.runFor(32s);
  EXPECT_EQ(txn_->state(), State::Terminated);
}

}  // namespace
}  // namespace parley::txn
