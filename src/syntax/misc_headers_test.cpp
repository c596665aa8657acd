// SPDX-License-Identifier: MIT
#include "syntax/misc_headers.hpp"

#include <gtest/gtest.h>

#include "syntax/test_util.hpp"
#include "syntax/validate.hpp"

namespace parley::syntax {
namespace {

TEST(TokenList, RequireSupportedAcrossLines) {
  auto m = testing::parse(
      "OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: 1\n"
      "CSeq: 1 OPTIONS\nSupported: path, outbound\nk: gruu\nSupported:\nRequire: 100rel\nProxy-Require: foo ,bar\n\n");
  ASSERT_TRUE(m) << m.error().reasonPhrase();
  auto supported = parseTokenList(*m, HeaderId::Supported);
  ASSERT_TRUE(supported);
  EXPECT_EQ(*supported, (std::vector<std::string_view>{"path", "outbound", "gruu"}));
  EXPECT_EQ(parseTokenList(*m, HeaderId::ProxyRequire)->size(), 2u);
  EXPECT_TRUE(parseTokenList(*m, HeaderId::Unsupported)->empty());
}

TEST(TokenList, Rejects) {
  auto m = testing::parse(
      "OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: 1\n"
      "CSeq: 1 OPTIONS\nRequire: a b\nSupported: a,,b\n\n");
  ASSERT_TRUE(m);
  EXPECT_FALSE(parseTokenList(*m, HeaderId::Require));
  EXPECT_FALSE(parseTokenList(*m, HeaderId::Supported));
  EXPECT_FALSE(validateMessage(*m));
}

TEST(MediaType, TypeSubtypeParams) {
  auto t = parseMediaType("multipart/mixed;boundary=unique-boundary-1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->type, "multipart");
  EXPECT_EQ(t->subtype, "mixed");
  EXPECT_EQ(t->params, ";boundary=unique-boundary-1");
  EXPECT_TRUE(parseMediaType("application/sdp"));
  EXPECT_FALSE(parseMediaType("application"));
  EXPECT_FALSE(parseMediaType("application/"));
  EXPECT_FALSE(parseMediaType("text/plain;charset"));
}

TEST(Date, Rfc1123RoundTrip) {
  auto t = parseDate("Sat, 13 Nov 2010 23:29:00 GMT");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, 1289690940);
  std::string out;
  formatDate(*t, out);
  EXPECT_EQ(out, "Sat, 13 Nov 2010 23:29:00 GMT");
  out.clear();
  formatDate(0, out);
  EXPECT_EQ(out, "Thu, 01 Jan 1970 00:00:00 GMT");
  out.clear();
  formatDate(1795478400, out);  // 2026-11-24
  EXPECT_EQ(out, "Tue, 24 Nov 2026 00:00:00 GMT");
}

TEST(Date, Rejects) {
  EXPECT_FALSE(parseDate("Fri, 01 Jan 2010 16:00:00 EST"));
  EXPECT_FALSE(parseDate("Fri, 1 Jan 2010 16:00:00 GMT"));
  EXPECT_FALSE(parseDate("Xyz, 01 Jan 2010 16:00:00 GMT"));
  EXPECT_FALSE(parseDate("Fri, 01 Foo 2010 16:00:00 GMT"));
  EXPECT_FALSE(parseDate("Fri, 01 Jan 2010 25:00:00 GMT"));
}

TEST(RetryAfter, SecondsCommentParams) {
  EXPECT_EQ(parseRetryAfter("18000;duration=3600"), 18000u);
  EXPECT_EQ(parseRetryAfter("120 (I'm in a meeting)"), 120u);
  EXPECT_EQ(parseRetryAfter("949302838503028349304023988"), 0xffffffffu);
  EXPECT_FALSE(parseRetryAfter("soon"));
  EXPECT_FALSE(parseRetryAfter("10 (unterminated"));
}

}  // namespace
}  // namespace parley::syntax
