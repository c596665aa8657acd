// SPDX-License-Identifier: MIT
#include "syntax/request_builder.hpp"

#include <string_view>

namespace parley::syntax {

namespace {

void appendHeader(std::string& out, HeaderId id, std::string_view value) {
  out.append(headerName(id)).append(": ").append(value).append("\r\n");
}

std::string_view valueOf(const SipMessage& m, HeaderId id) noexcept {
  const HeaderField* h = m.find(id);
  return h != nullptr ? h->value : std::string_view{};
}

// The request line, top Via and Max-Forwards, then From, To, Call-ID, CSeq, Route, Content-Length.
std::string buildDerived(std::string_view method, const SipMessage& request, std::string_view to) {
  std::string out;
  out.reserve(request.bytes().size());
  out.append(method).append(" ").append(request.requestUri().text).append(" SIP/2.0\r\n");
  appendHeader(out, HeaderId::Via, request.topVia().text);
  appendHeader(out, HeaderId::MaxForwards, "70");
  appendHeader(out, HeaderId::From, valueOf(request, HeaderId::From));
  appendHeader(out, HeaderId::To, to);
  appendHeader(out, HeaderId::CallId, request.callId());
  out.append(headerName(HeaderId::CSeq)).append(": ").append(std::to_string(request.cseq().number));
  out.append(" ").append(method).append("\r\n");
  // §17.1.1.3 and §9.1: the Route header fields of the original request, in order.
  forEachHeader(request, HeaderId::Route, [&](const HeaderField& h) { appendHeader(out, HeaderId::Route, h.value); });
  appendHeader(out, HeaderId::ContentLength, "0");
  out.append("\r\n");
  return out;
}

}  // namespace

std::string buildAckForNon2xx(const SipMessage& invite, const SipMessage& response) noexcept {
  return buildDerived("ACK", invite, valueOf(response, HeaderId::To));
}

std::string buildCancel(const SipMessage& request) noexcept {
  return buildDerived("CANCEL", request, valueOf(request, HeaderId::To));
}

}  // namespace parley::syntax
