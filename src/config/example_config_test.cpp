// SPDX-License-Identifier: MIT
// The documented example configuration must stay loadable: every key it shows is a real key with a
// valid value (a stale example is how operators get "unknown key" on their first start).
#include <gtest/gtest.h>

#include "config/config_loader.hpp"

namespace parley::config {
namespace {

TEST(ExampleConfig, LoadsAndShowsTheDefaults) {
  ServerConfig c = ConfigLoader::load(PARLEY_EXAMPLE_CONFIG);
  ServerConfig defaults;
  EXPECT_EQ(c.listen, defaults.listen);
  EXPECT_EQ(c.domains, std::vector<std::string>{"example.com"});
  EXPECT_EQ(c.registrar.defaultExpires, defaults.registrar.defaultExpires);
  EXPECT_EQ(c.registrar.minExpires, defaults.registrar.minExpires);
  EXPECT_EQ(c.registrar.maxExpires, defaults.registrar.maxExpires);
  EXPECT_EQ(c.registrar.maxContacts, defaults.registrar.maxContacts);
  EXPECT_EQ(c.registrar.overflow, defaults.registrar.overflow);
  EXPECT_EQ(c.auth.algorithms, defaults.auth.algorithms);
  EXPECT_EQ(c.auth.qop, defaults.auth.qop);
  EXPECT_EQ(c.auth.nonceLifetime, defaults.auth.nonceLifetime);
  EXPECT_EQ(c.location.durability, defaults.location.durability);
  EXPECT_EQ(c.transport.maxMessageSize, defaults.transport.maxMessageSize);
  EXPECT_EQ(c.timers.t1, defaults.timers.t1);
}

}  // namespace
}  // namespace parley::config
