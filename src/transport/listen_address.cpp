// SPDX-License-Identifier: MIT
#include "transport/listen_address.hpp"

#include <charconv>

#include "syntax/char_class.hpp"

namespace parley::transport {
namespace {

Unexpected bad(std::string_view what) { return fail(Errc::Malformed, what, "listen address"); }

}  // namespace

Result<ListenAddress> ListenAddress::parse(std::string_view text) noexcept {
  ListenAddress l;
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return bad("expected transport:address[:port]");
  std::string_view kind = text.substr(0, colon);
  if (syntax::iequals(kind, "udp")) {
    l.kind = TransportKind::Udp;
  } else if (syntax::iequals(kind, "tcp")) {
    l.kind = TransportKind::Tcp;
  } else if (syntax::iequals(kind, "tls")) {
    l.kind = TransportKind::Tls;
  } else {
    return bad("transport must be udp, tcp or tls");
  }
  std::string_view rest = text.substr(colon + 1);
  std::string_view host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return bad("unterminated IPv6 address");
    host = rest.substr(0, close + 1);
    rest = rest.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("expected ':' before the port");
      port = rest.substr(1);
      if (port.empty()) return bad("empty port");
    }
  } else {
    std::size_t c = rest.rfind(':');
    if (c != std::string_view::npos && rest.find(':') != c) return bad("IPv6 addresses need brackets");
    host = rest.substr(0, c);
    if (c != std::string_view::npos) {
      port = rest.substr(c + 1);
      if (port.empty()) return bad("empty port");
    }
  }
  std::uint32_t p = l.kind == TransportKind::Tls ? 5061 : 5060;
  if (!port.empty()) {
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p > 65535) return bad("invalid port");
  }
  auto addr = SocketAddress::fromIpPort(host, static_cast<std::uint16_t>(p));
  if (!addr) return bad("not a numeric IP address");
  l.address = *addr;
  return l;
}

std::string ListenAddress::toString() const {
  std::string out(viaToken(kind));
  for (char& c : out) c = static_cast<char>(c - 'A' + 'a');
  return out + ":" + address.toString();
}

}  // namespace parley::transport
