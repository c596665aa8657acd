// SPDX-License-Identifier: MIT
#include "syntax/auth_header.hpp"

#include <array>

#include "syntax/scanner.hpp"

namespace parley::syntax {
namespace {

// One auth-param: name EQUAL ( token / quoted-string ). `value` is unquoted (quotes stripped,
// quoted-pairs kept); `quoted` tells which form it had.
struct AuthParam {
  std::string_view name;
  std::string_view value;
  bool quoted = false;
};

// Scans `auth-scheme LWS auth-param *(COMMA auth-param)` and calls visit(AuthParam) for each.
// visit returns an empty view to accept or a static reason to reject.
template <class Visit>
Result<std::string_view> scanAuth(std::string_view value, std::string_view where, std::string_view& scheme,
                                  Visit&& visit) noexcept {
  Scanner s(value, where);
  s.skipLws();
  scheme = s.token();
  if (scheme.empty()) return s.error("missing auth scheme");
  if (!s.skipLws()) return s.error(s.atEnd() ? "missing auth parameters" : "invalid auth scheme");
  std::size_t paramsAt = s.pos();
  // Up to 16 distinct names are tracked for duplicate detection; more parameters than that is
  // not a credential any client sends.
  std::array<std::string_view, 16> seen{};
  std::size_t nSeen = 0;
  for (;;) {
    AuthParam p;
    std::size_t nameAt = s.pos();
    p.name = s.token();
    if (p.name.empty()) return s.error("empty auth parameter");
    if (!s.separator('=')) return s.error("auth parameter without '='");
    if (s.peek() == '"') {
      auto q = s.quotedString();
      if (!q) return tl::unexpected(q.error());
      p.value = *q;
      p.quoted = true;
    } else {
      p.value = s.token();
      if (p.value.empty()) return s.error("empty auth parameter value");
    }
    for (std::size_t i = 0; i < nSeen; ++i) {
      if (iequals(seen[i], p.name)) {
        s.seek(nameAt);
        return s.error("duplicate auth parameter");
      }
    }
    if (nSeen == seen.size()) return s.error("too many auth parameters");
    seen[nSeen++] = p.name;
    if (std::string_view why = visit(p); !why.empty()) {
      s.seek(nameAt);
      return s.error(why);
    }
    if (s.atEnd()) break;
    if (!s.separator(',')) return s.error("expected ',' between auth parameters");
    if (s.atEnd()) break;  // tolerate a trailing comma
  }
  return value.substr(paramsAt);
}

bool isHex8(std::string_view v) {
  if (v.size() != 8) return false;
  for (char c : v) {
    if (!cc::isHex(c)) return false;
  }
  return true;
}

}  // namespace

bool Credentials::isDigest() const noexcept { return iequals(scheme, "Digest"); }
bool Challenge::isDigest() const noexcept { return iequals(scheme, "Digest"); }

Result<Credentials> parseCredentials(std::string_view value, std::string_view where) noexcept {
  Credentials c;
  auto params = scanAuth(value, where, c.scheme, [&c](const AuthParam& p) -> std::string_view {
    if (!iequals(c.scheme, "Digest")) return {};
    std::string_view n = p.name;
    if (iequals(n, "username")) {
      c.username = p.value;
    } else if (iequals(n, "realm")) {
      c.realm = p.value;
    } else if (iequals(n, "nonce")) {
      c.nonce = p.value;
    } else if (iequals(n, "uri")) {
      c.uri = p.value;
    } else if (iequals(n, "response")) {
      c.response = p.value;
    } else if (iequals(n, "algorithm")) {
      c.algorithm = p.value;
    } else if (iequals(n, "cnonce")) {
      c.cnonce = p.value;
    } else if (iequals(n, "opaque")) {
      c.opaque = p.value;
    } else if (iequals(n, "qop")) {
      c.qop = p.value;
    } else if (iequals(n, "nc")) {
      if (!isHex8(p.value)) return "nc must be 8 hex digits";
      c.nc = p.value;
    } else if (iequals(n, "userhash")) {
      c.userhash = iequals(p.value, "true");
    }
    return {};
  });
  if (!params) return tl::unexpected(params.error());
  c.params = *params;
  return c;
}

Result<Challenge> parseChallenge(std::string_view value, std::string_view where) noexcept {
  Challenge c;
  auto params = scanAuth(value, where, c.scheme, [&c](const AuthParam& p) -> std::string_view {
    if (!iequals(c.scheme, "Digest")) return {};
    std::string_view n = p.name;
    if (iequals(n, "realm")) {
      c.realm = p.value;
    } else if (iequals(n, "domain")) {
      c.domain = p.value;
    } else if (iequals(n, "nonce")) {
      c.nonce = p.value;
    } else if (iequals(n, "opaque")) {
      c.opaque = p.value;
    } else if (iequals(n, "algorithm")) {
      c.algorithm = p.value;
    } else if (iequals(n, "qop")) {
      c.qop = p.value;
    } else if (iequals(n, "stale")) {
      c.stale = iequals(p.value, "true");
    } else if (iequals(n, "userhash")) {
      c.userhash = iequals(p.value, "true");
    }
    return {};
  });
  if (!params) return tl::unexpected(params.error());
  c.params = *params;
  return c;
}

}  // namespace parley::syntax
