// SPDX-License-Identifier: MIT
#include "syntax/header_params.hpp"

#include <string>

namespace parley::syntax {

std::optional<std::string_view> findHeaderParam(std::string_view params, std::string_view name) noexcept {
  Scanner s(params, "parameter");
  std::optional<std::string_view> found;
  auto scanned = scanHeaderParams(s, [&](const Param& p) -> std::string_view {
    if (!found && iequals(p.name, name)) found = p.value;
    return {};
  });
  if (!scanned) return std::nullopt;
  return found;
}

std::string unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return std::string(s);
  s = s.substr(1, s.size() - 2);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace parley::syntax
