// SPDX-License-Identifier: MIT
#include "syntax/message_parser.hpp"

#include <gtest/gtest.h>

#include "syntax/test_util.hpp"

namespace parley::syntax {
namespace {

using testing::crlf;
using testing::kRegister;
using testing::parse;

TEST(MessageParser, RequestEssentials) {
  auto m = parse(kRegister);
  ASSERT_TRUE(m) << m.error().reasonPhrase();
  EXPECT_TRUE(m->isRequest());
  EXPECT_EQ(m->method(), Method::Register);
  EXPECT_EQ(m->requestUri().scheme, UriScheme::Sips);
  EXPECT_EQ(m->requestUri().host, "ss2.biloxi.example.com");
  EXPECT_EQ(m->topVia().transport, "TLS");
  EXPECT_EQ(m->topVia().branch, "z9hG4bKnashds7");
  EXPECT_EQ(m->from().tag, "a73kszlfl");
  EXPECT_EQ(m->to().tag, "");
  EXPECT_EQ(m->to().addr.uri.user, "bob");
  EXPECT_EQ(m->callId(), "1j9FpLxk3uxtm8tn@biloxi.example.com");
  EXPECT_EQ(m->cseq().number, 1u);
  EXPECT_EQ(m->cseq().method, Method::Register);
  EXPECT_EQ(m->maxForwards(), 70);
  EXPECT_EQ(m->contentLength(), 0u);
  EXPECT_EQ(m->headers().size(), 8u);
  EXPECT_EQ(m->body(), "");
}

TEST(MessageParser, ViewsPointIntoThePinnedBuffer) {
  auto m = parse(kRegister);
  ASSERT_TRUE(m);
  const std::string& buf = *m->buffer();
  for (const HeaderField& h : m->headers()) {
    EXPECT_GE(h.value.data(), buf.data());
    EXPECT_LE(h.value.data() + h.value.size(), buf.data() + buf.size());
  }
  SipMessage copy = *m;  // copies share the buffer; views stay valid after the original dies
  m = parseMessage(std::string("junk"));
  EXPECT_EQ(copy.from().tag, "a73kszlfl");
}

TEST(MessageParser, Response) {
  auto m = parse("SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP a.com;branch=z9hG4bK1\nFrom: <sip:a@a.com>;tag=1\n"
                 "To: <sip:b@b.com>;tag=2\nCall-ID: x\nCSeq: 5 INVITE\nContent-Length: 0\n\n");
  ASSERT_TRUE(m) << m.error().reasonPhrase();
  EXPECT_TRUE(m->isResponse());
  EXPECT_EQ(m->statusCode(), 180);
  EXPECT_EQ(m->reasonPhrase(), "Ringing");
  EXPECT_EQ(m->cseq().method, Method::Invite);
}

TEST(MessageParser, FoldingCompactFormsAndLws) {
  auto m = parse("OPTIONS sip:a@b.com SIP/2.0\nv: SIP/2.0/UDP h.com;branch=z9hG4bK1\nf: <sip:c@d.com>\n ;tag=9\n"
                 "t:sip:a@b.com\ni:  abc@def \nCSEQ :  7\n\tOPTIONS\nl: 0\nX-Unknown:   kept  as\n  is\n\n");
  ASSERT_TRUE(m) << m.error().reasonPhrase();
  EXPECT_EQ(m->from().tag, "9");
  EXPECT_EQ(m->callId(), "abc@def");
  EXPECT_EQ(m->cseq().number, 7u);
  EXPECT_EQ(m->cseq().method, Method::Options);
  const HeaderField* x = m->find(HeaderId::Unknown);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->name, "X-Unknown");
  EXPECT_EQ(x->value, "kept  as\r\n  is");
  EXPECT_EQ(x->line, "X-Unknown:   kept  as\r\n  is");
}

TEST(MessageParser, BareLineFeedsAccepted) {
  std::string lf(kRegister);
  auto m = parseMessage(lf);
  ASSERT_TRUE(m) << m.error().reasonPhrase();
  EXPECT_EQ(m->cseq().method, Method::Register);
}

TEST(MessageParser, LeadingCrlfIgnored) {
  auto m = parseMessage("\r\n\r\n" + crlf(kRegister));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->method(), Method::Register);
}

TEST(MessageParser, DatagramBodyFraming) {
  std::string base = crlf(
      "MESSAGE sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:c@d>;tag=1\nTo: <sip:a@b.com>\n"
      "Call-ID: 1\nCSeq: 1 MESSAGE\n");
  auto exact = parseMessage(base + "Content-Length: 5\r\n\r\nhello");
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->body(), "hello");
  auto extra = parseMessage(base + "Content-Length: 5\r\n\r\nhello world");  // §18.3: excess ignored
  ASSERT_TRUE(extra);
  EXPECT_EQ(extra->body(), "hello");
  EXPECT_EQ(extra->bytes().substr(extra->bytes().size() - 5), "hello");
  auto none = parseMessage(base + "\r\nbody to the end");  // no Content-Length on UDP
  ASSERT_TRUE(none);
  EXPECT_EQ(none->body(), "body to the end");
  auto shortfall = parseMessage(base + "Content-Length: 50\r\n\r\nhello");
  ASSERT_FALSE(shortfall);
  EXPECT_EQ(shortfall.error().where, "Content-Length");
  auto stream = parseMessage(base + "Content-Length: 5\r\n\r\nhello!", Framing::Stream);
  EXPECT_FALSE(stream);
}

TEST(MessageParser, ErrorsNameHeaderReasonAndOffset) {
  std::string text = crlf(kRegister);
  std::string bad = text;
  bad.replace(bad.find("CSeq: 1 REGISTER"), 16, "CSeq: x REGISTER");
  auto m = parseMessage(bad);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().where, "CSeq");
  EXPECT_EQ(m.error().status, 400);
  EXPECT_EQ(m.error().offset, bad.find("x REGISTER"));
  EXPECT_EQ(m.error().reasonPhrase(), "Bad CSeq: missing sequence number");
}

TEST(MessageParser, ErrorOffsetsCountSkippedLeadingCrlfs) {
  std::string bad = "\r\n\r\n" + crlf("OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\n"
                                     "To: <sip:a@b>\nCall-ID: 1\nCSeq: 1 INVITE\n\n");
  auto m = parseMessage(bad);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().offset, bad.find("1 INVITE"));
}

TEST(MessageParser, StartLineErrors) {
  auto v = parse("OPTIONS sip:a@b.com SIP/3.0\nVia: SIP/2.0/UDP h\n\n");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().status, 505);
  EXPECT_FALSE(parse("OPTIONS  sip:a@b.com SIP/2.0\n\n"));
  EXPECT_FALSE(parse("OPTIONS sip:a@b.com SIP/2.0 \n\n"));
  EXPECT_FALSE(parse("OPTIONS <sip:a@b.com> SIP/2.0\n\n"));
  EXPECT_FALSE(parse("OPTIONS sip:a@b.com?x=y SIP/2.0\n\n"));
  EXPECT_FALSE(parse("OPTIONS sip:a@b.com\n\n"));
  EXPECT_FALSE(parse("SIP/2.0 4294967301 big\n\n"));
  EXPECT_FALSE(parse("SIP/2.0 099 low\n\n"));
  EXPECT_FALSE(parse("SIP/2.0 20 short\n\n"));
  EXPECT_FALSE(parse("SIP/2.0 200OK\n\n"));
  EXPECT_FALSE(parse("INV@TE sip:a@b.com SIP/2.0\n\n"));
  EXPECT_FALSE(parseMessage(std::string("")));
  EXPECT_FALSE(parseMessage(std::string("\r\n\r\n")));
}

TEST(MessageParser, MandatoryAndSingleHeaders) {
  auto missing = parse("OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nCall-ID: 1\nCSeq: 1 OPTIONS\n\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().where, "To");
  EXPECT_EQ(missing.error().code, Errc::Missing);
  auto twice = parse("OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\n"
                     "To: <sip:c@b>\nCall-ID: 1\nCSeq: 1 OPTIONS\n\n");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::Conflict);
  auto mismatch = parse("OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\n"
                        "Call-ID: 1\nCSeq: 1 INVITE\n\n");
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().where, "CSeq");
}

TEST(MessageParser, ScalarLimits) {
  std::string head = "OPTIONS sip:a@b.com SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@b>;tag=1\nTo: <sip:a@b>\nCall-ID: 1\n";
  EXPECT_FALSE(parse(head + "CSeq: 2147483648 OPTIONS\n\n"));
  EXPECT_TRUE(parse(head + "CSeq: 2147483647 OPTIONS\n\n"));
  EXPECT_FALSE(parse(head + "CSeq: 1 OPTIONS\nMax-Forwards: 256\n\n"));
  EXPECT_TRUE(parse(head + "CSeq: 1 OPTIONS\nMax-Forwards: 0068\n\n"));
  EXPECT_FALSE(parse(head + "CSeq: 1 OPTIONS\nContent-Length: -1\n\n"));
  EXPECT_FALSE(parse(head + "CSeq: 1 OPTIONS\nContent-Length: 99999999999999999999\n\n"));
}

TEST(MessageParser, SizeAndHeaderCountLimits) {
  std::string big = crlf(kRegister);
  big.insert(big.find("Content-Length"), "X-Pad: " + std::string(70000, 'a') + "\r\n");
  auto tooBig = parseMessage(big);
  ASSERT_FALSE(tooBig);
  EXPECT_EQ(tooBig.error().status, 513);
  ParseLimits roomy;
  roomy.maxMessageSize = 128 * 1024;
  EXPECT_TRUE(parseMessage(big, Framing::Datagram, roomy));

  std::string many = crlf(kRegister);
  std::string pads;
  for (int i = 0; i < 300; ++i) pads += "X-H: v\r\n";
  many.insert(many.find("Content-Length"), pads);
  auto tooMany = parseMessage(many);
  ASSERT_FALSE(tooMany);
  EXPECT_EQ(tooMany.error().code, Errc::TooLarge);
}

TEST(MessageParser, HeaderLineErrors) {
  std::string head = "OPTIONS sip:a@b.com SIP/2.0\n";
  EXPECT_FALSE(parse(head + " folded-first: x\n\n"));
  EXPECT_FALSE(parse(head + "NoColon\n\n"));
  EXPECT_FALSE(parse(head + "Bad Name: x\n\n"));
  EXPECT_FALSE(parse(head + ": novalue\n\n"));
  EXPECT_FALSE(parseMessage(std::string("OPTIONS sip:a@b.com SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n")));  // no empty line
}

}  // namespace
}  // namespace parley::syntax
