// SPDX-License-Identifier: MIT
#include "syntax/contact.hpp"

#include <gtest/gtest.h>

#include "syntax/test_util.hpp"

namespace parley::syntax {
namespace {

std::string withContacts(std::string_view contactLines) {
  std::string m(
      "REGISTER sip:example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@example.com>;tag=1\n"
      "To: <sip:a@example.com>\nCall-ID: 1\nCSeq: 1 REGISTER\n");
  m += contactLines;
  m += "Content-Length: 0\n\n";
  return m;
}

// Parsed values are views into their message, so the messages parsed here are kept alive for the
// whole test program.
Result<ContactList> contactsOf(std::string_view lines, std::size_t max = 256) {
  static std::vector<SipMessage> keepAlive;
  auto m = testing::parse(withContacts(lines));
  EXPECT_TRUE(m) << (m ? "" : m.error().reasonPhrase());
  if (!m) return tl::unexpected(m.error());
  keepAlive.push_back(*m);
  return parseContacts(keepAlive.back(), max);
}

TEST(Contact, ParametersTheRegistrarUses) {
  auto c = contactsOf(
      "Contact: <sip:a@192.0.2.1:5062;transport=tcp;ob>;expires=3600;q=0.7;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1\n");
  ASSERT_TRUE(c) << c.error().reasonPhrase();
  ASSERT_EQ(c->contacts.size(), 1u);
  const Contact& k = c->contacts[0];
  EXPECT_EQ(k.expires, 3600u);
  EXPECT_EQ(k.q, 700);
  EXPECT_EQ(k.instance, "\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"");
  EXPECT_EQ(k.regId, 1u);
  EXPECT_EQ(k.addr.uri.param("transport"), "tcp");
  EXPECT_TRUE(k.addr.uri.hasParam("ob"));
}

TEST(Contact, SeveralValuesAcrossLinesAndCommas) {
  auto c = contactsOf("m: <sip:a@h1>;q=1, \"Two\" <sip:a@h2>;q=0.5\nContact: sip:a@h3;expires=0\n");
  ASSERT_TRUE(c) << c.error().reasonPhrase();
  ASSERT_EQ(c->contacts.size(), 3u);
  EXPECT_EQ(c->contacts[0].q, 1000);
  EXPECT_EQ(c->contacts[1].addr.display(), "Two");
  EXPECT_EQ(c->contacts[2].expires, 0u);
  EXPECT_FALSE(c->wildcard);
}

TEST(Contact, Wildcard) {
  auto star = contactsOf("Contact: *\n");
  ASSERT_TRUE(star);
  EXPECT_TRUE(star->wildcard);
  EXPECT_FALSE(contactsOf("Contact: *\nContact: <sip:a@h>\n"));
  EXPECT_FALSE(contactsOf("Contact: *, <sip:a@h>\n"));
}

TEST(Contact, ExpiresSaturatesAndBadValuesFail) {
  auto big = contactsOf("Contact: <sip:a@h>;expires=280297596632815\n");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->contacts[0].expires, 0xffffffffu);
  EXPECT_FALSE(contactsOf("Contact: <sip:a@h>;expires=soon\n"));
  EXPECT_FALSE(contactsOf("Contact: <sip:a@h>;q=1.5\n"));
  EXPECT_FALSE(contactsOf("Contact: <sip:a@h>;q=0.1234\n"));
  EXPECT_FALSE(contactsOf("Contact: <sip:a@h>;reg-id=0\n"));
  EXPECT_FALSE(contactsOf("Contact: <sip:a@h>,,<sip:b@h>\n"));
  EXPECT_FALSE(contactsOf("Contact: <sip:a@h>,\n"));
}

TEST(Contact, TooManyIsRefusedAsAWhole) {
  std::string lines = "Contact: <sip:a@h1>";
  for (int i = 2; i <= 10; ++i) lines += ", <sip:a@h" + std::to_string(i) + ">";
  lines += "\n";
  auto c = contactsOf(lines, 5);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Errc::TooLarge);
  EXPECT_TRUE(contactsOf(lines, 10));
}

TEST(Contact, QValues) {
  EXPECT_EQ(parseQValue("0"), 0);
  EXPECT_EQ(parseQValue("1"), 1000);
  EXPECT_EQ(parseQValue("1.000"), 1000);
  EXPECT_EQ(parseQValue("0.001"), 1);
  EXPECT_EQ(parseQValue("0.33"), 330);
  EXPECT_EQ(parseQValue("0."), 0);
  EXPECT_FALSE(parseQValue("1.001"));
  EXPECT_FALSE(parseQValue("2"));
  EXPECT_FALSE(parseQValue(".5"));
  EXPECT_FALSE(parseQValue("0.5x"));
}

TEST(NameAddrList, RouteRecordRoutePath) {
  auto m = testing::parse(withContacts(
      "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\nRoute: <sip:p3.example.com>\n"
      "Path: <sip:edge.example.com;lr;ob>\nRecord-Route: <sip:rr@192.0.2.1;lr>\n"));
  ASSERT_TRUE(m);
  auto routes = parseNameAddrList(*m, HeaderId::Route);
  ASSERT_TRUE(routes);
  ASSERT_EQ(routes->size(), 3u);
  EXPECT_EQ((*routes)[1].uri.host, "p2.example.com");
  EXPECT_TRUE((*routes)[0].uri.hasParam("lr"));
  EXPECT_FALSE((*routes)[2].uri.hasParam("lr"));
  auto path = parseNameAddrList(*m, HeaderId::Path);
  ASSERT_TRUE(path);
  EXPECT_TRUE((*path)[0].uri.hasParam("ob"));
  EXPECT_EQ(parseNameAddrList(*m, HeaderId::RecordRoute)->size(), 1u);
  auto bad = testing::parse(withContacts("Route: <sip:p1.example.com;lr\n"));
  ASSERT_TRUE(bad);
  EXPECT_FALSE(parseNameAddrList(*bad, HeaderId::Route));
}

}  // namespace
}  // namespace parley::syntax
