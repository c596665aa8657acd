// SPDX-License-Identifier: MIT
#include "txn/transaction_matching.hpp"

#include <gtest/gtest.h>

#include "sip_samples.hpp"

namespace parley::txn {
namespace {

using test::RequestSpec;
using test::SampleMessages;
using test::specFor;

TEST(TransactionMatchingTest, AckAndCancelTargetShareTheInviteServerKey) {
  const auto invite = SampleMessages::request({});
  EXPECT_EQ(serverKey(SampleMessages::request(specFor("ACK"))), serverKey(invite));
  const auto cancel = SampleMessages::request(specFor("CANCEL"));
  EXPECT_NE(serverKey(cancel), serverKey(invite));  // CANCEL is its own transaction
  EXPECT_EQ(serverKey(cancel, MatchAs::TargetOfCancel), serverKey(invite));
}

TEST(TransactionMatchingTest, ServerKeyIgnoresHostCaseButNotBranchCase) {
  RequestSpec upperHost;
  upperHost.viaHost = "PC33.ATLANTA.EXAMPLE.COM";
  EXPECT_EQ(serverKey(SampleMessages::request(upperHost)), serverKey(SampleMessages::request({})));
  RequestSpec upperBranch;
  upperBranch.branch = "z9hG4bK776ASDHDS";
  EXPECT_NE(serverKey(SampleMessages::request(upperBranch)), serverKey(SampleMessages::request({})));
}

TEST(TransactionMatchingTest, ClientKeyOfRequestEqualsClientKeyOfItsResponse) {
  const auto options = SampleMessages::request(specFor("OPTIONS"));
  EXPECT_EQ(clientKey(SampleMessages::response(options, 200, "t")), clientKey(options));
  EXPECT_NE(clientKey(options), clientKey(SampleMessages::request({})));  // same branch, other method
}

TEST(TransactionMatchingTest, Rfc2543ToTagRuleDependsOnAck) {
  RequestSpec spec;
  spec.branch = "";
  const auto invite = SampleMessages::request(spec);
  EXPECT_TRUE(rfc2543Matches(invite, "", invite, MatchAs::Itself));
  RequestSpec ackSpec = specFor("ACK");
  ackSpec.branch = "";
  ackSpec.toTag = "resp";
  const auto ack = SampleMessages::request(ackSpec);
  EXPECT_TRUE(rfc2543Matches(invite, "resp", ack, MatchAs::Itself));
  EXPECT_FALSE(rfc2543Matches(invite, "other", ack, MatchAs::Itself));
  spec.toTag = "dialog";
  EXPECT_FALSE(rfc2543Matches(invite, "", SampleMessages::request(spec), MatchAs::Itself));
}

}  // namespace
}  // namespace parley::txn
