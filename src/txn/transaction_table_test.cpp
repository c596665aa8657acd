// SPDX-License-Identifier: MIT
#include "txn/transaction_table.hpp"

#include <gtest/gtest.h>

#include "syntax/request_builder.hpp"
#include "transaction_harness.hpp"
#include "txn/server_invite_transaction.hpp"

namespace parley::txn {
namespace {

using namespace std::chrono_literals;
using test::RequestSpec;
using test::SampleMessages;
using test::specFor;
using test::TransactionHarness;
using Kind = test::RecordingTransactionUser::Kind;

class TransactionTableTest : public ::testing::Test {
 protected:
  void receive(const syntax::SipMessage& m, TransportTarget source = TransactionHarness::udp()) {
    table_.receive(m, source);
  }
  TransactionId lastRequestId() const { return h_.tu.events().back().id; }
  void respond(TransactionId id, const syntax::SipMessage& request, std::uint16_t status, std::string_view tag = "uas") {
    auto ok = table_.respond(id, SampleMessages::response(request, status, tag));
    ASSERT_TRUE(ok.has_value()) << ok.error().reasonPhrase();
  }
  // A request without an RFC 3261 branch, as an RFC 2543 client sends it.
  static RequestSpec rfc2543(std::string method = "INVITE") {
    RequestSpec spec = specFor(std::move(method));
    spec.branch = "";
    return spec;
  }
  std::string_view stateOf(TransactionId id) const {
    const Transaction* t = table_.find(id);
    return t == nullptr ? "gone" : t->stateName();
  }

  TransactionHarness h_;
  TransactionTable table_{h_.loop.clock(), h_.loop.wheel(), h_.transport, h_.tu};
  syntax::SipMessage invite_ = SampleMessages::request({});
};

TEST_F(TransactionTableTest, NewRequestCreatesServerTransactionAndRetransmissionIsAbsorbed) {
  receive(invite_);
  ASSERT_EQ(h_.tu.kinds(), std::vector<Kind>{Kind::Request});
  const TransactionId id = lastRequestId();
  respond(id, invite_, 180);
  receive(invite_);
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
  EXPECT_EQ(h_.transport.startLines(), (std::vector<std::string>{"SIP/2.0 180 Sample", "SIP/2.0 180 Sample"}));
  EXPECT_EQ(table_.size(), 1u);
}

TEST_F(TransactionTableTest, BranchMatchingComparesSentByCaseInsensitivelyAndPort) {
  receive(invite_);
  RequestSpec upper;
  upper.viaHost = "PC33.Atlanta.Example.COM";
  receive(SampleMessages::request(upper));  // same sent-by: a retransmission
  EXPECT_EQ(table_.size(), 1u);
  RequestSpec otherPort;
  otherPort.viaPort = 5070;
  receive(SampleMessages::request(otherPort));  // same branch, other sent-by: a new transaction
  RequestSpec otherBranch;
  otherBranch.branch = "z9hG4bKother";
  receive(SampleMessages::request(otherBranch));
  EXPECT_EQ(table_.size(), 3u);
  EXPECT_EQ(h_.tu.count(Kind::Request), 3u);
}

TEST_F(TransactionTableTest, CancelIsItsOwnTransactionAndFindsTheInvite) {
  receive(invite_);
  const TransactionId inviteId = lastRequestId();
  const syntax::SipMessage cancel = SampleMessages::parse(syntax::buildCancel(invite_));
  receive(cancel);
  ASSERT_EQ(h_.tu.count(Kind::Request), 2u);
  const TransactionId cancelId = lastRequestId();
  EXPECT_NE(cancelId, inviteId);
  EXPECT_EQ(h_.tu.events().back().method, "CANCEL");
  EXPECT_EQ(table_.findCancelTarget(cancel), std::optional<TransactionId>(inviteId));
  // The TU answers both (§9.2): 200 to the CANCEL, 487 to the INVITE.
  respond(cancelId, cancel, 200);
  respond(inviteId, invite_, 487);
  EXPECT_EQ(stateOf(cancelId), "Completed");
  EXPECT_EQ(stateOf(inviteId), "Completed");
}

TEST_F(TransactionTableTest, CancelForUnknownInviteFindsNothing) {
  RequestSpec other;
  other.branch = "z9hG4bKnever";
  const syntax::SipMessage cancel = SampleMessages::parse(syntax::buildCancel(SampleMessages::request(other)));
  receive(invite_);
  EXPECT_EQ(table_.findCancelTarget(cancel), std::nullopt);
}

TEST_F(TransactionTableTest, AckForNon2xxMatchesTheInviteTransaction) {
  receive(invite_);
  const TransactionId id = lastRequestId();
  const syntax::SipMessage busy = SampleMessages::response(invite_, 486, "uas");
  ASSERT_TRUE(table_.respond(id, busy).has_value());
  receive(SampleMessages::parse(syntax::buildAckForNon2xx(invite_, busy)));
  EXPECT_EQ(stateOf(id), "Confirmed");
  EXPECT_EQ(h_.tu.count(Kind::Ack), 0u);
}

TEST_F(TransactionTableTest, AckFor2xxWithItsOwnBranchGoesToTuWithoutTransaction) {
  receive(invite_);
  respond(lastRequestId(), invite_, 200);
  RequestSpec ack = specFor("ACK");
  ack.branch = "z9hG4bKack2xx";
  ack.toTag = "uas";
  receive(SampleMessages::request(ack));
  ASSERT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::Ack}));
  EXPECT_EQ(h_.tu.events().back().id, kNoTransaction);
  EXPECT_EQ(table_.size(), 1u);  // an ACK never creates a transaction
}

TEST_F(TransactionTableTest, AckFor2xxWithTheInviteBranchReachesTuThroughAcceptedTransaction) {
  receive(invite_);
  const TransactionId id = lastRequestId();
  respond(id, invite_, 200);
  RequestSpec ack = specFor("ACK");
  ack.toTag = "uas";
  receive(SampleMessages::request(ack));
  EXPECT_EQ(h_.tu.events().back().kind, Kind::Ack);
  EXPECT_EQ(h_.tu.events().back().id, id);
}

TEST_F(TransactionTableTest, Rfc2543RequestsMatchOnDialogFieldsAndTopVia) {
  const RequestSpec legacy = rfc2543();
  const syntax::SipMessage invite = SampleMessages::request(legacy);
  receive(invite);
  const TransactionId id = lastRequestId();
  respond(id, invite, 180);
  receive(invite);  // retransmission
  EXPECT_EQ(h_.tu.count(Kind::Request), 1u);
  EXPECT_EQ(h_.transport.count(), 2u);

  RequestSpec newCSeq = legacy;
  newCSeq.cseq += 1;
  RequestSpec newFromTag = legacy;
  newFromTag.fromTag = "other";
  RequestSpec newUri = legacy;
  newUri.uri = "sip:carol@chicago.example.com";
  RequestSpec newVia = legacy;
  newVia.viaHost = "elsewhere.example.com";
  for (const RequestSpec& s : {newCSeq, newFromTag, newUri, newVia}) receive(SampleMessages::request(s));
  EXPECT_EQ(h_.tu.count(Kind::Request), 5u);
  EXPECT_EQ(table_.size(), 5u);
}

TEST_F(TransactionTableTest, Rfc2543AckMatchesByTheToTagOfTheResponse) {
  const RequestSpec legacy = rfc2543();
  const syntax::SipMessage invite = SampleMessages::request(legacy);
  receive(invite);
  const TransactionId id = lastRequestId();
  respond(id, invite, 486, "xyz");

  RequestSpec wrongTag = rfc2543("ACK");
  wrongTag.toTag = "other";
  receive(SampleMessages::request(wrongTag));
  EXPECT_EQ(h_.tu.events().back().kind, Kind::Ack);  // matched nothing: the TU's
  EXPECT_EQ(stateOf(id), "Completed");

  RequestSpec ack = wrongTag;
  ack.toTag = "xyz";
  receive(SampleMessages::request(ack));
  EXPECT_EQ(stateOf(id), "Confirmed");
  EXPECT_EQ(h_.tu.count(Kind::Ack), 1u);
}

TEST_F(TransactionTableTest, Rfc2543CancelFindsTheInvite) {
  const RequestSpec legacy = rfc2543();
  const syntax::SipMessage invite = SampleMessages::request(legacy);
  receive(invite);
  const TransactionId inviteId = lastRequestId();
  const syntax::SipMessage cancel = SampleMessages::parse(syntax::buildCancel(invite));
  receive(cancel);
  EXPECT_NE(lastRequestId(), inviteId);
  EXPECT_EQ(table_.findCancelTarget(cancel), std::optional<TransactionId>(inviteId));
}

TEST_F(TransactionTableTest, ResponsesMatchClientTransactionsByBranchAndCSeqMethod) {
  const auto inviteId = table_.sendRequest(invite_, TransactionHarness::udp());
  ASSERT_TRUE(inviteId.has_value());
  const syntax::SipMessage cancel = SampleMessages::parse(syntax::buildCancel(invite_));
  const auto cancelId = table_.sendRequest(cancel, TransactionHarness::udp());  // same branch, §9.1
  ASSERT_TRUE(cancelId.has_value());
  EXPECT_EQ(h_.transport.startLines(), (std::vector<std::string>{"INVITE sip:bob@biloxi.example.com SIP/2.0",
                                                                  "CANCEL sip:bob@biloxi.example.com SIP/2.0"}));

  receive(SampleMessages::response(invite_, 180, "uas"));
  receive(SampleMessages::response(cancel, 200, "uas"));
  receive(SampleMessages::response(invite_, 487, "uas"));
  ASSERT_EQ(h_.tu.count(Kind::Response), 3u);
  EXPECT_EQ(h_.tu.events()[0].id, *inviteId);
  EXPECT_EQ(h_.tu.events()[1].id, *cancelId);
  EXPECT_EQ(h_.tu.events()[1].method, "CANCEL");
  EXPECT_EQ(h_.tu.events()[2].id, *inviteId);
  EXPECT_EQ(h_.transport.last().startLine(), "ACK sip:bob@biloxi.example.com SIP/2.0");
}

TEST_F(TransactionTableTest, LateTransportErrorEndsTheClientTransactionThatSentTheRequest) {
  // §17.1.4: the transport accepted the request (a connection was being opened) and fails later.
  const auto inviteId = table_.sendRequest(invite_, TransactionHarness::tcp());
  ASSERT_TRUE(inviteId.has_value());
  RequestSpec other = specFor("OPTIONS");
  other.branch = "z9hG4bKother";
  const syntax::SipMessage options = SampleMessages::request(other);
  const auto optionsId = table_.sendRequest(options, TransactionHarness::tcp());
  ASSERT_TRUE(optionsId.has_value());

  table_.transportError(invite_);
  ASSERT_EQ(h_.tu.count(Kind::TransportError), 1u);
  EXPECT_EQ(h_.tu.events().back().kind, Kind::Terminated);
  EXPECT_EQ(h_.tu.events().back().id, *inviteId);
  EXPECT_EQ(stateOf(*inviteId), "gone");
  EXPECT_EQ(stateOf(*optionsId), "Trying");  // only the transaction that sent those bytes

  // After its final response a transaction ignores a late transport error; responses are ignored.
  receive(SampleMessages::response(options, 200, "uas"));
  table_.transportError(options);
  table_.transportError(SampleMessages::response(options, 200, "uas"));
  EXPECT_EQ(h_.tu.count(Kind::TransportError), 1u);
}

TEST_F(TransactionTableTest, ResponseMatchingNothingIsStray) {
  RequestSpec other;
  other.branch = "z9hG4bKunknown";
  receive(SampleMessages::response(SampleMessages::request(other), 200, "uas"));
  ASSERT_EQ(h_.tu.kinds(), std::vector<Kind>{Kind::StrayResponse});
  EXPECT_EQ(h_.tu.events()[0].status, 200);
}

TEST_F(TransactionTableTest, SendRequestRefusesAckMissingBranchAndReusedBranch) {
  const auto ack = table_.sendRequest(SampleMessages::request(specFor("ACK")), TransactionHarness::udp());
  ASSERT_FALSE(ack.has_value());
  EXPECT_EQ(ack.error().code, Errc::Unsupported);
  const RequestSpec legacy = rfc2543();
  const auto noBranch = table_.sendRequest(SampleMessages::request(legacy), TransactionHarness::udp());
  ASSERT_FALSE(noBranch.has_value());
  EXPECT_EQ(noBranch.error().code, Errc::Missing);
  ASSERT_TRUE(table_.sendRequest(invite_, TransactionHarness::udp()).has_value());
  const auto again = table_.sendRequest(invite_, TransactionHarness::udp());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, Errc::Conflict);
  EXPECT_EQ(h_.transport.count(), 1u);
}

TEST_F(TransactionTableTest, ClientTimeoutRemovesTransactionAndLaterResponsesAreStray) {
  const auto id = table_.sendRequest(invite_, TransactionHarness::udp());
  ASSERT_TRUE(id.has_value());
  h_.loop.runFor(32s);
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Timeout, Kind::Terminated}));
  EXPECT_EQ(table_.size(), 0u);
  EXPECT_EQ(table_.find(*id), nullptr);
  receive(SampleMessages::response(invite_, 200, "late"));
  EXPECT_EQ(h_.tu.events().back().kind, Kind::StrayResponse);
}

TEST_F(TransactionTableTest, TuMayAnswerInsideOnRequestEvenWhenThatTerminatesTheTransaction) {
  // Over TCP a final response ends a non-INVITE server transaction at once (Timer J = 0), while
  // the transaction is still inside its call to the TU: destruction must wait.
  const syntax::SipMessage options = SampleMessages::request(specFor("OPTIONS"));
  h_.tu.onRequestHook = [&](TransactionId id, const syntax::SipMessage& request) {
    ASSERT_TRUE(table_.respond(id, SampleMessages::response(request, 200, "uas")).has_value());
  };
  receive(options, TransactionHarness::tcp());
  EXPECT_EQ(h_.tu.kinds(), (std::vector<Kind>{Kind::Request, Kind::Terminated}));
  EXPECT_EQ(h_.transport.startLines(), std::vector<std::string>{"SIP/2.0 200 Sample"});
  EXPECT_EQ(table_.size(), 0u);
  h_.loop.runFor(1ms);  // the retired transaction is destroyed here
  receive(options, TransactionHarness::tcp());  // after termination the same request is new again
  EXPECT_EQ(h_.tu.count(Kind::Request), 2u);
}

TEST_F(TransactionTableTest, RespondToUnknownOrClientTransactionFails) {
  const auto r = table_.respond(42, SampleMessages::response(invite_, 200));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, Errc::Missing);
  const auto client = table_.sendRequest(invite_, TransactionHarness::udp());
  ASSERT_TRUE(client.has_value());
  EXPECT_FALSE(table_.respond(*client, SampleMessages::response(invite_, 200)).has_value());
}

TEST_F(TransactionTableTest, ServerTransactionsUseTheTimerConfig) {
  TimerConfig fast;
  fast.t1 = 50ms;
  TransactionTable table(h_.loop.clock(), h_.loop.wheel(), h_.transport, h_.tu, fast);
  table.receive(invite_, TransactionHarness::udp());
  ASSERT_TRUE(table.respond(lastRequestId(), SampleMessages::response(invite_, 486, "uas")).has_value());
  h_.loop.runFor(64 * 50ms);  // Timer H = 64*T1
  EXPECT_EQ(h_.tu.count(Kind::Timeout), 1u);
  EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace parley::txn
