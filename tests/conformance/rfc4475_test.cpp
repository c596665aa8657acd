// SPDX-License-Identifier: MIT
// RFC 4475 torture messages: one test per INDEX.tsv row, checked against rfc4475/<name>.md.
#include <gtest/gtest.h>

#include <sstream>

#include "app/parse_command.hpp"
#include "case_files.hpp"
#include "expectation.hpp"
#include "expectation_check.hpp"

namespace parley::conformance {
namespace {

// One INDEX.tsv row: file, section, class, kind, title.
struct IndexRow {
  std::string file;
  std::string section;
  std::string klass;
  std::string kind;
  std::string title;
  [[nodiscard]] std::string stem() const { return file.substr(0, file.rfind('.')); }
};

// Names the row in gtest output instead of dumping its bytes.
void PrintTo(const IndexRow& row, std::ostream* os) { *os << row.file << " (" << row.section << ")"; }

std::vector<IndexRow> readIndex() {
  std::vector<IndexRow> rows;
  auto text = readFile(rfc4475Dir() / "INDEX.tsv");
  if (!text) return rows;
  std::istringstream in(*text);
  std::string line;
  std::getline(in, line);  // column names
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
    if (cols.size() == 5) rows.push_back({cols[0], cols[1], cols[2], cols[3], cols[4]});
  }
  return rows;
}

std::string missingDataMessage() {
  return "RFC 4475 messages not found: looked for " + (rfc4475Dir() / "INDEX.tsv").string() +
         ". Set PARLEY_RFC4475_DIR to the folder holding INDEX.tsv and the .dat files, or configure "
         "with -DPARLEY_SHARED_DIR=<folder containing rfc4475/>.";
}

// When the folder is absent the suite still has one (skipped) case, so the skip and its reason
// show up in the test report instead of the tests silently vanishing.
std::vector<IndexRow> rowsOrPlaceholder() {
  auto rows = readIndex();
  if (rows.empty()) rows.push_back({"missing.dat", "", "", "", ""});
  return rows;
}

class Rfc4475 : public ::testing::TestWithParam<IndexRow> {};

TEST_P(Rfc4475, MatchesExpectation) {
  const IndexRow& row = GetParam();
  auto bytes = readFile(rfc4475Dir() / row.file);
  if (row.section.empty() || !bytes) GTEST_SKIP() << missingDataMessage();
  auto expected = loadExpectation(conformanceDir() / "rfc4475" / (row.stem() + ".md"));
  ASSERT_TRUE(expected) << expected.error();
  EXPECT_EQ(expected->title.rfind(row.section + " " + row.title, 0), 0u)
      << "the title of " << row.stem() << ".md should start with \"" << row.section << " " << row.title << "\"";
  app::ParseReport report = app::describeMessage(std::move(*bytes));
  for (const std::string& problem : checkExpectation(*expected, report)) ADD_FAILURE() << row.stem() << ": " << problem;
}

INSTANTIATE_TEST_SUITE_P(Messages, Rfc4475, ::testing::ValuesIn(rowsOrPlaceholder()),
                         [](const ::testing::TestParamInfo<IndexRow>& p) { return p.param.stem(); });

TEST(Rfc4475Coverage, EveryIndexRowHasACaseFileAndViceVersa) {
  auto rows = readIndex();
  if (rows.empty()) GTEST_SKIP() << missingDataMessage();
  std::set<std::string> indexed;
  for (const IndexRow& row : rows) indexed.insert(row.stem());
  std::set<std::string> written = caseStems(conformanceDir() / "rfc4475");
  for (const std::string& stem : indexed) EXPECT_TRUE(written.contains(stem)) << "no rfc4475/" << stem << ".md";
  for (const std::string& stem : written) EXPECT_TRUE(indexed.contains(stem)) << "rfc4475/" << stem << ".md is not in INDEX.tsv";
  EXPECT_EQ(indexed.size(), 49u) << "RFC 4475 has 49 messages";
}

}  // namespace
}  // namespace parley::conformance
