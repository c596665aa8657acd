// SPDX-License-Identifier: MIT
#include "tu/proxy/response_selection.hpp"

#include <tuple>

namespace parley::tu {
namespace {

// §16.7 step 6: "A proxy SHOULD give preference to responses that provide information affecting
// resubmission of this request, such as 401, 407, 415, 420, and 484 if the 4xx class is chosen."
bool helpsResubmission(std::uint16_t status) noexcept {
  return status == 401 || status == 407 || status == 415 || status == 420 || status == 484;
}

// Smaller is better.
auto rank(const BranchOutcome& o) noexcept {
  int cls = o.status / 100;
  int sixx = cls == 6 ? 0 : 1;
  return std::make_tuple(sixx, cls, helpsResubmission(o.status) ? 0 : 1, o.synthesized ? 1 : 0, o.arrival);
}

}  // namespace

std::optional<std::size_t> chooseBestResponse(std::span<const BranchOutcome> outcomes) noexcept {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].status < 300) continue;
    if (!best || rank(outcomes[i]) < rank(outcomes[*best])) best = i;
  }
  return best;
}

}  // namespace parley::tu
