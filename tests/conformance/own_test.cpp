// SPDX-License-Identifier: MIT
// Our own conformance cases: own/<name>.md holds the raw message and the expectation.
#include <gtest/gtest.h>

#include <cctype>

#include "app/parse_command.hpp"
#include "case_files.hpp"
#include "expectation.hpp"
#include "expectation_check.hpp"

namespace parley::conformance {
namespace {

std::vector<std::string> ownCases() {
  auto stems = caseStems(conformanceDir() / "own");
  return {stems.begin(), stems.end()};
}

class OwnCase : public ::testing::TestWithParam<std::string> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OwnCase);

TEST_P(OwnCase, MatchesExpectation) {
  auto expected = loadExpectation(conformanceDir() / "own" / (GetParam() + ".md"));
  ASSERT_TRUE(expected) << expected.error();
  ASSERT_TRUE(expected->message) << GetParam() << ".md has no fenced message block";
  app::ParseReport report = app::describeMessage(*expected->message);
  for (const std::string& problem : checkExpectation(*expected, report)) ADD_FAILURE() << GetParam() << ": " << problem;
}

INSTANTIATE_TEST_SUITE_P(Messages, OwnCase, ::testing::ValuesIn(ownCases()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(MessageBlock, DecodesEscapesAndLineEndings) {
  auto crlf = decodeMessageBlock({"A\\x00\\\\", "\\[3*z]", ""}, false);
  ASSERT_TRUE(crlf) << crlf.error();
  EXPECT_EQ(*crlf, std::string("A\0\\\r\nzzz\r\n\r\n", 12));
  auto lf = decodeMessageBlock({"a", ""}, true);
  ASSERT_TRUE(lf);
  EXPECT_EQ(*lf, "a\n\n");
  EXPECT_FALSE(decodeMessageBlock({"\\q"}, false));
}

}  // namespace
}  // namespace parley::conformance
