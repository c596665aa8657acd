// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "app/parse_command.hpp"
#include "expectation.hpp"

namespace parley::conformance {

// Compares what `parley parse` reported (app::describeMessage) with a case file's expectation.
// Returns one readable line per mismatch; empty when everything matches. Test thread only.
[[nodiscard]] std::vector<std::string> checkExpectation(const Expectation& expected, const app::ParseReport& actual);

}  // namespace parley::conformance
