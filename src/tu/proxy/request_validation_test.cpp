// SPDX-License-Identifier: MIT
// RFC 3261 §16.3: URI scheme, Max-Forwards, loop detection (with the branch of §16.6 step 8),
// Proxy-Require.
#include "tu/proxy/request_validation.hpp"

#include <gtest/gtest.h>

#include "syntax/message_edits.hpp"
#include "tu/proxy/branch.hpp"
#include "tu/proxy/proxy_test_support.hpp"

namespace parley::tu {
namespace {

using syntax::HeaderId;
using testing::applied;
using testing::atlantaProxy;
using testing::inviteText;
using testing::parseSample;

RequestCheck check(const syntax::SipMessage& m, const ValidationPolicy& policy = {}) {
  return validateRequest(m, policy, atlantaProxy().predicate());
}

// What we send when forwarding `m` to `requestUri`: our Via with the loop hash of `m` on top,
// Max-Forwards decremented (§16.6 steps 3 and 8).
std::string forwardedByUs(const syntax::SipMessage& m, std::string_view requestUri, Random& random) {
  syntax::MessageEdits edits;
  edits.setRequestUri(std::string(requestUri));
  EXPECT_TRUE(syntax::decrementMaxForwards(m, edits).has_value());
  edits.prepend(HeaderId::Via,
                viaValue(txn::TransportKind::Udp, "192.0.2.10", 5060, makeBranch(loopDetectionHash(m), random)));
  return applied(m, edits);
}

// What another proxy sends back to us: its own Via on top, Request-URI possibly rewritten.
syntax::SipMessage forwardedBack(std::string_view bytes, std::string_view requestUri) {
  auto m = syntax::parseMessage(std::string(bytes));
  EXPECT_TRUE(m.has_value());
  if (!m) return {};
  syntax::MessageEdits edits;
  edits.setRequestUri(std::string(requestUri));
  edits.prepend(HeaderId::Via, "SIP/2.0/UDP ss2.biloxi.example.com:5060;branch=z9hG4bKother1");
  std::string out = applied(*m, edits);
  auto back = syntax::parseMessage(std::move(out));
  EXPECT_TRUE(back.has_value());
  return back ? *back : syntax::SipMessage{};
}

TEST(RequestValidation, PlainInviteIsForwarded) {
  RequestCheck c = check(parseSample(inviteText()));
  EXPECT_EQ(c.verdict, Verdict::Forward);
}

TEST(RequestValidation, UnknownSchemeIs416) {
  RequestCheck c = check(parseSample(inviteText("mailto:bob@biloxi.example.com")));
  EXPECT_EQ(c.verdict, Verdict::Reject);
  EXPECT_EQ(c.reply.status, 416);
}

TEST(RequestValidation, TelOnlyWhenAllowed) {
  auto m = parseSample(inviteText("tel:+1-201-555-0123"));
  EXPECT_EQ(check(m).reply.status, 416);
  ValidationPolicy policy;
  policy.allowTel = true;
  EXPECT_EQ(check(m, policy).verdict, Verdict::Forward);
}

TEST(RequestValidation, MaxForwardsZeroIs483) {
  RequestCheck c = check(parseSample(inviteText("sip:bob@biloxi.example.com", "", "Max-Forwards: 0\n")));
  EXPECT_EQ(c.verdict, Verdict::Reject);
  EXPECT_EQ(c.reply.status, 483);
}

TEST(RequestValidation, MaxForwardsOneIsForwarded) {
  EXPECT_EQ(check(parseSample(inviteText("sip:bob@biloxi.example.com", "", "Max-Forwards: 1\n"))).verdict,
            Verdict::Forward);
}

TEST(RequestValidation, MissingMaxForwardsIsForwardedAnd70IsAdded) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com", "", ""));
  EXPECT_FALSE(m.maxForwards().has_value());
  EXPECT_EQ(check(m).verdict, Verdict::Forward);
  syntax::MessageEdits edits;
  ASSERT_TRUE(syntax::decrementMaxForwards(m, edits).has_value());
  EXPECT_NE(applied(m, edits).find("Max-Forwards: 70\r\n"), std::string::npos);
}

TEST(RequestValidation, OptionsToUsAtZeroIsOursToAnswer) {
  auto m = parseSample(
      "OPTIONS sip:ss1.atlanta.example.com SIP/2.0\n"
      "Via: SIP/2.0/UDP client.atlanta.example.com;branch=z9hG4bKopt1\n"
      "Max-Forwards: 0\n"
      "From: <sip:alice@atlanta.example.com>;tag=1\n"
      "To: <sip:ss1.atlanta.example.com>\n"
      "Call-ID: opt1\n"
      "CSeq: 1 OPTIONS\n"
      "\n");
  EXPECT_EQ(check(m).verdict, Verdict::AnswerAsUas);
}

TEST(RequestValidation, OptionsToAUserAtZeroIs483) {
  auto m = parseSample(
      "OPTIONS sip:bob@biloxi.example.com SIP/2.0\n"
      "Via: SIP/2.0/UDP client.atlanta.example.com;branch=z9hG4bKopt2\n"
      "Max-Forwards: 0\n"
      "From: <sip:alice@atlanta.example.com>;tag=1\n"
      "To: <sip:bob@biloxi.example.com>\n"
      "Call-ID: opt2\n"
      "CSeq: 1 OPTIONS\n"
      "\n");
  EXPECT_EQ(check(m).reply.status, 483);
}

TEST(RequestValidation, SameRequestComingBackIsALoop) {
  SystemRandom random{1};
  auto original = parseSample(inviteText());
  std::string sent = forwardedByUs(original, "sip:bob@biloxi.example.com", random);
  auto back = forwardedBack(sent, "sip:bob@biloxi.example.com");
  RequestCheck c = check(back);
  EXPECT_EQ(c.verdict, Verdict::Reject);
  EXPECT_EQ(c.reply.status, 482);
  EXPECT_TRUE(hasLooped(back, atlantaProxy().predicate()));
}

TEST(RequestValidation, SpiralWithAnotherRequestUriIsNoLoop) {
  // §16.3 step 4: the request passes us again, but retargeted (e.g. a call forwarding rule
  // downstream); the hash over the new Request-URI differs.
  SystemRandom random{2};
  auto original = parseSample(inviteText());
  std::string sent = forwardedByUs(original, "sip:bob@biloxi.example.com", random);
  auto back = forwardedBack(sent, "sip:carol@chicago.example.com");
  EXPECT_EQ(check(back).verdict, Verdict::Forward);
}

TEST(RequestValidation, LoopDetectionCanBeSwitchedOff) {
  SystemRandom random{3};
  auto original = parseSample(inviteText());
  auto back = forwardedBack(forwardedByUs(original, "sip:bob@biloxi.example.com", random), "sip:bob@biloxi.example.com");
  ValidationPolicy policy;
  policy.loopDetection = false;
  EXPECT_EQ(check(back, policy).verdict, Verdict::Forward);
}

TEST(RequestValidation, SameHashUnderAnotherSentByIsNoLoop) {
  // The branch of a Via that is not ours proves nothing, whatever it contains.
  auto original = parseSample(inviteText());
  std::string branch = "z9hG4bK" + loopDetectionHash(original) + ".abc";
  syntax::MessageEdits edits;
  edits.prepend(HeaderId::Via, viaValue(txn::TransportKind::Udp, "192.0.2.99", 5060, branch));
  auto m = syntax::parseMessage(applied(original, edits));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(check(*m).verdict, Verdict::Forward);
}

TEST(RequestValidation, OurViaFurtherDownTheListIsFound) {
  // Our Via sits inside a comma-separated Via line below others.
  SystemRandom random{4};
  auto original = parseSample(inviteText());
  std::string branch = makeBranch(loopDetectionHash(original), random);
  syntax::MessageEdits edits;
  edits.prepend(HeaderId::Via, "SIP/2.0/TCP p9.example.com;branch=z9hG4bKp9, " +
                                   viaValue(txn::TransportKind::Udp, "192.0.2.10", 5060, branch));
  auto m = syntax::parseMessage(applied(original, edits));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(check(*m).reply.status, 482);
}

TEST(RequestValidation, UnknownProxyRequireIs420WithUnsupported) {
  ValidationPolicy policy;
  policy.proxySupported = {"path"};
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com", "Proxy-Require: foo, path\nProxy-Require: bar\n"));
  RequestCheck c = check(m, policy);
  EXPECT_EQ(c.verdict, Verdict::Reject);
  EXPECT_EQ(c.reply.status, 420);
  EXPECT_EQ(c.reply.headers, "Unsupported: foo, bar\r\n");
}

TEST(RequestValidation, SupportedProxyRequirePasses) {
  ValidationPolicy policy;
  policy.proxySupported = {"path"};
  EXPECT_EQ(check(parseSample(inviteText("sip:bob@biloxi.example.com", "Proxy-Require: PATH\n")), policy).verdict,
            Verdict::Forward);
}

TEST(RequestValidation, ChecksComeInTheRfcOrder) {
  // Max-Forwards (step 3) is checked before Proxy-Require (step 5).
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com", "Proxy-Require: foo\n", "Max-Forwards: 0\n"));
  EXPECT_EQ(check(m).reply.status, 483);
}

}  // namespace
}  // namespace parley::tu
