// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace parley::conformance {

// Expectation models one conformance case file (tests/conformance/{rfc4475,own}/<name>.md; the
// format is described in rfc4475/README.md and own/README.md): its title, whether the message
// must be accepted, the fields to check or the error to expect, and (own cases only) the raw
// message. Loaded once per test; owned by the test; test thread only.
struct Expectation {
  // One `| JSON pointer | expected value |` row of an `Expect: valid` file.
  struct Field {
    enum class Kind { Equals, Absent, Length };
    std::string pointer;
    Kind kind = Kind::Equals;
    nlohmann::ordered_json value;  // Equals
    std::size_t length = 0;        // Length: string characters (octets) or array/object elements
    int line = 0;                  // line in the .md file, for failure messages
  };
  // The `| status | header | reason contains |` row of an `Expect: invalid` file.
  struct Failure {
    std::uint16_t status = 0;
    std::optional<std::string> header;  // "(none)" in the file: the error names no element
    std::string reasonContains;
  };

  std::string title;                   // the "# ..." line without the '#'
  bool valid = false;
  std::vector<Field> fields;
  std::optional<Failure> failure;
  std::optional<std::string> message;  // decoded first fenced block, when the file has one
};

// Reads and checks the structure of one case file. The error names the file and line.
[[nodiscard]] tl::expected<Expectation, std::string> loadExpectation(const std::filesystem::path& file);

// Decodes the text of a fenced message block: each line ends with CRLF (LF when `bareLf`);
// escapes: "\\" a backslash, "\xHH" the octet HH, "\[N*c]" the character c repeated N times.
[[nodiscard]] tl::expected<std::string, std::string> decodeMessageBlock(const std::vector<std::string>& lines,
                                                                        bool bareLf);

}  // namespace parley::conformance
