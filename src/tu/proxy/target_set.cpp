// SPDX-License-Identifier: MIT
#include "tu/proxy/target_set.hpp"

#include <algorithm>

#include "syntax/uri.hpp"

namespace parley::tu {

TargetSet::TargetSet(std::vector<Target> targets) {
  std::stable_sort(targets.begin(), targets.end(), [](const Target& a, const Target& b) { return a.q > b.q; });
  std::vector<syntax::Uri> kept;  // parsed URIs of targets_, views into their strings
  targets_.reserve(targets.size());
  kept.reserve(targets.size());
  for (Target& t : targets) {
    auto uri = syntax::parseUri(t.uri);
    if (!uri) continue;
    bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const syntax::Uri& k) { return syntax::uriEquals(k, *uri); });
    if (duplicate) continue;
    targets_.push_back(std::move(t));
    // Re-parse from the moved-to string: a short string's characters move with it.
    kept.push_back(*syntax::parseUri(targets_.back().uri));
  }
  for (std::size_t i = 0; i < targets_.size(); ++i) {
    if (groups_.empty() || groups_.back().q != targets_[i].q) groups_.push_back(TargetGroup{i, 0, targets_[i].q});
    ++groups_.back().count;
  }
}

TargetSet TargetSet::fromBindings(const location::BindingSet& bindings) {
  std::vector<Target> targets;
  targets.reserve(bindings.size());
  for (const location::Binding& b : bindings) {
    Target t;
    t.uri = b.contact;
    t.routes = b.path;
    if (b.flow.connection != 0 || !b.flow.address.empty()) t.flow = b.flow;
    t.q = b.q < 0 ? 1000 : static_cast<std::uint16_t>(std::min<std::int16_t>(b.q, 1000));
    targets.push_back(std::move(t));
  }
  return TargetSet(std::move(targets));
}

}  // namespace parley::tu
