// SPDX-License-Identifier: MIT
// §10.3 step 7 on plain values: add, refresh, remove, CSeq order, RFC 5626 instances, limits.
#include "tu/registrar/binding_update.hpp"

#include <gtest/gtest.h>

namespace parley::tu {
namespace {

using location::Binding;
using location::BindingSet;

constexpr std::string_view kAor = "sip:bob@biloxi.example.com";

ContactChange contact(std::string uri, std::uint32_t expires = 3600) {
  ContactChange c;
  c.uri = std::move(uri);
  c.expires = expires;
  return c;
}

RegistrationChange request(std::vector<ContactChange> contacts, std::string callId = "call-1", std::uint32_t cseq = 1,
                           UnixSeconds now = 1000) {
  RegistrationChange r;
  r.contacts = std::move(contacts);
  r.callId = std::move(callId);
  r.cseq = cseq;
  r.now = now;
  return r;
}

BindingSet applied(const BindingSet& current, const RegistrationChange& r) {
  auto next = applyRegistration(current, kAor, r);
  EXPECT_TRUE(next.has_value()) << (next ? "" : next.error().reasonPhrase());
  return next ? *next : BindingSet{};
}

TEST(BindingUpdate, NewBindingCarriesEverythingTheRequestSaid) {
  RegistrationChange r = request({contact("sips:bob@client.biloxi.example.com", 7200)}, "c1", 5, 1000);
  r.contacts[0].q = 700;
  r.contacts[0].params = ";+sip.instance=\"<urn:uuid:1>\"";
  r.path = {"<sip:edge.example.com;lr>"};
  r.userAgent = "phone/1";
  r.flow = location::FlowRef{2, "192.0.2.101", 49152, 7, "node-a"};
  BindingSet s = applied({}, r);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].aor, kAor);
  EXPECT_EQ(s[0].contact, "sips:bob@client.biloxi.example.com");
  EXPECT_EQ(s[0].expires, 1000 + 7200);
  EXPECT_EQ(s[0].updated, 1000);
  EXPECT_EQ(s[0].q, 700);
  EXPECT_EQ(s[0].contactParams, ";+sip.instance=\"<urn:uuid:1>\"");
  EXPECT_EQ(s[0].path, std::vector<std::string>{"<sip:edge.example.com;lr>"});
  EXPECT_EQ(s[0].callId, "c1");
  EXPECT_EQ(s[0].cseq, 5u);
  EXPECT_EQ(s[0].userAgent, "phone/1");
  EXPECT_EQ(s[0].flow.connection, 7u);
}

TEST(BindingUpdate, RefreshMatchesByUriComparisonAndKeepsOthers) {
  BindingSet s = applied({}, request({contact("sip:bob@192.0.2.4"), contact("sip:bob@192.0.2.5")}));
  // §19.1.4: host case and an absent/explicit user param comparison; same URI written differently.
  BindingSet t = applied(s, request({contact("sip:bob@192.0.2.4;transport=udp", 60)}, "call-1", 2, 2000));
  // transport=udp present in only one: not equal by §19.1.4, so this is a third binding.
  EXPECT_EQ(t.size(), 3u);
  BindingSet u = applied(s, request({contact("SIP:bob@192.0.2.4", 60)}, "call-1", 2, 2000));
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].expires, 2060);
  EXPECT_EQ(u[1].expires, 1000 + 3600);
}

TEST(BindingUpdate, ExpiresZeroRemovesOneBindingAndIgnoresUnknownOnes) {
  BindingSet s = applied({}, request({contact("sip:bob@192.0.2.4"), contact("sip:bob@192.0.2.5")}));
  BindingSet t = applied(s, request({contact("sip:bob@192.0.2.4", 0), contact("sip:bob@192.0.2.99", 0)}, "call-1", 2));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].contact, "sip:bob@192.0.2.5");
}

TEST(BindingUpdate, OlderOrEqualCSeqOnTheSameCallIdFailsAndChangesNothing) {
  BindingSet s = applied({}, request({contact("sip:bob@192.0.2.4")}, "call-1", 10));
  for (std::uint32_t cseq : {10u, 9u}) {
    auto r = applyRegistration(s, kAor, request({contact("sip:bob@192.0.2.4", 60)}, "call-1", cseq));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(r.error().what, "Out-of-order CSeq");
  }
  // A different Call-ID may use any CSeq (§10.3 step 7: another UA, or the UA rebooted).
  EXPECT_EQ(applied(s, request({contact("sip:bob@192.0.2.4", 60)}, "call-2", 1))[0].callId, "call-2");
}

TEST(BindingUpdate, AllOrNothingWhenALaterContactFails) {
  BindingSet s = applied({}, request({contact("sip:bob@192.0.2.5")}, "call-1", 10));
  auto r = applyRegistration(s, kAor, request({contact("sip:bob@192.0.2.6"), contact("sip:bob@192.0.2.5")}, "call-1", 3));
  ASSERT_FALSE(r.has_value());  // the first contact alone would have been added
}

TEST(BindingUpdate, SameContactTwiceInOneRequestLastWins) {
  BindingSet s = applied({}, request({contact("sip:bob@192.0.2.4", 100), contact("sip:bob@192.0.2.4", 200)}));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].expires, 1200);
}

TEST(BindingUpdate, WildcardRemovesAllUnlessOutOfOrder) {
  BindingSet s = applied({}, request({contact("sip:bob@192.0.2.4"), contact("sip:bob@192.0.2.5")}, "call-1", 5));
  RegistrationChange star = request({}, "call-1", 4);
  star.wildcard = true;
  EXPECT_FALSE(applyRegistration(s, kAor, star).has_value());
  star.cseq = 6;
  EXPECT_TRUE(applied(s, star).empty());
}

TEST(BindingUpdate, InstanceAndRegIdReplaceTheOldContact) {
  ContactChange first = contact("sip:bob@192.0.2.4:5060");
  first.instance = "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>";
  first.regId = 1;
  BindingSet s = applied({}, request({first}, "boot-1", 1));
  // After a reboot the phone comes back from another port with a new Call-ID: same binding.
  ContactChange again = first;
  again.uri = "sip:bob@192.0.2.4:6060";
  BindingSet t = applied(s, request({again}, "boot-2", 1, 1500));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].contact, "sip:bob@192.0.2.4:6060");
  // Another reg-id of the same instance is a second flow (RFC 5626 §6).
  ContactChange second = again;
  second.regId = 2;
  EXPECT_EQ(applied(t, request({second}, "boot-2", 2)).size(), 2u);
}

TEST(BindingUpdate, TooManyContactsRejectOrDropOldest) {
  RegistrationChange r = request({contact("sip:a@h1"), contact("sip:a@h2")}, "c", 1, 1000);
  r.maxContacts = 2;
  BindingSet s = applied({}, r);
  RegistrationChange more = request({contact("sip:a@h3")}, "c", 2, 1100);
  more.maxContacts = 2;
  more.overflow = BindingOverflow::Reject;
  auto rejected = applyRegistration(s, kAor, more);
  ASSERT_FALSE(rejected.has_value());
  EXPECT_EQ(rejected.error().status, 403);
  s[1].updated = 900;  // h2 is now the oldest
  more.overflow = BindingOverflow::DropOldest;
  BindingSet t = applied(s, more);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].contact, "sip:a@h1");
  EXPECT_EQ(t[1].contact, "sip:a@h3");
  // A request that alone brings too many cannot be satisfied by dropping others.
  RegistrationChange flood = request({contact("sip:a@x1"), contact("sip:a@x2"), contact("sip:a@x3")}, "d", 1);
  flood.maxContacts = 2;
  EXPECT_EQ(applyRegistration({}, kAor, flood).error().status, 403);
}

}  // namespace
}  // namespace parley::tu
