// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>

#include "syntax/char_class.hpp"

namespace parley::syntax {

// One ";name[=value]" of a uri-parameters or header-parameters run, as views.
struct Param {
  std::string_view name;
  std::string_view value;
  bool hasValue = false;
};

// Calls f(Param) for each parameter of an already validated ";a=b;c" run (URI parameters, which
// cannot contain LWS or quotes). Stops early when f returns false.
template <class F>
void forEachUriParam(std::string_view params, F&& f) {
  while (!params.empty()) {
    if (params.front() == ';') params.remove_prefix(1);
    std::size_t end = params.find(';');
    std::string_view one = params.substr(0, end);
    params = end == std::string_view::npos ? std::string_view{} : params.substr(end);
    if (one.empty()) continue;
    Param p;
    std::size_t eq = one.find('=');
    p.name = one.substr(0, eq);
    if (eq != std::string_view::npos) {
      p.value = one.substr(eq + 1);
      p.hasValue = true;
    }
    if (!f(p)) return;
  }
}

// The value of the named parameter (case-insensitive name); empty view when it has no value;
// nullopt when absent.
[[nodiscard]] inline std::optional<std::string_view> findUriParam(std::string_view params,
                                                                  std::string_view name) noexcept {
  std::optional<std::string_view> found;
  forEachUriParam(params, [&](const Param& p) {
    if (iequals(p.name, name)) {
      found = p.value;
      return false;
    }
    return true;
  });
  return found;
}

}  // namespace parley::syntax
