// SPDX-License-Identifier: MIT
#include "syntax/uri.hpp"

#include "syntax/char_class.hpp"
#include "syntax/uri_params.hpp"

namespace parley::syntax {
namespace {

constexpr std::string_view kWhere = "URI";

Unexpected uriError(std::string_view what, std::size_t at) {
  return fail(Errc::Malformed, what, kWhere, 400, static_cast<std::uint32_t>(at));
}

// Consumes a run of characters in `mask` or %HH escapes starting at `i`. Returns the end, or npos
// when a '%' is not followed by two hex digits.
std::size_t takeEscaped(std::string_view s, std::size_t i, std::uint16_t mask) {
  while (i < s.size()) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !cc::isHex(s[i + 1]) || !cc::isHex(s[i + 2])) {
        return std::string_view::npos;
      }
      i += 3;
    } else if (cc::is(c, mask)) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

bool isIPv4(std::string_view h) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= h.size()) {
    std::size_t start = i;
    unsigned v = 0;
    while (i < h.size() && cc::isDigit(h[i]) && i - start < 3) v = v * 10 + static_cast<unsigned>(h[i++] - '0');
    if (i == start || v > 255) return false;
    ++parts;
    if (i == h.size()) break;
    if (h[i] != '.') return false;
    ++i;
  }
  return parts == 4 && i == h.size();
}

bool isIPv6Reference(std::string_view h) {
  if (h.size() < 4 || h.front() != '[' || h.back() != ']') return false;
  int colons = 0;
  for (char c : h.substr(1, h.size() - 2)) {
    if (c == ':') {
      ++colons;
    } else if (!cc::isHex(c) && c != '.') {
      return false;
    }
  }
  return colons >= 2 && colons <= 7;
}

Result<void> parseSipRest(Uri& u, std::string_view s, std::size_t base) {
  std::size_t i = 0;
  std::size_t at = s.find('@');
  if (at != std::string_view::npos) {
    std::size_t userEnd = takeEscaped(s, 0, cc::kUnreserved | cc::kUserUnres);
    if (userEnd == std::string_view::npos) return uriError("bad escape in user part", base);
    if (userEnd == 0) return uriError("empty user part", base);
    u.user = s.substr(0, userEnd);
    u.hasUserInfo = true;
    i = userEnd;
    if (i < at && s[i] == ':') {
      std::size_t pwEnd = takeEscaped(s, i + 1, cc::kUnreserved | cc::kPasswordCh);
      if (pwEnd == std::string_view::npos) return uriError("bad escape in password", base + i);
      u.password = s.substr(i + 1, pwEnd - i - 1);
      u.hasPassword = true;
      i = pwEnd;
    }
    if (i != at) return uriError("invalid character in user part", base + i);
    ++i;
  }
  // hostport
  std::size_t hostStart = i;
  if (i < s.size() && s[i] == '[') {
    std::size_t close = s.find(']', i);
    if (close == std::string_view::npos) return uriError("unterminated IPv6 reference", base + i);
    u.host = s.substr(i, close + 1 - i);
    if (!isIPv6Reference(u.host)) return uriError("bad IPv6 reference", base + i);
    u.hostKind = HostKind::IPv6;
    i = close + 1;
  } else {
    i = scanHost(s, i, u.hostKind);
    u.host = s.substr(hostStart, i - hostStart);
    if (u.host.empty()) return uriError("missing host", base + hostStart);
    if (u.hostKind == HostKind::None) return uriError("invalid host", base + hostStart);
  }
  if (i < s.size() && s[i] == ':') {
    std::size_t p = ++i;
    std::uint32_t port = 0;
    while (i < s.size() && cc::isDigit(s[i]) && i - p < 6) port = port * 10 + static_cast<std::uint32_t>(s[i++] - '0');
    if (i == p || port > 65535 || (i < s.size() && cc::isDigit(s[i]))) return uriError("invalid port", base + p);
    u.port = static_cast<std::uint16_t>(port);
  }
  // uri-parameters
  std::size_t paramsStart = i;
  while (i < s.size() && s[i] == ';') {
    std::size_t nameEnd = takeEscaped(s, i + 1, cc::kUnreserved | cc::kParamUnres);
    if (nameEnd == std::string_view::npos) return uriError("bad escape in parameter", base + i);
    if (nameEnd == i + 1) return uriError("empty parameter", base + i);
    // §19.1.1: a parameter name must not appear more than once (comparison relies on it).
    if (findUriParam(s.substr(paramsStart, i - paramsStart), s.substr(i + 1, nameEnd - i - 1))) {
      return uriError("repeated parameter", base + i);
    }
    i = nameEnd;
    if (i < s.size() && s[i] == '=') {
      std::size_t valEnd = takeEscaped(s, i + 1, cc::kUnreserved | cc::kParamUnres);
      if (valEnd == std::string_view::npos) return uriError("bad escape in parameter", base + i);
      if (valEnd == i + 1) return uriError("empty parameter value", base + i);
      i = valEnd;
    }
  }
  u.params = s.substr(paramsStart, i - paramsStart);
  // headers
  if (i < s.size() && s[i] == '?') {
    std::size_t hStart = ++i;
    for (;;) {
      std::size_t nameEnd = takeEscaped(s, i, cc::kUnreserved | cc::kHnvUnres);
      if (nameEnd == std::string_view::npos || nameEnd == i) return uriError("bad header in URI", base + i);
      i = nameEnd;
      if (i >= s.size() || s[i] != '=') return uriError("URI header without '='", base + i);
      std::size_t valEnd = takeEscaped(s, i + 1, cc::kUnreserved | cc::kHnvUnres);
      if (valEnd == std::string_view::npos) return uriError("bad escape in URI header", base + i);
      i = valEnd;
      if (i < s.size() && s[i] == '&') {
        ++i;
        continue;
      }
      break;
    }
    u.headers = s.substr(hStart, i - hStart);
  }
  if (i != s.size()) return uriError("invalid character in URI", base + i);
  return {};
}

}  // namespace

Result<Uri> parseUri(std::string_view text) noexcept {
  Uri u;
  if (auto r = parseUriInto(text, u); !r) return tl::unexpected(r.error());
  return u;
}

Result<void> parseUriInto(std::string_view text, Uri& u) noexcept {
  u = Uri{};
  u.text = text;
  std::size_t i = 0;
  if (text.empty() || !cc::is(text[0], cc::kAlpha)) return uriError("missing URI scheme", 0);
  while (i < text.size() && cc::is(text[i], cc::kSchemeCh)) ++i;
  if (i >= text.size() || text[i] != ':') return uriError("missing URI scheme", i);
  u.schemeText = text.substr(0, i);
  std::string_view rest = text.substr(i + 1);
  if (iequals(u.schemeText, "sip")) {
    u.scheme = UriScheme::Sip;
  } else if (iequals(u.schemeText, "sips")) {
    u.scheme = UriScheme::Sips;
  } else {
    u.scheme = iequals(u.schemeText, "tel") ? UriScheme::Tel : UriScheme::Other;
    // absoluteURI: we keep it opaque but refuse what cannot be inside one (LWS, quotes, brackets).
    if (rest.empty()) return uriError("empty URI after scheme", i + 1);
    for (std::size_t k = 0; k < rest.size(); ++k) {
      auto c = static_cast<unsigned char>(rest[k]);
      if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"') {
        return uriError("invalid character in URI", i + 1 + k);
      }
    }
    u.opaque = rest;
    return {};
  }
  return parseSipRest(u, rest, i + 1);
}

HostKind classifyHost(std::string_view host) noexcept {
  if (!host.empty() && host.front() == '[') return isIPv6Reference(host) ? HostKind::IPv6 : HostKind::None;
  HostKind kind = HostKind::None;
  return scanHost(host, 0, kind) == host.size() ? kind : HostKind::None;
}

// hostname = *( domainlabel "." ) toplabel [ "." ], classified while it is scanned (one pass over
// every host of every URI and Via, which the parser meets several times per message). We also
// accept '_' (seen in the wild) and labels starting with a digit; we reject empty labels and labels
// that begin or end with '-'. A run of only digits and dots must be an IPv4 address ("1.2.3" is
// neither).
std::size_t scanHost(std::string_view text, std::size_t from, HostKind& kind) noexcept {
  const char* d = text.data();
  const std::size_t n = text.size();
  std::size_t i = from;
  std::uint16_t seen = 0;
  bool labelsOk = true;
  char prev = '.';
  for (; i < n; ++i) {
    const char c = d[i];
    const std::uint16_t t = cc::kTable[static_cast<unsigned char>(c)];
    if (t & (cc::kAlpha | cc::kDigit)) {
      seen |= t;
    } else if (c == '.') {
      labelsOk &= prev != '.' && prev != '-';  // empty label, or one ending in '-'
    } else if (c == '-') {
      labelsOk &= prev != '.';  // label starting with '-'
      seen |= cc::kAlpha;
    } else if (c == '_') {
      seen |= cc::kAlpha;
    } else {
      break;
    }
    prev = c;
  }
  std::string_view run = text.substr(from, i - from);
  if ((seen & cc::kAlpha) == 0) {
    kind = isIPv4(run) ? HostKind::IPv4 : HostKind::None;
  } else {
    kind = labelsOk && prev != '-' ? HostKind::Name : HostKind::None;  // a single trailing '.' is allowed
  }
  return i;
}

std::optional<std::string_view> Uri::param(std::string_view name) const noexcept {
  return findUriParam(params, name);
}

std::uint16_t Uri::portOrDefault() const noexcept {
  if (port) return *port;
  return scheme == UriScheme::Sips ? 5061 : 5060;
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && cc::isHex(s[i + 1]) && cc::isHex(s[i + 2])) {
      out.push_back(static_cast<char>(cc::hexValue(s[i + 1]) * 16 + cc::hexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace parley::syntax
