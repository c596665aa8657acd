// SPDX-License-Identifier: MIT
#include "base/result.hpp"

namespace parley {

std::string Error::reasonPhrase() const {
  std::string out;
  out.reserve(8 + where.size() + what.size());
  if (!where.empty()) {
    out.append("Bad ").append(where).append(": ");
  }
  out.append(what);
  return out;
}

}  // namespace parley
