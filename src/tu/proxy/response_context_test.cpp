// SPDX-License-Identifier: MIT
// RFC 3261 §16.7 response processing and §16.6 q-value forking, driven event by event without
// transactions: which responses go upstream, which branches get CANCEL, which group starts next,
// and which final response is chosen.
#include "tu/proxy/response_context.hpp"

#include <gtest/gtest.h>

#include "tu/proxy/proxy_test_support.hpp"

namespace parley::tu {
namespace {

using syntax::HeaderId;
using testing::parseSample;
using Branches = std::vector<BranchIndex>;

// A response to the INVITE of proxy_test_support.hpp, as a branch's client transaction hands it up
// (our Via on top), with extra header lines.
syntax::SipMessage reply(std::uint16_t status, std::string_view extra = "", std::string_view method = "INVITE") {
  std::string t = "SIP/2.0 " + std::to_string(status) + " Whatever\n";
  t += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKours\n"
       "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n"
       "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
       "To: Bob <sip:bob@biloxi.example.com>";
  if (status > 100) t += ";tag=" + std::to_string(status);
  t += "\nCall-ID: 3848276298220188511@atlanta.example.com\nCSeq: 1 ";
  t += method;
  t += "\n";
  t += extra;
  t += "Content-Length: 0\n\n";
  return parseSample(t);
}

// Groups of the given sizes, highest q first.
std::vector<TargetGroup> groups(std::initializer_list<std::size_t> sizes) {
  std::vector<TargetGroup> out;
  std::size_t first = 0;
  std::uint16_t q = 1000;
  for (std::size_t n : sizes) {
    out.push_back(TargetGroup{first, n, q});
    first += n;
    q = static_cast<std::uint16_t>(q - 100);
  }
  return out;
}

// Starts the context and reports every branch of the first group as started.
ResponseContext started(std::initializer_list<std::size_t> sizes, bool invite = true) {
  ResponseContext ctx(groups(sizes), invite);
  ContextActions a = ctx.start();
  for (BranchIndex i : a.start) (void)ctx.branchStarted(i);
  return ctx;
}

TEST(ResponseContext, NoTargetsIs480AtOnce) {
  ResponseContext ctx({}, true);
  ContextActions a = ctx.start();
  EXPECT_TRUE(a.start.empty());
  ASSERT_TRUE(a.final.has_value());
  EXPECT_FALSE(a.final->branch.has_value());
  EXPECT_EQ(a.final->status, 480);
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, FirstGroupIsForkedInParallelAndArmsTimerC) {
  ResponseContext ctx(groups({2, 1}), true);
  ContextActions a = ctx.start();
  EXPECT_EQ(a.start, (Branches{0, 1}));
  EXPECT_FALSE(a.final.has_value());
  EXPECT_EQ(ctx.branchStarted(0).armTimerC, (Branches{0}));
  EXPECT_EQ(ctx.branchStarted(1).armTimerC, (Branches{1}));
  EXPECT_TRUE(ctx.branchStarted(2).armTimerC.empty());  // not started: group 2 waits
}

TEST(ResponseContext, NonInviteHasNoTimerC) {
  ResponseContext ctx(groups({1}), false);
  (void)ctx.start();
  EXPECT_TRUE(ctx.branchStarted(0).armTimerC.empty());
  EXPECT_TRUE(ctx.response(0, reply(180, "", "MESSAGE")).armTimerC.empty());
}

TEST(ResponseContext, ProvisionalsForwardedExcept100AndResetTimerC) {
  ResponseContext ctx = started({2});
  ContextActions trying = ctx.response(0, reply(100));
  EXPECT_FALSE(trying.forward);
  EXPECT_EQ(trying.armTimerC, (Branches{0}));
  ContextActions ringing = ctx.response(1, reply(180));
  EXPECT_TRUE(ringing.forward);
  EXPECT_EQ(ringing.armTimerC, (Branches{1}));
  EXPECT_TRUE(ctx.response(1, reply(183)).forward);
  EXPECT_FALSE(ctx.finalSent());
}

TEST(ResponseContext, TwoHundredForwardedAtOnceAndOtherBranchesCancelled) {
  ResponseContext ctx = started({3});
  (void)ctx.response(0, reply(180));
  (void)ctx.response(1, reply(180));
  ContextActions ok = ctx.response(0, reply(200));
  EXPECT_TRUE(ok.forward);
  EXPECT_FALSE(ok.final.has_value());
  // Branch 1 rang: CANCEL now. Branch 2 heard nothing yet: §9.1 makes it wait for a provisional.
  EXPECT_EQ(ok.cancel, (Branches{1}));
  EXPECT_TRUE(ctx.finalSent());
  EXPECT_FALSE(ctx.finished());
  ContextActions late = ctx.response(2, reply(180));
  EXPECT_EQ(late.cancel, (Branches{2}));
  EXPECT_FALSE(late.forward);  // nothing provisional after a final
  EXPECT_FALSE(ctx.response(1, reply(487)).final.has_value());
  EXPECT_FALSE(ctx.response(2, reply(487)).final.has_value());
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, EverySecondTwoHundredToInviteIsForwardedToo) {
  ResponseContext ctx = started({2});
  (void)ctx.response(0, reply(180));
  (void)ctx.response(1, reply(180));
  EXPECT_TRUE(ctx.response(0, reply(200)).forward);
  ContextActions second = ctx.response(1, reply(200));  // answered before the CANCEL arrived
  EXPECT_TRUE(second.forward);
  EXPECT_TRUE(second.cancel.empty());
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, NonInviteForwardsOneFinalAndCancelsNothing) {
  ResponseContext ctx = started({2}, false);
  ContextActions first = ctx.response(0, reply(200, "", "MESSAGE"));
  EXPECT_TRUE(first.forward);
  EXPECT_TRUE(first.cancel.empty());
  ContextActions second = ctx.response(1, reply(202, "", "MESSAGE"));
  EXPECT_FALSE(second.forward);
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, SixxCancelsTheOthersAndWins) {
  ResponseContext ctx = started({2, 1});
  (void)ctx.response(0, reply(180));
  ContextActions decline = ctx.response(1, reply(603));
  EXPECT_EQ(decline.cancel, (Branches{0}));
  EXPECT_FALSE(decline.final.has_value());  // §16.7 step 5: wait for the cancelled branches
  ContextActions last = ctx.response(0, reply(487));
  EXPECT_TRUE(last.start.empty());  // no new branch after a 6xx, though a group is left
  ASSERT_TRUE(last.final.has_value());
  EXPECT_EQ(last.final->branch, std::optional<BranchIndex>(1));
  EXPECT_EQ(last.final->status, 603);
  ASSERT_NE(ctx.finalResponse(1), nullptr);
  EXPECT_EQ(ctx.finalResponse(1)->statusCode(), 603);
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, TwoHundredAfterASixxStillGoesUpstream) {
  ResponseContext ctx = started({2});
  (void)ctx.response(0, reply(180));
  (void)ctx.response(1, reply(600));
  ContextActions ok = ctx.response(0, reply(200));
  EXPECT_TRUE(ok.forward);
  EXPECT_FALSE(ok.final.has_value());
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, LowestClassIsChosen) {
  ResponseContext ctx = started({3});
  EXPECT_FALSE(ctx.response(0, reply(503)).final.has_value());
  EXPECT_FALSE(ctx.response(1, reply(486)).final.has_value());
  ContextActions a = ctx.response(2, reply(404));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_EQ(a.final->branch, std::optional<BranchIndex>(1));  // 4xx before 5xx; 486 came first
  EXPECT_EQ(a.final->status, 486);
}

TEST(ResponseContext, RedirectIsTheLowestClass) {
  ResponseContext ctx = started({2});
  (void)ctx.response(0, reply(404));
  ContextActions a = ctx.response(1, reply(302, "Contact: <sip:bob@chicago.example.com>\n"));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_EQ(a.final->status, 302);
}

TEST(ResponseContext, ResubmissionInformationIsPreferredWithin4xx) {
  ResponseContext ctx = started({2});
  (void)ctx.response(0, reply(404));
  ContextActions a = ctx.response(1, reply(484));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_EQ(a.final->status, 484);
}

TEST(ResponseContext, Only503Becomes500Upstream) {
  ResponseContext ctx = started({1});
  ContextActions a = ctx.response(0, reply(503, "Retry-After: 120\n"));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_FALSE(a.final->branch.has_value());  // generated, not the downstream 503
  EXPECT_EQ(a.final->status, 500);
  EXPECT_EQ(ctx.retryAfter(0), std::optional<std::uint32_t>(120));
}

TEST(ResponseContext, ChallengesOfAllBranchesAreMerged) {
  ResponseContext ctx = started({3});
  (void)ctx.response(0, reply(401,
                              "WWW-Authenticate: Digest realm=\"biloxi.example.com\", nonce=\"a\", algorithm=SHA-256\n"
                              "WWW-Authenticate: Digest realm=\"biloxi.example.com\", nonce=\"b\", algorithm=MD5\n"));
  (void)ctx.response(1, reply(404));
  ContextActions a = ctx.response(2, reply(407, "Proxy-Authenticate: Digest realm=\"chicago.example.com\", nonce=\"c\"\n"));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_EQ(a.final->branch, std::optional<BranchIndex>(0));
  EXPECT_EQ(a.final->status, 401);
  std::vector<HeaderLine> expected{{HeaderId::ProxyAuthenticate, "Digest realm=\"chicago.example.com\", nonce=\"c\""}};
  EXPECT_EQ(a.final->extraHeaders, expected);
}

TEST(ResponseContext, ChallengeFromTheOtherSideIsMergedToo) {
  ResponseContext ctx = started({2});
  (void)ctx.response(0, reply(407, "Proxy-Authenticate: Digest realm=\"a.example.com\", nonce=\"1\"\n"));
  ContextActions a = ctx.response(1, reply(407, "Proxy-Authenticate: Digest realm=\"b.example.com\", nonce=\"2\"\n"));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_EQ(a.final->branch, std::optional<BranchIndex>(0));
  ASSERT_EQ(a.final->extraHeaders.size(), 1u);
  EXPECT_EQ(a.final->extraHeaders[0].value, "Digest realm=\"b.example.com\", nonce=\"2\"");
}

TEST(ResponseContext, TimeoutIs408) {
  ResponseContext ctx = started({1});
  ContextActions a = ctx.timeout(0);
  ASSERT_TRUE(a.final.has_value());
  EXPECT_FALSE(a.final->branch.has_value());
  EXPECT_EQ(a.final->status, 408);
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, LateTwoHundredAfterTheFinalIsStillForwarded) {
  ResponseContext ctx = started({1});
  ASSERT_TRUE(ctx.timeout(0).final.has_value());
  ContextActions late = ctx.response(0, reply(200));
  EXPECT_TRUE(late.forward);
  EXPECT_FALSE(late.final.has_value());
  EXPECT_TRUE(late.cancel.empty());
}

TEST(ResponseContext, RealAnswerBeatsATimeoutOfTheSameClass) {
  ResponseContext ctx = started({2});
  (void)ctx.timeout(0);
  ContextActions a = ctx.response(1, reply(486));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_EQ(a.final->status, 486);
  EXPECT_EQ(a.final->branch, std::optional<BranchIndex>(1));
}

TEST(ResponseContext, TimerCAfterRingingCancelsAndTheCallerHears408) {
  ResponseContext ctx = started({1});
  (void)ctx.response(0, reply(180));
  ContextActions c = ctx.timerC(0);
  EXPECT_EQ(c.cancel, (Branches{0}));
  EXPECT_FALSE(c.final.has_value());
  ContextActions a = ctx.response(0, reply(487));
  ASSERT_TRUE(a.final.has_value());
  EXPECT_FALSE(a.final->branch.has_value());
  EXPECT_EQ(a.final->status, 408);
}

TEST(ResponseContext, TimerCWithoutProvisionalIs408) {
  ResponseContext ctx = started({1, 1});
  ContextActions a = ctx.timerC(0);
  EXPECT_TRUE(a.cancel.empty());
  EXPECT_EQ(a.start, (Branches{1}));  // failed: the next group
  (void)ctx.branchStarted(1);
  ContextActions b = ctx.timeout(1);
  ASSERT_TRUE(b.final.has_value());
  EXPECT_EQ(b.final->status, 408);
}

TEST(ResponseContext, SequentialGroupsAdvanceOnFailure) {
  ResponseContext ctx(groups({1, 2, 1}), true);
  EXPECT_EQ(ctx.start().start, (Branches{0}));
  (void)ctx.branchStarted(0);
  ContextActions a = ctx.response(0, reply(486));
  EXPECT_EQ(a.start, (Branches{1, 2}));
  EXPECT_FALSE(a.final.has_value());
  (void)ctx.branchStarted(1);
  (void)ctx.branchStarted(2);
  EXPECT_TRUE(ctx.transportError(1).start.empty());  // branch 2 is still trying
  ContextActions b = ctx.timeout(2);
  EXPECT_EQ(b.start, (Branches{3}));
  (void)ctx.branchStarted(3);
  ContextActions c = ctx.response(3, reply(480));
  ASSERT_TRUE(c.final.has_value());
  EXPECT_EQ(c.final->branch, std::optional<BranchIndex>(0));  // real 4xx, earliest
  EXPECT_EQ(c.final->status, 486);
}

TEST(ResponseContext, SuccessInAGroupStopsTheSearch) {
  ResponseContext ctx = started({1, 1});
  ContextActions a = ctx.response(0, reply(200));
  EXPECT_TRUE(a.forward);
  EXPECT_TRUE(a.start.empty());
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, TransportErrorsTryTheNextTargetThen500) {
  ResponseContext ctx = started({1, 1});
  ContextActions a = ctx.transportError(0);
  EXPECT_EQ(a.start, (Branches{1}));
  ContextActions b = ctx.transportError(1);  // the caller could not even send it
  ASSERT_TRUE(b.final.has_value());
  EXPECT_EQ(b.final->status, 500);
  EXPECT_FALSE(b.final->branch.has_value());
}

TEST(ResponseContext, DownstreamServiceUnavailableTriesTheNextGroup) {
  ResponseContext ctx = started({1, 1});
  ContextActions a = ctx.response(0, reply(503));
  EXPECT_EQ(a.start, (Branches{1}));
  (void)ctx.branchStarted(1);
  ContextActions b = ctx.response(1, reply(200));
  EXPECT_TRUE(b.forward);
}

TEST(ResponseContext, CallersCancelCancelsPendingBranchesAndStopsTheSearch) {
  ResponseContext ctx = started({2, 1});
  (void)ctx.response(0, reply(180));
  ContextActions c = ctx.cancelReceived();
  EXPECT_EQ(c.cancel, (Branches{0}));
  EXPECT_FALSE(c.final.has_value());
  EXPECT_EQ(ctx.response(1, reply(100)).cancel, (Branches{1}));  // its first provisional
  EXPECT_FALSE(ctx.response(0, reply(487)).final.has_value());
  ContextActions last = ctx.timeout(1);  // never answered the CANCEL either
  EXPECT_TRUE(last.start.empty());
  ASSERT_TRUE(last.final.has_value());
  EXPECT_EQ(last.final->status, 487);
  EXPECT_EQ(last.final->branch, std::optional<BranchIndex>(0));
  EXPECT_TRUE(ctx.finished());
}

TEST(ResponseContext, CancelWhenOnlyTimeoutsRemainAnswers487) {
  ResponseContext ctx = started({1});
  (void)ctx.cancelReceived();
  ContextActions a = ctx.timeout(0);
  ASSERT_TRUE(a.final.has_value());
  EXPECT_FALSE(a.final->branch.has_value());
  EXPECT_EQ(a.final->status, 487);
}

TEST(ResponseContext, CancelBeforeStartIs487) {
  ResponseContext ctx(groups({1}), true);
  ContextActions a = ctx.cancelReceived();
  ASSERT_TRUE(a.final.has_value());
  EXPECT_EQ(a.final->status, 487);
  EXPECT_TRUE(ctx.start().start.empty());
}

TEST(ResponseContext, CancelAfterTheFinalDoesNothing) {
  ResponseContext ctx = started({1});
  (void)ctx.response(0, reply(486));
  ContextActions a = ctx.cancelReceived();
  EXPECT_TRUE(a.cancel.empty());
  EXPECT_FALSE(a.final.has_value());
}

TEST(ResponseContext, EventsForUnknownOrUnstartedBranchesAreIgnored) {
  ResponseContext ctx = started({1, 1});
  ContextActions a = ctx.response(7, reply(200));
  EXPECT_FALSE(a.forward);
  EXPECT_FALSE(ctx.response(1, reply(200)).forward);  // group 2 never started
  EXPECT_TRUE(ctx.timeout(1).start.empty());
  EXPECT_TRUE(ctx.transportError(9).start.empty());
  EXPECT_FALSE(ctx.finalSent());
  EXPECT_EQ(ctx.finalResponse(9), nullptr);
}

TEST(ResponseSelection, ChoosesPerSection16_7Step6) {
  auto pick = [](std::vector<BranchOutcome> o) { return chooseBestResponse(o); };
  EXPECT_FALSE(pick({}).has_value());
  EXPECT_FALSE(pick({{0, false, 0}, {200, false, 1}}).has_value());
  EXPECT_EQ(pick({{404, false, 0}, {600, false, 1}, {302, false, 2}}), std::optional<std::size_t>(1));
  EXPECT_EQ(pick({{500, false, 0}, {404, false, 1}}), std::optional<std::size_t>(1));
  EXPECT_EQ(pick({{408, true, 0}, {480, false, 1}}), std::optional<std::size_t>(1));
  EXPECT_EQ(pick({{486, false, 0}, {407, false, 1}}), std::optional<std::size_t>(1));
  EXPECT_EQ(pick({{486, false, 3}, {480, false, 2}}), std::optional<std::size_t>(1));
  EXPECT_EQ(upstreamStatus(503), 500);
  EXPECT_EQ(upstreamStatus(504), 504);
  EXPECT_EQ(statusWithoutTargets(false), 404);
  EXPECT_EQ(statusWithoutTargets(true), 480);
}

}  // namespace
}  // namespace parley::tu
