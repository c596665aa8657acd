// SPDX-License-Identifier: MIT
#include "tu/redirect/redirect_reply.hpp"

#include <algorithm>
#include <vector>

#include "tu/registrar/registration_reply.hpp"

namespace parley::tu {

Reply redirectReply(const location::BindingSet& bindings, bool knownUser) {
  if (bindings.empty()) return Reply{static_cast<std::uint16_t>(knownUser ? 480 : 404)};
  std::vector<const location::Binding*> ordered;
  ordered.reserve(bindings.size());
  for (const location::Binding& b : bindings) ordered.push_back(&b);
  // A contact without q counts as 1.0 (§20.10); stable, so equal q keep their order.
  auto q = [](const location::Binding* b) { return b->q < 0 ? 1000 : b->q; };
  std::stable_sort(ordered.begin(), ordered.end(), [&](auto* a, auto* b) { return q(a) > q(b); });
  std::string lines;
  for (const location::Binding* b : ordered) {
    lines.append("Contact: <");
    lines.append(b->contact);
    lines.push_back('>');
    if (b->q >= 0) {
      lines.append(";q=");
      appendQValue(b->q, lines);
    }
    lines.append("\r\n");
  }
  return Reply{302, {}, std::move(lines)};
}

}  // namespace parley::tu
