// SPDX-License-Identifier: MIT
#include "tu/core/server_core.hpp"

#include "syntax/char_class.hpp"
#include "syntax/message_parser.hpp"
#include "syntax/misc_headers.hpp"
#include "syntax/response_builder.hpp"

namespace parley::tu {

using syntax::HeaderId;
using syntax::Method;

bool servesHost(const CoreConfig& config, std::string_view host) noexcept {
  if (!host.empty() && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  for (const auto& d : config.domains) {
    if (syntax::iequals(d, host)) return true;
  }
  for (const auto& a : config.addresses) {
    if (syntax::iequals(a, host)) return true;
  }
  return false;
}

std::string realmFor(const CoreConfig& config, std::string_view host) {
  if (!config.realm.empty()) return config.realm;
  std::string lower;
  lower.reserve(host.size());
  for (char c : host) lower.push_back(syntax::cc::toLower(c));
  for (const auto& d : config.domains) {
    if (syntax::iequals(d, lower)) return lower;
  }
  return config.domains.empty() ? lower : config.domains.front();
}

bool ServerCore::isOurDomain(std::string_view host) const noexcept { return servesHost(config_, host); }

bool ServerCore::isAddressedToUs(const syntax::Uri& uri) const noexcept {
  return uri.isSip() && !uri.hasUserInfo && isOurDomain(uri.host);
}

void ServerCore::serve(Method method, RequestHandler& handler) noexcept {
  if (method != Method::Register) return;
  registrar_ = &handler;
  allow_ = "Allow: OPTIONS, ACK, CANCEL, REGISTER\r\n";
}

std::string ServerCore::capabilityLines() const {
  std::string lines = "Accept: application/sdp\r\nSupported: ";
  for (std::size_t i = 0; i < config_.supported.size(); ++i) {
    if (i > 0) lines.append(", ");
    lines.append(config_.supported[i]);
  }
  lines.append("\r\n");
  return lines;
}

Result<std::string> ServerCore::unsupportedLine(const syntax::SipMessage& request) const {
  auto required = syntax::parseTokenList(request, HeaderId::Require);
  if (!required) return tl::unexpected(required.error());
  std::string line;
  for (std::string_view tag : *required) {
    bool known = false;
    for (const auto& s : config_.supported) known = known || syntax::iequals(s, tag);
    if (known) continue;
    line.append(line.empty() ? "Unsupported: " : ", ");
    line.append(tag);
  }
  if (!line.empty()) line.append("\r\n");
  return line;
}

Reply ServerCore::decide(const syntax::SipMessage& request, const txn::TransportTarget& source) const {
  // §9.2: a CANCEL is matched to its INVITE before anything else; we keep no INVITE pending yet.
  if (request.method() == Method::Cancel) {
    return Reply{static_cast<std::uint16_t>(table_ != nullptr && table_->findCancelTarget(request) ? 200 : 481)};
  }
  // §8.2.1: method inspection.
  if (request.method() == Method::Unknown) return Reply{501};
  RequestHandler* handler = request.method() == Method::Register ? registrar_ : nullptr;
  if (handler == nullptr && request.method() != Method::Options) return Reply{405, {}, allow_};
  // §8.2.2.1: Request-URI. A handler judges its own Request-URIs (§10.3 step 1 for REGISTER).
  const syntax::Uri& ruri = request.requestUri();
  if (!ruri.isSip() && ruri.scheme != syntax::UriScheme::Tel) return Reply{416};
  if (handler == nullptr && !isAddressedToUs(ruri)) return Reply{404};
  // §8.2.2.3: Require.
  auto unsupported = unsupportedLine(request);
  if (!unsupported) return Reply{400, unsupported.error().reasonPhrase()};
  if (!unsupported->empty()) return Reply{420, {}, std::move(*unsupported)};
  if (handler != nullptr) return handler->handle(request, source);
  return Reply{200, {}, allow_ + capabilityLines()};
}

void ServerCore::respond(txn::TransactionId id, const syntax::SipMessage& request, const txn::TransportTarget& source,
                       const Reply& answer) noexcept {
  if (table_ == nullptr) return;
  std::string tag = answer.status > 100 ? random_.token(10) : std::string();
  syntax::ResponseExtras extras;
  extras.toTag = tag;
  extras.reason = answer.reason;
  extras.server = config_.serverName;
  extras.extraHeaders = answer.headers;
  extras.via = syntax::ViaReceived{source.address, source.port};
  auto response = syntax::parseMessage(syntax::buildResponse(request, answer.status, extras));
  // Our own response always parses; if it ever does not, the transaction is left to time out.
  if (response) (void)table_->respond(id, *response);
}

void ServerCore::onRequest(txn::TransactionId id, const syntax::SipMessage& request,
                           const txn::TransportTarget& source) noexcept {
  ++stats_.requests;
  respond(id, request, source, decide(request, source));
}

void ServerCore::onAck(txn::TransactionId, const syntax::SipMessage&, const txn::TransportTarget&) noexcept {
  ++stats_.strayAcks;  // we never send a 2xx to INVITE, so no ACK is ours
}

void ServerCore::onResponse(txn::TransactionId, const syntax::SipMessage&) noexcept {}

void ServerCore::onStrayResponse(const syntax::SipMessage&) noexcept { ++stats_.strayResponses; }

void ServerCore::onTimeout(txn::TransactionId, txn::Timeout) noexcept { ++stats_.timeouts; }

void ServerCore::onTransportError(txn::TransactionId) noexcept { ++stats_.transportErrors; }

void ServerCore::onTerminated(txn::TransactionId) noexcept {}

}  // namespace parley::tu
