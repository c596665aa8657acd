// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace parley::syntax {

enum class UriScheme : std::uint8_t { Sip, Sips, Tel, Other };
enum class HostKind : std::uint8_t { None, Name, IPv4, IPv6 };

// Uri models a SIP/SIPS URI (RFC 3261 §19.1), a tel URI (RFC 3966, kept opaque) or any other
// absoluteURI (kept opaque). Every field is a view into the text it was parsed from, with escapes
// left in place; the owner of that text (normally a SipMessage) must outlive it. Plain value; any
// thread.
struct Uri {
  UriScheme scheme = UriScheme::Other;
  std::string_view schemeText;  // "sip", "SIPS", "tel", "isbn" ... as written
  std::string_view user;        // escaped form; empty when absent
  std::string_view password;    // escaped form
  bool hasUserInfo = false;     // an '@' was present
  bool hasPassword = false;
  std::string_view host;        // IPv6 references keep their brackets
  HostKind hostKind = HostKind::None;
  std::optional<std::uint16_t> port;
  std::string_view params;      // ";a=b;lr" with the leading ';', escapes in place
  std::string_view headers;     // "h=v&h2=v2" after '?', escapes in place
  std::string_view opaque;      // for tel and other schemes: everything after "scheme:"
  std::string_view text;        // the whole URI as written

  [[nodiscard]] bool isSip() const noexcept { return scheme == UriScheme::Sip || scheme == UriScheme::Sips; }

  // Looks up a uri-parameter by name (case-insensitive). Returns nullopt when absent and an empty
  // view for a parameter without a value (e.g. "lr"). The value keeps its escapes.
  [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const noexcept;
  [[nodiscard]] bool hasParam(std::string_view name) const noexcept { return param(name).has_value(); }

  // The port to use: the explicit one, else 5061 for sips and 5060 otherwise (§19.1.2).
  [[nodiscard]] std::uint16_t portOrDefault() const noexcept;
};

// Parses a URI that stands alone (Request-URI, or the inside of <...>). The whole text must be the
// URI: no surrounding LWS.
[[nodiscard]] Result<Uri> parseUri(std::string_view text) noexcept;
// The same, parsing into `out` (the parsers of name-addr and the Request-URI use it so that the
// Uri is not copied through every Result on the way up; on error `out` holds a partial parse).
[[nodiscard]] Result<void> parseUriInto(std::string_view text, Uri& out) noexcept;

// §19.1.4 equality: scheme, user and password compared after unescaping, case-sensitively; host
// case-insensitively; ports must both be absent or equal; user, ttl, method, maddr and transport
// parameters must match when present in either; other parameters must match when present in
// both; header components must match exactly (after unescaping, names case-insensitively).
[[nodiscard]] bool uriEquals(const Uri& a, const Uri& b) noexcept;

// Replaces %HH escapes by the octets they stand for. Returns the input unchanged (no copy of
// meaning) when it holds no '%'.
[[nodiscard]] std::string unescape(std::string_view s);

}  // namespace parley::syntax

namespace parley::syntax {
// Classifies a host as written in a URI or Via sent-by: IPv6 reference (with brackets), IPv4
// address or hostname. Returns HostKind::None when it is none of them.
[[nodiscard]] HostKind classifyHost(std::string_view host) noexcept;
// Scans the hostname or IPv4 address starting at `from` (alphanum - . _) and classifies it in the
// same pass: returns where the run ends and sets `kind` (None when the run is neither, or empty).
[[nodiscard]] std::size_t scanHost(std::string_view text, std::size_t from, HostKind& kind) noexcept;
}  // namespace parley::syntax
