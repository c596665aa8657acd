// SPDX-License-Identifier: MIT
#include "tu/proxy/stateless_forwarding.hpp"

#include "syntax/char_class.hpp"
#include "syntax/message_edits.hpp"
#include "syntax/scanner.hpp"
#include "syntax/via.hpp"

namespace parley::tu {

std::vector<syntax::Via> viaValues(const syntax::SipMessage& message) {
  std::vector<syntax::Via> all;
  for (const syntax::HeaderField& h : message.headers()) {
    if (h.id != syntax::HeaderId::Via) continue;
    syntax::Scanner s(h.value, "Via");
    while (!s.atEnd()) {
      auto via = syntax::parseVia(s);
      if (!via) return all;
      all.push_back(*via);
      s.skipLws();
      if (!s.separator(',')) break;
    }
  }
  return all;
}

std::optional<txn::TransportTarget> responseHop(const syntax::Via& next) {
  txn::TransportKind kind;
  if (syntax::iequals(next.transport, "UDP")) {
    kind = txn::TransportKind::Udp;
  } else if (syntax::iequals(next.transport, "TCP")) {
    kind = txn::TransportKind::Tcp;
  } else if (syntax::iequals(next.transport, "TLS")) {
    kind = txn::TransportKind::Tls;
  } else {
    return std::nullopt;
  }
  auto unbracket = [](std::string_view h) {
    return h.size() > 1 && h.front() == '[' && h.back() == ']' ? h.substr(1, h.size() - 2) : h;
  };
  const std::uint16_t defaultPort = kind == txn::TransportKind::Tls ? 5061 : 5060;
  if (!next.maddr.empty()) {
    return txn::TransportTarget::of(kind, std::string(unbracket(next.maddr)), next.port.value_or(defaultPort));
  }
  std::string_view host = next.received.empty() ? next.host : next.received;
  std::uint16_t port = next.rportValue ? *next.rportValue : next.port.value_or(defaultPort);
  return txn::TransportTarget::of(kind, std::string(unbracket(host)), port);
}

std::optional<StatelessForward> forwardStrayResponse(const syntax::SipMessage& response, const IsOurAddress& ours) {
  if (!response.isResponse() || response.cseq().method != syntax::Method::Invite) return std::nullopt;
  if (response.statusCode() < 200 || response.statusCode() > 299) return std::nullopt;
  std::vector<syntax::Via> vias = viaValues(response);
  if (vias.size() < 2 || !isOurVia(ours, vias[0])) return std::nullopt;
  auto target = responseHop(vias[1]);
  if (!target) return std::nullopt;
  syntax::MessageEdits edits;
  if (!syntax::popTopVia(response, edits)) return std::nullopt;
  StatelessForward out;
  syntax::serialize(response, edits, out.bytes);
  out.target = std::move(*target);
  return out;
}

}  // namespace parley::tu
