// SPDX-License-Identifier: MIT
#include "tu/auth/credentials_selection.hpp"

#include "syntax/char_class.hpp"
#include "syntax/header_params.hpp"
#include "syntax/header_id.hpp"

namespace parley::auth {
namespace {

std::uint32_t parseNc(std::string_view hex) noexcept {
  std::uint32_t v = 0;
  for (char c : hex) v = (v << 4) | static_cast<std::uint32_t>(syntax::cc::hexValue(c));
  return v;
}

SelectedCredentials unquoted(std::size_t index, const syntax::Credentials& c) {
  SelectedCredentials s;
  s.headerIndex = index;
  s.raw = c;
  s.username = unquotePairs(c.username);
  s.nonce = unquotePairs(c.nonce);
  s.uri = unquotePairs(c.uri);
  s.cnonce = unquotePairs(c.cnonce);
  s.opaque = unquotePairs(c.opaque);
  s.nc = parseNc(c.nc);  // the parser accepted only 8 hex digits
  return s;
}

}  // namespace

std::string unquotePairs(std::string_view contents) {
  // Quoted-pairs are rare in credentials; when there are some, syntax::unquote resolves them once
  // the quotes the parser stripped are put back.
  if (contents.find('\\') == std::string_view::npos) return std::string(contents);
  std::string quoted;
  quoted.reserve(contents.size() + 2);
  quoted.append(1, '"').append(contents).append(1, '"');
  return syntax::unquote(quoted);
}

CredentialsSearch selectCredentials(const syntax::SipMessage& request, syntax::HeaderId id, std::string_view realm) {
  CredentialsSearch found;
  const auto& headers = request.headers();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (headers[i].id != id) continue;
    auto parsed = syntax::parseCredentials(headers[i].value, syntax::headerName(id));
    if (!parsed) {
      if (!found.malformed) found.malformed = parsed.error();
      continue;
    }
    if (!parsed->isDigest() || unquotePairs(parsed->realm) != realm) continue;
    found.ours = unquoted(i, *parsed);
    return found;
  }
  return found;
}

std::string_view credentialsShapeError(const SelectedCredentials& c, bool session) noexcept {
  if (c.raw.username.empty()) return "digest credentials without username";
  if (c.raw.nonce.empty()) return "digest credentials without nonce";
  if (c.raw.uri.empty()) return "digest credentials without uri";
  if (c.raw.response.empty()) return "digest credentials without response";
  if (!c.raw.qop.empty()) {
    if (!syntax::iequalsLower(c.raw.qop, "auth") && !syntax::iequalsLower(c.raw.qop, "auth-int")) {
      return "unsupported digest qop";
    }
    if (c.raw.cnonce.empty() || c.raw.nc.empty()) return "digest qop without cnonce or nc";
  }
  if (session && c.raw.cnonce.empty()) return "digest -sess algorithm without cnonce";
  return {};
}

}  // namespace parley::auth
