// SPDX-License-Identifier: MIT
// libFuzzer target for parseUri and the §19.1.4 comparison (uriEquals). The input is one URI, or
// two separated by the first LF. Invariants:
//  - every view of a parsed URI lies inside the text it was parsed from, and `text` is all of it;
//  - a parsed URI equals itself, and equals a second parse of the same text;
//  - for two parsed URIs, uriEquals is symmetric.
#include <cstddef>
#include <cstdint>
#include <string>

#include "invariant.hpp"
#include "syntax/uri.hpp"

namespace {

using namespace parley::syntax;
using parley::fuzz::within;

void checkViews(const Uri& u, std::string_view text) {
  PARLEY_FUZZ_CHECK(u.text == text);
  for (std::string_view part : {u.schemeText, u.user, u.password, u.host, u.params, u.headers, u.opaque}) {
    PARLEY_FUZZ_CHECK(within(part, text));
  }
}

// Exercises the lookups a registrar and a proxy make on a URI.
void touch(const Uri& u) {
  (void)u.portOrDefault();
  (void)u.param("transport");
  (void)u.param("lr");
  (void)u.param("maddr");
  (void)unescape(u.user);
  (void)classifyHost(u.host);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = parley::fuzz::asView(data, size);
  std::size_t lf = input.find('\n');
  std::string_view first = input.substr(0, lf);
  auto a = parseUri(first);
  if (a) {
    checkViews(*a, first);
    touch(*a);
    PARLEY_FUZZ_CHECK(uriEquals(*a, *a));
    auto again = parseUri(first);
    PARLEY_FUZZ_CHECK(again.has_value() && uriEquals(*a, *again));
  }
  if (lf == std::string_view::npos) return 0;
  std::string_view second = input.substr(lf + 1);
  auto b = parseUri(second);
  if (!b) return 0;
  checkViews(*b, second);
  PARLEY_FUZZ_CHECK(uriEquals(*b, *b));
  if (a) PARLEY_FUZZ_CHECK(uriEquals(*a, *b) == uriEquals(*b, *a));
  return 0;
}
