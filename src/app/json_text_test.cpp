// SPDX-License-Identifier: MIT
#include "app/json_text.hpp"

#include <gtest/gtest.h>

namespace parley::app {
namespace {

TEST(Utf8Text, WellFormedUtf8PassesThrough) {
  EXPECT_EQ(utf8Text("plain"), "plain");
  EXPECT_EQ(utf8Text("\xD0\xBD\xD0\xBE"), "\xD0\xBD\xD0\xBE");      // "но"
  EXPECT_EQ(utf8Text("\xE5\xA4\xA7"), "\xE5\xA4\xA7");              // 大
  EXPECT_EQ(utf8Text("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");      // U+1F600
  EXPECT_EQ(utf8Text(std::string_view("a\0b", 3)), std::string("a\0b", 3));
}

TEST(Utf8Text, EveryOtherOctetBecomesU00HH) {
  EXPECT_EQ(utf8Text("\xE9"), "\xC3\xA9");                  // lone Latin-1 é
  EXPECT_EQ(utf8Text("a\xFF" "b"), "a\xC3\xBF" "b");
  EXPECT_EQ(utf8Text("\xC0\xAF"), "\xC3\x80\xC2\xAF");      // overlong '/'
  EXPECT_EQ(utf8Text("\xED\xA0\x80"), "\xC3\xAD\xC2\xA0\xC2\x80");  // surrogate D800
  EXPECT_EQ(utf8Text("\xE5\xA4"), "\xC3\xA5\xC2\xA4");      // truncated sequence
}

TEST(Utf8Text, ResultAlwaysDumps) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  nlohmann::ordered_json j = jsonText(all);
  EXPECT_NO_THROW((void)j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict));
}

}  // namespace
}  // namespace parley::app
