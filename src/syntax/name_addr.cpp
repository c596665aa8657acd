// SPDX-License-Identifier: MIT
#include "syntax/name_addr.hpp"

#include "syntax/header_params.hpp"

namespace parley::syntax {
namespace {

// display-name = *(token LWS) / quoted-string. Leaves the scanner at '<' or returns an error.
Result<std::string_view> scanDisplayName(Scanner& s) noexcept {
  std::size_t start = s.pos();
  if (s.peek() == '"') {
    auto q = s.quotedString();
    if (!q) return tl::unexpected(q.error());
    std::string_view quoted = s.text().substr(start, s.pos() - start);
    s.skipLws();
    if (s.peek() != '<') return s.error("expected '<' after display name");
    return quoted;
  }
  std::size_t end = start;
  while (!s.atEnd()) {
    std::string_view tok = s.token();
    if (tok.empty()) break;
    end = s.pos();
    s.skipLws();
  }
  if (s.peek() != '<') return s.error("invalid character in display name");
  return s.text().substr(start, end - start);
}

// A URI error, moved to where the URI starts in the header value and named after the header.
Unexpected uriError(Error e, std::size_t uriStart, std::string_view where) {
  e.offset += static_cast<std::uint32_t>(uriStart);
  e.where = where;
  return Unexpected(e);
}

}  // namespace

Result<NameAddr> parseNameAddr(Scanner& s, bool inList, ParamSink sink) noexcept {
  NameAddr na;
  if (auto r = parseNameAddrInto(s, inList, na, sink); !r) return tl::unexpected(r.error());
  return na;
}

Result<void> parseNameAddrInto(Scanner& s, bool inList, NameAddr& na, ParamSink sink) noexcept {
  na = NameAddr{};
  s.skipLws();
  std::size_t start = s.pos();
  // Decide between name-addr and addr-spec: a quote or '<' starts a name-addr; so do tokens
  // followed by '<'. Otherwise the value is an addr-spec, which starts with "scheme:".
  bool nameAddr = s.peek() == '"' || s.peek() == '<';
  if (!nameAddr) {
    std::size_t p = s.pos();
    while (p < s.text().size() && (cc::isToken(s.text()[p]) || cc::isLws(s.text()[p]))) ++p;
    nameAddr = p < s.text().size() && s.text()[p] == '<';
  }
  if (nameAddr) {
    if (s.peek() != '<') {
      auto dn = scanDisplayName(s);
      if (!dn) return tl::unexpected(dn.error());
      na.displayName = *dn;
    }
    s.advance();  // '<'
    std::size_t uriStart = s.pos();
    if (cc::isLws(s.peek())) return s.error("whitespace after '<'");
    std::size_t close = s.text().find('>', uriStart);
    if (close == std::string_view::npos) return s.error("missing '>'");
    if (auto uri = parseUriInto(s.text().substr(uriStart, close - uriStart), na.uri); !uri) {
      return uriError(uri.error(), uriStart, s.where());
    }
    na.angleBrackets = true;
    s.seek(close + 1);
  } else {
    std::size_t uriStart = s.pos();
    while (!s.atEnd() && !cc::isLws(s.peek()) && s.peek() != ';' && !(inList && s.peek() == ',')) s.advance();
    std::string_view text = s.text().substr(uriStart, s.pos() - uriStart);
    if (text.empty()) return s.error("missing URI");
    if (text.find(':') == std::string_view::npos && s.text().find('<', uriStart) != std::string_view::npos) {
      // "Bell, Alexander <sip:...>": a display name with characters a token cannot hold.
      s.seek(uriStart);
      return s.error("invalid character in display name (quote it)");
    }
    if (auto uri = parseUriInto(text, na.uri); !uri) return uriError(uri.error(), uriStart, s.where());
    if (!na.uri.headers.empty()) {
      s.seek(uriStart);
      return s.error("URI with headers must be enclosed in <>");
    }
  }
  auto params = scanHeaderParams(s, sink);
  if (!params) return tl::unexpected(params.error());
  na.params = *params;
  std::size_t end = s.pos();
  s.skipLws();
  if (!s.atEnd() && !(inList && s.peek() == ',')) return s.error("unexpected character after address");
  na.text = s.text().substr(start, end - start);
  return {};
}

std::optional<std::string_view> NameAddr::param(std::string_view name) const noexcept {
  return findHeaderParam(params, name);
}

std::string NameAddr::display() const {
  return unquote(displayName);
}

Result<FromTo> parseFromTo(std::string_view value, std::string_view where) noexcept {
  FromTo ft;
  if (auto r = parseFromToInto(value, where, ft); !r) return tl::unexpected(r.error());
  return ft;
}

Result<void> parseFromToInto(std::string_view value, std::string_view where, FromTo& ft) noexcept {
  Scanner s(value, where);
  ft.tag = {};
  auto takeTag = [&ft](const Param& p) -> std::string_view {
    if (!iequalsLower(p.name, "tag")) return {};
    if (!p.hasValue || p.value.front() == '"') return "invalid tag";
    ft.tag = p.value;
    return {};
  };
  return parseNameAddrInto(s, false, ft.addr, sinkOf(takeTag));
}

}  // namespace parley::syntax
