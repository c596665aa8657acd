// SPDX-License-Identifier: MIT
#include "syntax/name_addr.hpp"

#include <gtest/gtest.h>

namespace parley::syntax {
namespace {

TEST(NameAddr, QuotedDisplayNameWithEscapes) {
  auto f = parseFromTo("\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8", "From");
  ASSERT_TRUE(f) << f.error().reasonPhrase();
  EXPECT_EQ(f->addr.display(), "J Rosenberg \\\"");
  EXPECT_EQ(f->addr.uri.user, "jdrosen");
  EXPECT_EQ(f->tag, "98asjd8");
  EXPECT_TRUE(f->addr.angleBrackets);
}

TEST(NameAddr, TokenDisplayNameWithoutSpaceBeforeBracket) {
  auto f = parseFromTo("caller<sip:caller@example.com>;tag=323", "From");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->addr.displayName, "caller");
  EXPECT_EQ(f->tag, "323");
  auto g = parseFromTo("A. G. Bell <sip:a.g.bell@example.com>", "From");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->addr.display(), "A. G. Bell");
}

// §20: without <>, parameters after the URI are header parameters, not URI parameters.
TEST(NameAddr, AddrSpecParamsBelongToTheHeader) {
  auto t = parseFromTo("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n", "To");
  ASSERT_TRUE(t) << t.error().reasonPhrase();
  EXPECT_EQ(t->tag, "1918181833n");
  EXPECT_TRUE(t->addr.uri.params.empty());
  auto c = parseFromTo("<sip:+19725552222@gw1.example.net;unknownparam>", "To");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->addr.uri.param("unknownparam"), "");
  EXPECT_TRUE(c->addr.params.empty());
  auto d = parseFromTo("sip:+19725552222@gw1.example.net;unknownparam", "To");
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->addr.uri.param("unknownparam"));
  EXPECT_EQ(d->addr.param("unknownparam"), "");
}

TEST(NameAddr, QuotedParamValues) {
  auto f = parseFromTo("<sip:a@b.com>;x=\"quoted ; value\";tag=1", "From");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->addr.param("x"), "\"quoted ; value\"");
  EXPECT_EQ(f->tag, "1");
}

TEST(NameAddr, Rejects) {
  EXPECT_FALSE(parseFromTo("\"Mr. J. User <sip:j.user@example.com>", "To"));  // unbalanced quote
  EXPECT_FALSE(parseFromTo("\"Watson, Thomas\" < sip:t.watson@example.org >", "To"));
  EXPECT_FALSE(parseFromTo("Bell, Alexander <sip:a.g.bell@example.com>;tag=43", "From"));
  EXPECT_FALSE(parseFromTo("sip:user@example.com?Route=%3Csip:sip.example.com%3E", "To"));
  EXPECT_FALSE(parseFromTo("<sip:joe@example.org>;;;;", "To"));
  EXPECT_FALSE(parseFromTo("<sip:joe@example.org", "To"));
  EXPECT_FALSE(parseFromTo("", "To"));
  EXPECT_FALSE(parseFromTo("<sip:a@b.com>;tag=", "To"));
  EXPECT_FALSE(parseFromTo("<sip:a@b.com> trailing", "To"));
}

TEST(NameAddr, ListStopsAtTopLevelComma) {
  Scanner s("\"a, b\" <sip:a@x.com>;q=0.5, sip:b@y.com;expires=60", "Contact");
  auto first = parseNameAddr(s, true);
  ASSERT_TRUE(first) << first.error().reasonPhrase();
  EXPECT_EQ(first->display(), "a, b");
  ASSERT_TRUE(s.separator(','));
  auto second = parseNameAddr(s, true);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->uri.host, "y.com");
  EXPECT_EQ(second->param("expires"), "60");
}

}  // namespace
}  // namespace parley::syntax
