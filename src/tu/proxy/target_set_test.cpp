// SPDX-License-Identifier: MIT
// RFC 3261 §16.5 / §16.6: the target set from an AOR's bindings, grouped by q-value.
#include "tu/proxy/target_set.hpp"

#include <gtest/gtest.h>

namespace parley::tu {
namespace {

location::Binding binding(std::string contact, std::int16_t q = -1, std::vector<std::string> path = {}) {
  location::Binding b;
  b.aor = "sip:bob@biloxi.example.com";
  b.contact = std::move(contact);
  b.q = q;
  b.path = std::move(path);
  return b;
}

std::vector<std::string> uris(const TargetSet& set) {
  std::vector<std::string> out;
  for (const Target& t : set.targets()) out.push_back(t.uri);
  return out;
}

TEST(TargetSet, NoBindingsNoTargets) {
  TargetSet set = TargetSet::fromBindings({});
  EXPECT_TRUE(set.empty());
  EXPECT_TRUE(set.groups().empty());
}

TEST(TargetSet, HighestQFirstEqualQInOneGroup) {
  TargetSet set = TargetSet::fromBindings({binding("sip:bob@desk.example.com", 500),
                                           binding("sip:bob@mobile.example.com", 1000),
                                           binding("sip:bob@soft.example.com", 500),
                                           binding("sip:bob@voicemail.example.com", 100)});
  EXPECT_EQ(uris(set), (std::vector<std::string>{"sip:bob@mobile.example.com", "sip:bob@desk.example.com",
                                                 "sip:bob@soft.example.com", "sip:bob@voicemail.example.com"}));
  ASSERT_EQ(set.groups().size(), 3u);
  EXPECT_EQ(set.groups()[0].first, 0u);
  EXPECT_EQ(set.groups()[0].count, 1u);
  EXPECT_EQ(set.groups()[1].first, 1u);
  EXPECT_EQ(set.groups()[1].count, 2u);
  EXPECT_EQ(set.groups()[1].q, 500);
  EXPECT_EQ(set.groups()[2].first, 3u);
  EXPECT_EQ(set.groups()[2].count, 1u);
}

TEST(TargetSet, ContactWithoutQCountsAsOne) {
  TargetSet set = TargetSet::fromBindings({binding("sip:bob@a.example.com", 1000), binding("sip:bob@b.example.com"),
                                           binding("sip:bob@c.example.com", 999)});
  ASSERT_EQ(set.groups().size(), 2u);
  EXPECT_EQ(set.groups()[0].count, 2u);
  EXPECT_EQ(set.targets()[1].q, 1000);
  EXPECT_EQ(set.targets()[2].uri, "sip:bob@c.example.com");
}

TEST(TargetSet, EqualUrisAreOneTargetTheHigherQKept) {
  // §19.1.4: host case-insensitive, default port not equal to an explicit one, parameters
  // compared when both have them.
  TargetSet set = TargetSet::fromBindings({binding("sip:bob@Desk.Example.com;transport=tcp", 300),
                                           binding("sip:bob@desk.example.com;transport=TCP", 800),
                                           binding("sip:bob@desk.example.com:5060;transport=tcp", 300)});
  EXPECT_EQ(uris(set), (std::vector<std::string>{"sip:bob@desk.example.com;transport=TCP",
                                                 "sip:bob@desk.example.com:5060;transport=tcp"}));
  EXPECT_EQ(set.targets()[0].q, 800);
}

TEST(TargetSet, PathBecomesThePreloadedRouteAndTheFlowIsKept) {
  location::Binding b = binding("sip:bob@192.0.2.44:5062", -1, {"<sip:edge1.example.com;lr>", "<sip:edge2.example.com;lr>"});
  b.flow = location::FlowRef{2, "198.51.100.7", 49152, 42, "node-a"};
  TargetSet set = TargetSet::fromBindings({b, binding("sip:bob@192.0.2.45")});
  ASSERT_EQ(set.targets().size(), 2u);
  const Target& t = set.targets()[0];
  EXPECT_EQ(t.routes, (std::vector<std::string>{"<sip:edge1.example.com;lr>", "<sip:edge2.example.com;lr>"}));
  ASSERT_TRUE(t.flow.has_value());
  EXPECT_EQ(t.flow->connection, 42u);
  EXPECT_EQ(t.flow->address, "198.51.100.7");
  EXPECT_FALSE(set.targets()[1].flow.has_value());
  EXPECT_TRUE(set.targets()[1].routes.empty());
}

TEST(TargetSet, UnparsableContactIsDropped) {
  TargetSet set = TargetSet::fromBindings({binding("sip:"), binding("sip:bob@ok.example.com")});
  EXPECT_EQ(uris(set), (std::vector<std::string>{"sip:bob@ok.example.com"}));
}

TEST(TargetSet, ManyShortUrisStayComparable) {
  // Short URIs live inside their std::string; the set must compare against the stored copies.
  std::vector<Target> targets;
  for (int i = 0; i < 40; ++i) {
    Target t;
    t.uri = "sip:h" + std::to_string(i % 20);
    targets.push_back(std::move(t));
  }
  TargetSet set(std::move(targets));
  EXPECT_EQ(set.targets().size(), 20u);
  ASSERT_EQ(set.groups().size(), 1u);
  EXPECT_EQ(set.groups()[0].count, 20u);
}

}  // namespace
}  // namespace parley::tu
