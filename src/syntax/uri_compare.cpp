// SPDX-License-Identifier: MIT
// RFC 3261 §19.1.4: comparing SIP and SIPS URIs.
#include <array>

#include "syntax/char_class.hpp"
#include "syntax/uri.hpp"
#include "syntax/uri_params.hpp"

namespace parley::syntax {
namespace {

bool equalUnescaped(std::string_view a, std::string_view b, bool caseInsensitive) {
  if (a.find('%') == std::string_view::npos && b.find('%') == std::string_view::npos) {
    return caseInsensitive ? iequals(a, b) : a == b;
  }
  std::string ua = unescape(a);
  std::string ub = unescape(b);
  return caseInsensitive ? iequals(ua, ub) : ua == ub;
}

// Parameters that, present in one URI only, make the URIs differ.
constexpr std::array<std::string_view, 5> kMustMatch{"user", "ttl", "method", "maddr", "transport"};

bool mustMatch(std::string_view name) {
  for (auto m : kMustMatch) {
    if (iequals(m, name)) return true;
  }
  return false;
}

// Every parameter of `a`: equal in `b` when `b` has it; absent from `b` only if not must-match.
bool paramsCovered(std::string_view a, std::string_view b) {
  bool ok = true;
  forEachUriParam(a, [&](const Param& p) {
    std::optional<std::string_view> other = findUriParam(b, p.name);
    if (!other) {
      ok = !mustMatch(p.name);
    } else {
      ok = equalUnescaped(p.value, *other, true);
    }
    return ok;
  });
  return ok;
}

// Header components (§19.1.4): the same multiset of name=value pairs, names compared
// case-insensitively and values exactly, both after unescaping. A header may legitimately repeat
// (two Route values), so each pair is counted on both sides.
template <class F>
void forEachUriHeader(std::string_view headers, F&& f) {
  while (!headers.empty()) {
    std::size_t amp = headers.find('&');
    std::string_view one = headers.substr(0, amp);
    headers = amp == std::string_view::npos ? std::string_view{} : headers.substr(amp + 1);
    std::size_t eq = one.find('=');
    f(one.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : one.substr(eq + 1));
  }
}

std::size_t countHeader(std::string_view headers, std::string_view name, std::string_view value) {
  std::size_t n = 0;
  forEachUriHeader(headers, [&](std::string_view hn, std::string_view hv) {
    n += equalUnescaped(hn, name, true) && equalUnescaped(hv, value, false) ? 1 : 0;
  });
  return n;
}

bool headersCovered(std::string_view a, std::string_view b) {
  bool ok = true;
  forEachUriHeader(a, [&](std::string_view name, std::string_view value) {
    ok = ok && countHeader(a, name, value) == countHeader(b, name, value);
  });
  return ok;
}

}  // namespace

bool uriEquals(const Uri& a, const Uri& b) noexcept {
  if (a.scheme != b.scheme) return false;
  if (!a.isSip()) {
    // Non-SIP schemes: compare as written, scheme case-insensitively (RFC 3986 §6.2.2 would
    // allow more normalisation; we only need equality for our own lookups).
    return iequals(a.schemeText, b.schemeText) && a.opaque == b.opaque;
  }
  if (a.hasUserInfo != b.hasUserInfo || a.hasPassword != b.hasPassword) return false;
  if (!equalUnescaped(a.user, b.user, false) || !equalUnescaped(a.password, b.password, false)) return false;
  if (!iequals(a.host, b.host)) return false;
  if (a.port != b.port) return false;
  if (!paramsCovered(a.params, b.params) || !paramsCovered(b.params, a.params)) return false;
  return headersCovered(a.headers, b.headers) && headersCovered(b.headers, a.headers);
}

}  // namespace parley::syntax
