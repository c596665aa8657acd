// SPDX-License-Identifier: MIT
#include "transport/send_rules.hpp"

#include "syntax/message_parser.hpp"

namespace parley::transport {

bool needsCongestionControl(TransportKind kind, std::string_view bytes) noexcept {
  return kind == TransportKind::Udp && bytes.size() > kUdpRequestLimit && !bytes.starts_with("SIP/");
}

Result<std::string> withTopViaTransport(std::string_view request, TransportKind kind) {
  auto buffer = std::make_shared<const std::string>(request);
  auto message = syntax::parseMessage(buffer, *buffer);
  if (!message) return tl::unexpected(message.error());
  std::string_view transport = message->topVia().transport;
  if (transport.empty()) return fail(Errc::Missing, "no transport in the top Via", "Via", 0);
  // The view points into *buffer, so its offset is the offset in the request.
  auto at = static_cast<std::size_t>(transport.data() - buffer->data());
  std::string out(request);
  out.replace(at, transport.size(), viaToken(kind));
  return out;
}

Result<std::uint16_t> sentByPortOfResponse(std::string_view response, TransportKind kind) {
  auto message = syntax::parseMessage(std::string(response));
  if (!message) return tl::unexpected(message.error());
  return message->topVia().port.value_or(kind == TransportKind::Tls ? 5061 : 5060);
}

ResponseAddress unreliableResponseAddress(const syntax::Via& via, const SocketAddress& source) {
  if (!via.maddr.empty()) {
    std::string_view host = via.maddr;
    if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return {std::string(host), via.port.value_or(5060)};
  }
  std::uint16_t port = via.rport || via.port == 0 ? source.port() : via.port.value_or(5060);
  return {source.ip(), port};
}

}  // namespace parley::transport
