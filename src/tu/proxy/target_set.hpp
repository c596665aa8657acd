// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "location/binding.hpp"

namespace parley::tu {

// One target of the target set (RFC 3261 §16.5): the URI the branch's Request-URI becomes
// (§16.6 step 2), the Route values to push above the request's own (RFC 3327 §5.2: a binding's
// Path is a pre-loaded route set, §16.6 step 6), the flow to send on when the binding has one
// (RFC 5626 §5.3), and the q-value that placed it in its group. Plain value.
struct Target {
  std::string uri;
  std::vector<std::string> routes;  // name-addr values, top first
  std::optional<location::FlowRef> flow;
  std::uint16_t q = 1000;           // thousandths; a contact without q counts as 1.0
};

// A run of targets with the same q-value, tried in parallel (RFC 3261 §16.6; q-values
// §20.10). Indexes into TargetSet::targets().
struct TargetGroup {
  std::size_t first = 0;
  std::size_t count = 0;
  std::uint16_t q = 1000;
};

// TargetSet models the target set of §16.5 once it is known: the targets ordered by q-value,
// highest first, and cut into groups of equal q. The first group is forked in parallel; each
// later group is tried only after the one before it failed (response_context.hpp). Duplicates
// by §19.1.4 URI equality are dropped, the first (highest q) kept, as §16.5 requires ("MUST NOT
// add ... if it is already present"). A target's index is its branch index in the response
// context. Built per request by the proxy core; a plain value; one thread.
class TargetSet {
 public:
  TargetSet() = default;
  // Orders, de-duplicates and groups `targets`; targets of equal q keep their given order. A
  // target whose URI does not parse is dropped (it could be neither compared nor reached).
  explicit TargetSet(std::vector<Target> targets);

  // The bindings of an AOR (location::LocationStore::lookup) as targets: contact, Path, flow
  // (when the binding has a connection or an address) and q (-1 becomes 1.0).
  [[nodiscard]] static TargetSet fromBindings(const location::BindingSet& bindings);

  [[nodiscard]] bool empty() const noexcept { return targets_.empty(); }
  [[nodiscard]] const std::vector<Target>& targets() const noexcept { return targets_; }
  [[nodiscard]] const std::vector<TargetGroup>& groups() const noexcept { return groups_; }

 private:
  std::vector<Target> targets_;
  std::vector<TargetGroup> groups_;
};

}  // namespace parley::tu
