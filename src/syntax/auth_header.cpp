// SPDX-License-Identifier: MIT
#include "syntax/auth_header.hpp"

#include <array>

#include "syntax/scanner.hpp"

namespace parley::syntax {
namespace {

// More parameters than any client sends; beyond it the header is refused.
constexpr std::size_t kMaxParams = 32;

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
  std::size_t count = 0;
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
    if (std::string_view why = visit(p); !why.empty()) {
      s.seek(nameAt);
      return s.error(why);
    }
    if (++count > kMaxParams) return s.error("too many auth parameters");
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

// The digest directives we read (RFC 7616 §3.3, §3.4). Each may appear once.
enum class Directive : std::uint8_t {
  Other, Username, Realm, Nonce, Uri, Response, Algorithm, Cnonce, Opaque, Qop, Nc, Userhash, Stale, Domain
};

// One switch on the length picks the only candidate, so each name costs one comparison.
Directive directiveOf(std::string_view n) noexcept {
  auto is = [n](std::string_view lower, Directive d) { return iequalsLower(n, lower) ? d : Directive::Other; };
  switch (n.size()) {
    case 2: return is("nc", Directive::Nc);
    case 3: return cc::toLower(n[0]) == 'u' ? is("uri", Directive::Uri) : is("qop", Directive::Qop);
    case 5:
      switch (cc::toLower(n[0])) {
        case 'r': return is("realm", Directive::Realm);
        case 'n': return is("nonce", Directive::Nonce);
        case 's': return is("stale", Directive::Stale);
        default: return Directive::Other;
      }
    case 6:
      return cc::toLower(n[0]) == 'c' ? is("cnonce", Directive::Cnonce)
             : cc::toLower(n[0]) == 'o' ? is("opaque", Directive::Opaque)
                                        : is("domain", Directive::Domain);
    case 8:
      return cc::toLower(n[0]) == 'u' ? is("username", Directive::Username)
             : cc::toLower(n[0]) == 'r' ? is("response", Directive::Response)
                                        : is("userhash", Directive::Userhash);
    case 9: return is("algorithm", Directive::Algorithm);
    default: return Directive::Other;
  }
}

// Tracks which directives were seen, to refuse a repeated one.
struct SeenDirectives {
  std::uint32_t bits = 0;
  bool firstTime(Directive d) noexcept {
    if (d == Directive::Other) return true;  // unknown parameters are ignored, repeated or not
    std::uint32_t bit = 1u << static_cast<unsigned>(d);
    bool first = (bits & bit) == 0;
    bits |= bit;
    return first;
  }
};

}  // namespace

bool Credentials::isDigest() const noexcept { return iequals(scheme, "Digest"); }
bool Challenge::isDigest() const noexcept { return iequals(scheme, "Digest"); }

namespace {

// Scans a Digest credentials or challenge value: for Digest, each known directive is handed to
// assign(Directive, AuthParam) once (a repeat is refused); other schemes only have their
// parameters checked for shape. Returns the raw parameter span.
template <class Assign>
Result<std::string_view> scanDigest(std::string_view value, std::string_view where, std::string_view& scheme,
                                    Assign&& assign) noexcept {
  SeenDirectives seen;
  int digest = -1;  // unknown until the scheme has been read
  return scanAuth(value, where, scheme, [&](const AuthParam& p) -> std::string_view {
    if (digest < 0) digest = iequals(scheme, "Digest") ? 1 : 0;
    if (digest == 0) return {};
    Directive d = directiveOf(p.name);
    if (!seen.firstTime(d)) return "duplicate auth parameter";
    return assign(d, p);
  });
}

}  // namespace

Result<Credentials> parseCredentials(std::string_view value, std::string_view where) noexcept {
  Credentials c;
  auto params = scanDigest(value, where, c.scheme, [&c](Directive d, const AuthParam& p) -> std::string_view {
    switch (d) {
      case Directive::Username: c.username = p.value; break;
      case Directive::Realm: c.realm = p.value; break;
      case Directive::Nonce: c.nonce = p.value; break;
      case Directive::Uri: c.uri = p.value; break;
      case Directive::Response: c.response = p.value; break;
      case Directive::Algorithm: c.algorithm = p.value; break;
      case Directive::Cnonce: c.cnonce = p.value; break;
      case Directive::Opaque: c.opaque = p.value; break;
      case Directive::Qop: c.qop = p.value; break;
      case Directive::Nc:
        if (!isHex8(p.value)) return "nc must be 8 hex digits";
        c.nc = p.value;
        break;
      case Directive::Userhash: c.userhash = iequalsLower(p.value, "true"); break;
      default: break;
    }
    return {};
  });
  if (!params) return tl::unexpected(params.error());
  c.params = *params;
  return c;
}

Result<Challenge> parseChallenge(std::string_view value, std::string_view where) noexcept {
  Challenge c;
  auto params = scanDigest(value, where, c.scheme, [&c](Directive d, const AuthParam& p) -> std::string_view {
    switch (d) {
      case Directive::Realm: c.realm = p.value; break;
      case Directive::Domain: c.domain = p.value; break;
      case Directive::Nonce: c.nonce = p.value; break;
      case Directive::Opaque: c.opaque = p.value; break;
      case Directive::Algorithm: c.algorithm = p.value; break;
      case Directive::Qop: c.qop = p.value; break;
      case Directive::Stale: c.stale = iequalsLower(p.value, "true"); break;
      case Directive::Userhash: c.userhash = iequalsLower(p.value, "true"); break;
      default: break;
    }
    return {};
  });
  if (!params) return tl::unexpected(params.error());
  c.params = *params;
  return c;
}

}  // namespace parley::syntax
