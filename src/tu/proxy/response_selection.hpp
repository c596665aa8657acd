// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace parley::tu {

// The final outcome of one branch as RFC 3261 §16.7 step 6 compares them: the status, whether it
// came in a response or was made up by us (408 for Timer B/F/C, §16.7 step 6 and §16.8; 503 for a
// transport error, §16.9), and when it arrived relative to the others. Plain value.
struct BranchOutcome {
  std::uint16_t status = 0;  // 0: no final outcome yet
  bool synthesized = false;
  std::uint32_t arrival = 0;
};

// §16.7 step 6, choosing the best response among the branches' final outcomes (status >= 300):
// a 6xx when there is one (the first); else the lowest class (3xx before 4xx before 5xx). Within
// the 4xx class, responses that let the client resubmit are preferred ("such as 401, 407, 415,
// 420, and 484"). Then a real response beats one we synthesized (a 486 from one phone says more
// than a timeout of another), then the earliest wins. Returns the index into `outcomes`, or
// nullopt when none is final. Pure; any thread.
[[nodiscard]] std::optional<std::size_t> chooseBestResponse(std::span<const BranchOutcome> outcomes) noexcept;

// The status to send upstream for a chosen one: a 503 becomes 500 (§16.7 step 6: a proxy SHOULD
// NOT forward a 503 unless it can serve no request at all; "if the only response that was
// received is a 503, the proxy SHOULD generate a 500"); the rest as they are.
[[nodiscard]] constexpr std::uint16_t upstreamStatus(std::uint16_t chosen) noexcept {
  return chosen == 503 ? 500 : chosen;
}

// 401 and 407, whose challenges §16.7 step 7 merges into the one response forwarded.
[[nodiscard]] constexpr bool isChallenge(std::uint16_t status) noexcept { return status == 401 || status == 407; }

// The answer when the target set is empty (RFC 3665 §3.11 and §3.6): 480 Temporarily Unavailable
// for a user we know who has no current binding, 404 Not Found for an unknown one.
[[nodiscard]] constexpr std::uint16_t statusWithoutTargets(bool userKnown) noexcept { return userKnown ? 480 : 404; }

}  // namespace parley::tu
