// SPDX-License-Identifier: MIT
#include "sip_samples.hpp"

#include <cstdio>
#include <cstdlib>

#include "syntax/message_parser.hpp"

namespace parley::test {

std::string SampleMessages::requestText(const RequestSpec& s) {
  std::string out = s.method + " " + s.uri + " SIP/2.0\r\n";
  out += "Via: SIP/2.0/" + s.viaTransport + " " + s.viaHost + ":" + std::to_string(s.viaPort);
  if (!s.branch.empty()) out += ";branch=" + s.branch;
  out += "\r\nMax-Forwards: 70\r\n";
  for (const std::string& r : s.routes) out += "Route: " + r + "\r\n";
  out += "From: Alice <sip:alice@atlanta.example.com>;tag=" + s.fromTag + "\r\n";
  out += "To: Bob <sip:bob@biloxi.example.com>";
  if (!s.toTag.empty()) out += ";tag=" + s.toTag;
  out += "\r\nCall-ID: " + s.callId + "\r\n";
  out += "CSeq: " + std::to_string(s.cseq) + " " + s.method + "\r\n";
  out += "Contact: <sip:alice@pc33.atlanta.example.com>\r\nContent-Length: 0\r\n\r\n";
  return out;
}

syntax::SipMessage SampleMessages::request(const RequestSpec& spec) { return parse(requestText(spec)); }

syntax::SipMessage SampleMessages::response(const syntax::SipMessage& request, std::uint16_t status,
                                            std::string_view toTag) {
  std::string out = "SIP/2.0 " + std::to_string(status) + " Sample\r\n";
  for (const syntax::HeaderField& h : request.headers()) {
    switch (h.id) {
      case syntax::HeaderId::Via:
      case syntax::HeaderId::From:
      case syntax::HeaderId::CallId:
      case syntax::HeaderId::CSeq: out.append(h.line).append("\r\n"); break;
      case syntax::HeaderId::To:
        out.append(h.line);
        if (request.to().tag.empty() && !toTag.empty()) out.append(";tag=").append(toTag);
        out.append("\r\n");
        break;
      default: break;
    }
  }
  out += "Content-Length: 0\r\n\r\n";
  return parse(std::move(out));
}

syntax::SipMessage SampleMessages::parse(std::string bytes) {
  auto parsed = syntax::parseMessage(bytes);
  if (!parsed) {
    std::fprintf(stderr, "sample message does not parse: %s\n%s\n", parsed.error().reasonPhrase().c_str(),
                 bytes.c_str());
    std::abort();
  }
  return std::move(*parsed);
}

}  // namespace parley::test
