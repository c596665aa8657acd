// SPDX-License-Identifier: MIT
#include "syntax/via.hpp"

#include "syntax/header_params.hpp"

namespace parley::syntax {
namespace {

// Parses a decimal of at most `maxDigits` digits no larger than `max`.
std::optional<std::uint32_t> smallNumber(std::string_view v, std::size_t maxDigits, std::uint32_t max) {
  if (v.empty() || v.size() > maxDigits) return std::nullopt;
  std::uint32_t n = 0;
  for (char c : v) {
    if (!cc::isDigit(c)) return std::nullopt;
    n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (n > max) return std::nullopt;
  return n;
}

bool isAddress(std::string_view v) {
  // received = IPv4address / IPv6address; RFC 5118 notes IPv6 appears without brackets here, but
  // implementations also send brackets, so accept both.
  if (v.empty()) return false;
  if (v.find(':') != std::string_view::npos) {
    if (v.front() == '[') return classifyHost(v) == HostKind::IPv6;
    for (char c : v) {
      if (!cc::isHex(c) && c != ':' && c != '.') return false;
    }
    return true;
  }
  return classifyHost(v) == HostKind::IPv4;
}

}  // namespace

Result<Via> parseVia(Scanner& s) noexcept {
  Via v;
  if (auto r = parseViaInto(s, v); !r) return tl::unexpected(r.error());
  return v;
}

Result<void> parseViaInto(Scanner& s, Via& v) noexcept {
  v = Via{};
  s.skipLws();
  std::size_t start = s.pos();
  v.protocolName = s.token();
  if (v.protocolName.empty()) return s.error("missing protocol name");
  if (!s.separator('/')) return s.error("expected '/' after protocol name");
  v.protocolVersion = s.token();
  if (v.protocolVersion.empty()) return s.error("missing protocol version");
  if (!s.separator('/')) return s.error("expected '/' after protocol version");
  v.transport = s.token();
  if (v.transport.empty()) return s.error("missing transport");
  if (!iequals(v.protocolName, "SIP") || v.protocolVersion != "2.0") {
    return s.error("unsupported protocol version", 505);
  }
  if (!s.skipLws()) return s.error("expected LWS before sent-by");
  std::size_t hostAt = s.pos();
  if (s.peek() == '[') {
    std::size_t close = s.text().find(']', hostAt);
    if (close == std::string_view::npos) return s.error("unterminated IPv6 reference");
    s.seek(close + 1);
    v.hostKind = classifyHost(s.text().substr(hostAt, close + 1 - hostAt));
  } else {
    s.seek(scanHost(s.text(), hostAt, v.hostKind));
  }
  v.host = s.text().substr(hostAt, s.pos() - hostAt);
  if (v.hostKind == HostKind::None) {
    s.seek(hostAt);
    return s.error("invalid sent-by host");
  }
  if (s.separator(':')) {
    auto port = smallNumber(s.take(cc::kDigit), 5, 65535);
    if (!port) return s.error("invalid sent-by port");
    v.port = static_cast<std::uint16_t>(*port);
  }
  auto params = scanHeaderParams(s, [&v](const Param& p) -> std::string_view {
    if (iequals(p.name, "branch")) {
      if (!p.hasValue || p.value.front() == '"') return "invalid branch";
      v.branch = p.value;
    } else if (iequals(p.name, "received")) {
      if (!isAddress(p.value)) return "invalid received";
      v.received = p.value;
    } else if (iequals(p.name, "rport")) {
      v.rport = true;
      if (p.hasValue) {
        auto port = smallNumber(p.value, 5, 65535);
        if (!port) return "invalid rport";
        v.rportValue = static_cast<std::uint16_t>(*port);
      }
    } else if (iequals(p.name, "ttl")) {
      auto ttl = smallNumber(p.value, 3, 255);
      if (!ttl) return "invalid ttl";
      v.ttl = static_cast<std::uint8_t>(*ttl);
    } else if (iequals(p.name, "maddr")) {
      if (classifyHost(p.value) == HostKind::None) return "invalid maddr";
      v.maddr = p.value;
    }
    return {};
  });
  if (!params) return tl::unexpected(params.error());
  v.params = *params;
  std::size_t end = s.pos();
  s.skipLws();
  if (!s.atEnd() && s.peek() != ',') return s.error("unexpected character in Via");
  v.text = s.text().substr(start, end - start);
  return {};
}

std::optional<std::string_view> Via::param(std::string_view name) const noexcept {
  return findHeaderParam(params, name);
}

}  // namespace parley::syntax
