// SPDX-License-Identifier: MIT
#include "syntax/stream_framer.hpp"

#include <gtest/gtest.h>

#include "syntax/message_parser.hpp"
#include "syntax/test_util.hpp"

namespace parley::syntax {
namespace {

std::string invite(std::string_view body) {
  std::string m = testing::crlf(
      "INVITE sip:b@b.com SIP/2.0\nVia: SIP/2.0/TCP a.com;branch=z9hG4bK1\nFrom: <sip:a@a.com>;tag=1\n"
      "To: <sip:b@b.com>\nCall-ID: 1\nCSeq: 1 INVITE\nl: ");
  m += std::to_string(body.size());
  m += "\r\n\r\n";
  m += body;
  return m;
}

// Feeds `stream` to the framer in pieces of `step` bytes; returns the messages it cut out and
// counts keep-alive pings.
std::vector<std::string> drive(const std::string& stream, std::size_t step, int& pings) {
  StreamFramer framer;
  std::string buffered;
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos < stream.size(); pos += step) {
    buffered.append(stream, pos, step);
    for (;;) {
      auto f = framer.next(buffered);
      EXPECT_TRUE(f) << f.error().reasonPhrase();
      if (!f || f->kind == FrameKind::Incomplete) break;
      EXPECT_LE(f->size, buffered.size());
      if (f->kind == FrameKind::Message) out.push_back(buffered.substr(0, f->size));
      if (f->kind == FrameKind::KeepAlive) ++pings;
      buffered.erase(0, f->size);
    }
  }
  EXPECT_TRUE(buffered.empty());
  return out;
}

TEST(StreamFramer, SplitAtEveryByteBoundary) {
  std::string one = invite("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
  for (std::size_t step = 1; step <= one.size(); ++step) {
    int pings = 0;
    auto msgs = drive(one, step, pings);
    ASSERT_EQ(msgs.size(), 1u) << "step " << step;
    EXPECT_EQ(msgs[0], one);
  }
}

TEST(StreamFramer, PipelinedMessagesAndKeepAlives) {
  std::string a = invite("first");
  std::string b = invite("");
  std::string c = invite("third body");
  std::string stream = a + "\r\n\r\n" + b + c + "\r\n\r\n\r\n\r\n";
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, stream.size()}) {
    int pings = 0;
    auto msgs = drive(stream, step, pings);
    ASSERT_EQ(msgs.size(), 3u);
    EXPECT_EQ(msgs[0], a);
    EXPECT_EQ(msgs[1], b);
    EXPECT_EQ(msgs[2], c);
    EXPECT_EQ(pings, 3);
    for (const auto& m : msgs) {
      auto parsed = parseMessage(m, Framing::Stream);
      EXPECT_TRUE(parsed) << parsed.error().reasonPhrase();
    }
  }
}

TEST(StreamFramer, KeepAliveAndPong) {
  StreamFramer f;
  EXPECT_EQ(f.next("\r\n\r\n")->kind, FrameKind::KeepAlive);
  EXPECT_EQ(f.next("\r\n")->kind, FrameKind::Incomplete);
  EXPECT_EQ(f.next("\r\n\r")->kind, FrameKind::Incomplete);
  auto pong = f.next("\r\nINVITE");
  EXPECT_EQ(pong->kind, FrameKind::Pong);
  EXPECT_EQ(pong->size, 2u);
  EXPECT_FALSE(f.next("\rX"));
}

TEST(StreamFramer, MissingContentLengthMeansNoBody) {
  std::string m = testing::crlf("OPTIONS sip:b@b.com SIP/2.0\nVia: SIP/2.0/TCP a;branch=z9hG4bK1\n\n");
  auto f = StreamFramer().next(m + "NEXT");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, FrameKind::Message);
  EXPECT_EQ(f->size, m.size());
}

TEST(StreamFramer, LimitsBeforeTheBytesArrive) {
  StreamFramer f(1024);
  std::string huge = testing::crlf("INVITE sip:b@b.com SIP/2.0\nContent-Length: 5000\n\n");
  auto r = f.next(huge);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 513);
  std::string endless = "INVITE sip:b@b.com SIP/2.0\r\nX: " + std::string(2000, 'a');
  EXPECT_FALSE(f.next(endless));
  EXPECT_EQ(f.next(endless.substr(0, 500))->kind, FrameKind::Incomplete);
}

TEST(StreamFramer, BadOrDuplicateContentLengthClosesTheStream) {
  StreamFramer f;
  EXPECT_FALSE(f.next(testing::crlf("INVITE sip:b SIP/2.0\nContent-Length: -5\n\n")));
  EXPECT_FALSE(f.next(testing::crlf("INVITE sip:b SIP/2.0\nContent-Length: 1\nl: 1\n\nab")));
  auto folded = f.next(testing::crlf("INVITE sip:b SIP/2.0\ncontent-length :\n 2\n\nab"));
  ASSERT_TRUE(folded);
  EXPECT_EQ(folded->kind, FrameKind::Message);
}

}  // namespace
}  // namespace parley::syntax
