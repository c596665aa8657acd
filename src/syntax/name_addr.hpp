// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "syntax/header_params.hpp"
#include "syntax/scanner.hpp"
#include "syntax/uri.hpp"

namespace parley::syntax {

// NameAddr models `( name-addr / addr-spec ) *( SEMI generic-param )`, the shape shared by From,
// To, Contact, Route, Record-Route, Path and friends (RFC 3261 §20.10, §25.1). Views into the
// message; plain value; any thread.
struct NameAddr {
  std::string_view displayName;  // quoted form keeps its quotes; token form as written; may be empty
  Uri uri;
  bool angleBrackets = false;    // written as <uri>
  std::string_view params;       // header parameters ";tag=x;q=1" (outside the brackets)
  std::string_view text;         // the whole value as written

  [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const noexcept;
  // Display name without quotes and escapes.
  [[nodiscard]] std::string display() const;
};

// Parses one name-addr or addr-spec and its header parameters at the scanner's position. In a
// list (Contact, Route ...) parsing stops before a top-level ','; otherwise it must reach the end.
// Without angle brackets the URI ends at LWS, ';' or ',' and may not contain '?' (§20). Each
// header parameter is also shown to `sink` (e.g. to pick out tag or expires in the same pass).
[[nodiscard]] Result<NameAddr> parseNameAddr(Scanner& s, bool inList, ParamSink sink = {}) noexcept;
// The same, parsing into `out` without copying it through a Result (hot paths: From, To, Contact).
[[nodiscard]] Result<void> parseNameAddrInto(Scanner& s, bool inList, NameAddr& out, ParamSink sink = {}) noexcept;

// From and To: a NameAddr with its tag (§20.20, §20.39).
struct FromTo {
  NameAddr addr;
  std::string_view tag;  // empty when absent
};

[[nodiscard]] Result<FromTo> parseFromTo(std::string_view value, std::string_view where) noexcept;
[[nodiscard]] Result<void> parseFromToInto(std::string_view value, std::string_view where, FromTo& out) noexcept;

}  // namespace parley::syntax
