// SPDX-License-Identifier: MIT
#include "tu/redirect/redirect_reply.hpp"

#include <gtest/gtest.h>

namespace parley::tu {
namespace {

location::Binding binding(std::string contact, std::int16_t q) {
  location::Binding b;
  b.aor = "sip:bob@biloxi.example.com";
  b.contact = std::move(contact);
  b.q = q;
  return b;
}

TEST(RedirectReply, Rfc3665_3_6_MovedTemporarilyListsContactsByQ) {
  location::BindingSet set{binding("sip:bob@192.0.2.4:5060", 500), binding("sip:bob@client.biloxi.example.com", -1),
                           binding("sip:bob@192.0.2.5:5060", 700)};
  Reply r = redirectReply(set, true);
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.headers,
            "Contact: <sip:bob@client.biloxi.example.com>\r\n"
            "Contact: <sip:bob@192.0.2.5:5060>;q=0.7\r\n"
            "Contact: <sip:bob@192.0.2.4:5060>;q=0.5\r\n");
}

TEST(RedirectReply, NoBindingsIs480ForAKnownUserAnd404Otherwise) {
  EXPECT_EQ(redirectReply({}, true).status, 480);
  EXPECT_EQ(redirectReply({}, false).status, 404);
  EXPECT_TRUE(redirectReply({}, true).headers.empty());
}

}  // namespace
}  // namespace parley::tu
