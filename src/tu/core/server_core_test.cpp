// SPDX-License-Identifier: MIT
// The server core driven through a real TransactionTable with a fake clock and transport.
#include "tu/core/server_core.hpp"

#include <gtest/gtest.h>

#include "fake_loop.hpp"
#include "recording_transport.hpp"
#include "sip_samples.hpp"
#include "syntax/message_parser.hpp"

namespace parley::tu {
namespace {

using test::RequestSpec;
using test::SampleMessages;

struct CoreHarness {
  test::FakeLoop loop;
  test::RecordingTransport transport{loop.clock()};
  SystemRandom random{42};
  CoreConfig config{{"biloxi.example.com"}, {"192.0.2.4"}, "Parley/test", {}, {}};
  ServerCore core{config, random};
  txn::TransactionTable table{loop.clock(), loop.wheel(), transport, core};
  txn::TransportTarget source = txn::TransportTarget::of(txn::TransportKind::Udp, "198.51.100.7", 5070);

  CoreHarness() { core.attach(table); }

  // Sends `spec` in and returns the parsed response the core sent back.
  syntax::SipMessage answer(const RequestSpec& spec, std::string_view extraHeaders = "") {
    std::string text = SampleMessages::requestText(spec);
    text.insert(text.find("\r\n") + 2, extraHeaders);
    table.receive(SampleMessages::parse(text), source);
    EXPECT_GE(transport.count(), 1u);
    return SampleMessages::parse(transport.last().bytes);
  }
};

RequestSpec options(std::string uri) {
  RequestSpec spec = test::specFor("OPTIONS");
  spec.uri = std::move(uri);
  return spec;
}

const syntax::HeaderField* header(const syntax::SipMessage& m, syntax::HeaderId id) { return m.find(id); }

TEST(ServerCore, OptionsToTheServerGets200WithCapabilities) {
  CoreHarness h;
  syntax::SipMessage r = h.answer(options("sip:biloxi.example.com"));
  EXPECT_EQ(r.statusCode(), 200);
  ASSERT_NE(header(r, syntax::HeaderId::Allow), nullptr);
  EXPECT_EQ(header(r, syntax::HeaderId::Allow)->value, "OPTIONS, ACK, CANCEL");
  EXPECT_NE(header(r, syntax::HeaderId::Accept), nullptr);
  EXPECT_NE(header(r, syntax::HeaderId::Supported), nullptr);
  EXPECT_EQ(header(r, syntax::HeaderId::Server)->value, "Parley/test");
  EXPECT_EQ(r.to().tag.size(), 10u);
  // §18.2.1: the sent-by host differs from the source, so received is added.
  EXPECT_EQ(r.topVia().received, "198.51.100.7");
  // The response goes back where the request came from.
  EXPECT_EQ(h.transport.last().target, h.source);
  EXPECT_EQ(h.core.stats().requests, 1u);
}

TEST(ServerCore, OptionsByAddressAndIpv6Brackets) {
  CoreHarness h;
  EXPECT_EQ(h.answer(options("sip:192.0.2.4:5060")).statusCode(), 200);
  h.config.addresses.push_back("2001:db8::4");
  RequestSpec v6 = options("sip:[2001:db8::4]");
  v6.branch = "z9hG4bKv6";
  EXPECT_EQ(h.answer(v6).statusCode(), 200);
}

TEST(ServerCore, RetransmittedOptionsAnsweredFromTheTransaction) {
  CoreHarness h;
  h.answer(options("sip:biloxi.example.com"));
  std::string first = h.transport.last().bytes;
  h.table.receive(SampleMessages::request(options("sip:biloxi.example.com")), h.source);
  EXPECT_EQ(h.transport.count(), 2u);
  EXPECT_EQ(h.transport.last().bytes, first);  // same To tag: not reprocessed
  EXPECT_EQ(h.core.stats().requests, 1u);
}

TEST(ServerCore, Section8Answers) {
  CoreHarness h;
  RequestSpec unknown = test::specFor("FOO");
  unknown.branch = "z9hG4bK1";
  EXPECT_EQ(h.answer(unknown).statusCode(), 501);

  RequestSpec invite = test::specFor("INVITE");
  invite.branch = "z9hG4bK2";
  syntax::SipMessage r405 = h.answer(invite);
  EXPECT_EQ(r405.statusCode(), 405);
  EXPECT_NE(header(r405, syntax::HeaderId::Allow), nullptr);

  RequestSpec elsewhere = options("sip:atlanta.example.com");
  elsewhere.branch = "z9hG4bK3";
  EXPECT_EQ(h.answer(elsewhere).statusCode(), 404);

  RequestSpec user = options("sip:carol@biloxi.example.com");
  user.branch = "z9hG4bK4";
  EXPECT_EQ(h.answer(user).statusCode(), 404);

  RequestSpec scheme = options("mailto:bob@biloxi.example.com");
  scheme.branch = "z9hG4bK5";
  EXPECT_EQ(h.answer(scheme).statusCode(), 416);

  RequestSpec require = options("sip:biloxi.example.com");
  require.branch = "z9hG4bK6";
  syntax::SipMessage r420 = h.answer(require, "Require: foo, bar\r\n");
  EXPECT_EQ(r420.statusCode(), 420);
  EXPECT_EQ(header(r420, syntax::HeaderId::Unsupported)->value, "foo, bar");

  RequestSpec cancel = test::specFor("CANCEL");
  cancel.branch = "z9hG4bK7";
  EXPECT_EQ(h.answer(cancel).statusCode(), 481);
}

TEST(ServerCore, CancelOfAnAnsweredInviteGets200) {
  CoreHarness h;
  RequestSpec invite = test::specFor("INVITE");
  EXPECT_EQ(h.answer(invite).statusCode(), 405);
  RequestSpec cancel = test::specFor("CANCEL");  // same branch as the INVITE (§9.1)
  EXPECT_EQ(h.answer(cancel).statusCode(), 200);
}

TEST(ServerCore, StrayResponsesAndAcksAreCounted) {
  CoreHarness h;
  syntax::SipMessage req = SampleMessages::request(options("sip:biloxi.example.com"));
  h.table.receive(SampleMessages::response(req, 200, "x"), h.source);
  RequestSpec ack = test::specFor("ACK");
  ack.branch = "z9hG4bKack";
  h.table.receive(SampleMessages::request(ack), h.source);
  EXPECT_EQ(h.core.stats().strayResponses, 1u);
  EXPECT_EQ(h.core.stats().strayAcks, 1u);
  EXPECT_EQ(h.transport.count(), 0u);
}

TEST(ServerCore, TransactionsDrainToZero) {
  CoreHarness h;
  for (int i = 0; i < 20; ++i) {
    RequestSpec spec = options("sip:biloxi.example.com");
    spec.branch = "z9hG4bKdrain" + std::to_string(i);
    h.answer(spec);
  }
  EXPECT_EQ(h.table.size(), 20u);
  h.loop.runFor(std::chrono::seconds(33));  // Timer J = 64*T1
  EXPECT_EQ(h.table.size(), 0u);
}

}  // namespace
}  // namespace parley::tu
