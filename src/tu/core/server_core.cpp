// SPDX-License-Identifier: MIT
#include "tu/core/server_core.hpp"

#include "syntax/char_class.hpp"
#include "syntax/message_parser.hpp"
#include "syntax/misc_headers.hpp"
#include "syntax/response_builder.hpp"

namespace parley::tu {

using syntax::HeaderId;
using syntax::Method;

bool ServerCore::isOurDomain(std::string_view host) const noexcept {
  if (!host.empty() && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  for (const auto& d : config_.domains) {
    if (syntax::iequals(d, host)) return true;
  }
  for (const auto& a : config_.addresses) {
    if (syntax::iequals(a, host)) return true;
  }
  return false;
}

bool ServerCore::isAddressedToUs(const syntax::Uri& uri) const noexcept {
  return uri.isSip() && !uri.hasUserInfo && isOurDomain(uri.host);
}

std::uint16_t ServerCore::decide(const syntax::SipMessage& request, std::string& extra) const {
  // §9.2: a CANCEL is matched to its INVITE before anything else; we keep no INVITE pending yet.
  if (request.method() == Method::Cancel) {
    return table_ != nullptr && table_->findCancelTarget(request) ? 200 : 481;
  }
  // §8.2.1: method inspection.
  if (request.method() == Method::Unknown) return 501;
  if (request.method() != Method::Options) {
    extra.append(kAllow);
    return 405;
  }
  // §8.2.2.1: To and Request-URI.
  const syntax::Uri& ruri = request.requestUri();
  if (!ruri.isSip() && ruri.scheme != syntax::UriScheme::Tel) return 416;
  if (!isAddressedToUs(ruri)) return 404;
  // §8.2.2.3: we implement no extension yet, so any Require tag is unsupported.
  auto required = syntax::parseTokenList(request, HeaderId::Require);
  if (!required) return 400;
  if (!required->empty()) {
    extra.append("Unsupported: ");
    for (std::size_t i = 0; i < required->size(); ++i) {
      if (i > 0) extra.append(", ");
      extra.append((*required)[i]);
    }
    extra.append("\r\n");
    return 420;
  }
  extra.append(kAllow);
  extra.append(kCapabilities);
  return 200;
}

void ServerCore::reply(txn::TransactionId id, const syntax::SipMessage& request, const txn::TransportTarget& source,
                       std::uint16_t status, std::string_view extraHeaders) noexcept {
  if (table_ == nullptr) return;
  std::string tag = random_.token(10);
  syntax::ResponseExtras extras;
  extras.toTag = tag;
  extras.server = config_.serverName;
  extras.extraHeaders = extraHeaders;
  extras.via = syntax::ViaReceived{source.address, source.port};
  auto response = syntax::parseMessage(syntax::buildResponse(request, status, extras));
  // Our own response always parses; if it ever does not, the transaction is left to time out.
  if (response) (void)table_->respond(id, *response);
}

void ServerCore::onRequest(txn::TransactionId id, const syntax::SipMessage& request,
                           const txn::TransportTarget& source) noexcept {
  ++stats_.requests;
  std::string extra;
  std::uint16_t status = decide(request, extra);
  reply(id, request, source, status, extra);
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
