// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>

#include "base/result.hpp"
#include "syntax/scanner.hpp"
#include "syntax/uri_params.hpp"

namespace parley::syntax {

// Scans *( SEMI generic-param ) (RFC 3261 §25.1, generic-param = token [ EQUAL gen-value ],
// gen-value = token / host / quoted-string) at the scanner's position. For each parameter it
// calls visit(const Param&) which returns an empty view to accept it or a static reason to reject
// it. Returns the raw span from the first ';' to the end of the last parameter (empty if none).
// Quoted values are returned with their quotes so a caller can tell them apart.
template <class Visit>
Result<std::string_view> scanHeaderParams(Scanner& s, Visit&& visit) noexcept {
  std::size_t start = std::string_view::npos;
  std::size_t end = s.pos();
  for (;;) {
    std::size_t before = s.pos();
    if (!s.separator(';')) break;
    if (start == std::string_view::npos) start = before + (s.text().substr(before).find(';'));
    Param p;
    std::size_t nameAt = s.pos();
    p.name = s.token();
    if (p.name.empty()) return s.error("empty parameter");
    if (s.separator('=')) {
      p.hasValue = true;
      std::size_t valueAt = s.pos();
      if (s.peek() == '"') {
        auto q = s.quotedString();
        if (!q) return tl::unexpected(q.error());
        p.value = s.text().substr(valueAt, s.pos() - valueAt);
      } else {
        p.value = s.take(cc::kGenValue);
        if (p.value.empty()) return s.error("empty parameter value");
      }
    }
    std::string_view why = visit(p);
    if (!why.empty()) {
      s.seek(nameAt);
      return s.error(why);
    }
    end = s.pos();
  }
  if (start == std::string_view::npos) return std::string_view{};
  return s.text().substr(start, end - start);
}

// ParamSink lets a caller see each header parameter while a name-addr is parsed, without a second
// pass and without allocating: a function pointer and a context (a non-owning function reference).
// Returns an empty view to accept the parameter or a static reason to reject it.
struct ParamSink {
  std::string_view (*fn)(void*, const Param&) = nullptr;
  void* context = nullptr;
  std::string_view operator()(const Param& p) const { return fn != nullptr ? fn(context, p) : std::string_view{}; }
};

// Wraps a callable that outlives the sink.
template <class F>
ParamSink sinkOf(F& f) noexcept {
  return ParamSink{[](void* c, const Param& p) -> std::string_view { return (*static_cast<F*>(c))(p); }, &f};
}

// Looks up a parameter in a span returned by scanHeaderParams (case-insensitive name). Quoted
// values come back with their quotes; a parameter without value gives an empty view.
[[nodiscard]] std::optional<std::string_view> findHeaderParam(std::string_view params,
                                                              std::string_view name) noexcept;

// Removes the surrounding quotes of a quoted-string and resolves its quoted-pairs. Unquoted input
// is returned as is.
[[nodiscard]] std::string unquote(std::string_view s);

}  // namespace parley::syntax
