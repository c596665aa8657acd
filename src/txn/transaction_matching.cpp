// SPDX-License-Identifier: MIT
#include "txn/transaction_matching.hpp"

#include "syntax/char_class.hpp"

namespace parley::txn {

namespace {

using syntax::Method;
using syntax::SipMessage;

constexpr char kSeparator = '\x1f';  // cannot occur in a token, host or Call-ID

// The method whose transaction the request belongs to: ACK belongs to its INVITE (§17.2.3), and
// a CANCEL looked up as the target of a cancel looks for an INVITE (§9.2).
std::string_view transactionMethod(const SipMessage& request, MatchAs as) noexcept {
  if (request.method() == Method::Ack || as == MatchAs::TargetOfCancel) return "INVITE";
  return request.methodText();
}

bool topViaEquals(const syntax::Via& a, const syntax::Via& b) noexcept {
  return syntax::iequals(a.transport, b.transport) && syntax::iequals(a.host, b.host) && a.port == b.port &&
         a.branch == b.branch;
}

}  // namespace

std::string serverKey(const SipMessage& request, MatchAs as) {
  const syntax::Via& via = request.topVia();
  const std::string_view method = transactionMethod(request, as);
  std::string key;
  key.reserve(via.branch.size() + via.host.size() + method.size() + 10);
  key.append(via.branch).push_back(kSeparator);
  for (char c : via.host) key.push_back(syntax::cc::toLower(c));
  key.push_back(':');
  key.append(std::to_string(via.port.value_or(0))).push_back(kSeparator);
  key.append(method);
  return key;
}

std::string clientKey(const SipMessage& message) {
  std::string key(message.topVia().branch);
  key.push_back(kSeparator);
  key.append(message.cseq().methodText);
  return key;
}

std::string rfc2543Bucket(const SipMessage& request) {
  std::string key(request.callId());
  key.push_back(kSeparator);
  key.append(std::to_string(request.cseq().number));
  return key;
}

bool rfc2543Matches(const SipMessage& original, std::string_view responseToTag, const SipMessage& incoming,
                    MatchAs as) noexcept {
  const bool isAck = incoming.method() == Method::Ack && as == MatchAs::Itself;
  const std::string_view toTag = isAck ? responseToTag : original.to().tag;
  return original.methodText() == transactionMethod(incoming, as) && incoming.callId() == original.callId() &&
         incoming.cseq().number == original.cseq().number && incoming.from().tag == original.from().tag &&
         incoming.to().tag == toTag && topViaEquals(incoming.topVia(), original.topVia()) &&
         syntax::uriEquals(incoming.requestUri(), original.requestUri());
}

}  // namespace parley::txn
