// SPDX-License-Identifier: MIT
#include "syntax/bad_request.hpp"

#include <gtest/gtest.h>

#include "syntax/message_parser.hpp"
#include "syntax/test_util.hpp"

namespace parley::syntax {
namespace {

std::optional<std::string> answer(std::string_view lfText) {
  std::string raw = testing::crlf(lfText);
  auto m = parseMessage(raw);
  EXPECT_FALSE(m) << "the sample was meant to be malformed";
  if (m) return std::nullopt;
  return buildBadRequest(raw, m.error(), "Parley");
}

TEST(BadRequest, CopiesTheMatchingHeadersAndNamesTheProblem) {
  auto bad = answer(
      "OPTIONS sip:biloxi.example.com SIP/2.0\nv: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bK1\n"
      "t: sip:j.user@example.com\nf: sip:caller@example.net;tag=1\ni: abc\nCSeq: 8x OPTIONS\nl: 0\n\n");
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, testing::crlf("SIP/2.0 400 Bad CSeq: expected LWS before method\n"
                                "v: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bK1\n"
                                "t: sip:j.user@example.com;tag=" + bad->substr(bad->find("tag=") + 4, bad->find('\r', bad->find("tag=")) - bad->find("tag=") - 4) + "\n"
                                "f: sip:caller@example.net;tag=1\ni: abc\nCSeq: 8x OPTIONS\nServer: Parley\n"
                                "Content-Length: 0\n\n"));
  auto again = answer(
      "OPTIONS sip:biloxi.example.com SIP/2.0\nv: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bK1\n"
      "t: sip:j.user@example.com\nf: sip:caller@example.net;tag=1\ni: abc\nCSeq: 8x OPTIONS\nl: 0\n\n");
  EXPECT_EQ(*again, *bad);  // same tag for a retransmission
}

TEST(BadRequest, VersionAndSizeStatuses) {
  auto v = answer("OPTIONS sip:a@b.com SIP/7.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nCall-ID: 1\nCSeq: 1 OPTIONS\n\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->substr(0, v->find('\r')), "SIP/2.0 505 Bad Start-Line: unsupported SIP version");
}

TEST(BadRequest, NeverAnswered) {
  Error e{Errc::Malformed, 400, 0, "x", "CSeq"};
  EXPECT_FALSE(buildBadRequest(testing::crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h\nCall-ID: 1\nCSeq: x\n\n"), e, ""));
  EXPECT_FALSE(buildBadRequest(testing::crlf("ACK sip:a SIP/2.0\nVia: SIP/2.0/UDP h\nCall-ID: 1\nCSeq: x\n\n"), e, ""));
  EXPECT_FALSE(buildBadRequest(testing::crlf("OPTIONS sip:a SIP/2.0\nCall-ID: 1\nCSeq: 1 OPTIONS\n\n"), e, ""));
  EXPECT_FALSE(buildBadRequest("garbage", e, ""));
  EXPECT_FALSE(buildBadRequest("", e, ""));
  EXPECT_FALSE(buildBadRequest(std::string(1000, '\n'), e, ""));
}

TEST(BadRequest, ToWithATagKeepsIt) {
  auto r = answer("BYE sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:x@y>;tag=1\n"
                  "To: <sip:a@b.com> ; TAG=77\nCall-ID: 1\nCSeq: 2 INVITE\n\n");
  ASSERT_TRUE(r);
  EXPECT_NE(r->find("To: <sip:a@b.com> ; TAG=77\r\n"), std::string::npos);
  EXPECT_NE(r->find("SIP/2.0 400 Bad CSeq: method does not match the Request-Line\r\n"), std::string::npos);
}

}  // namespace
}  // namespace parley::syntax
