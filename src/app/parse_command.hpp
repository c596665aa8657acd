// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace parley::app {

// What `parley parse` concluded about one message: the JSON it prints, and the error when the
// message was refused. Plain value owned by the caller; any thread.
struct ParseReport {
  nlohmann::ordered_json json;          // messageJson() on success, errorJson() on failure
  std::optional<Error> error;   // set when parsing or validation failed
};

// Parses `bytes` as one UDP datagram (parseMessage, Framing::Datagram) and, if that succeeds,
// runs validateMessage(). The conformance suite calls this directly.
[[nodiscard]] ParseReport describeMessage(std::string bytes);

// `parley parse FILE`: reads FILE ("-" for stdin) as raw octets, prints describeMessage()'s JSON
// to `out` (pretty, two-space indent) and returns the exit status: 0 valid, 2 refused (with a
// "parley: FILE:OFFSET: REASON" line on `err`), 1 when the file cannot be read.
[[nodiscard]] int runParseCommand(const std::string& path, std::istream& stdinStream, std::ostream& out,
                                  std::ostream& err);

}  // namespace parley::app
