// SPDX-License-Identifier: MIT
#include "syntax/response_builder.hpp"

#include <charconv>

#include "syntax/header_params.hpp"

namespace parley::syntax {
namespace {

void appendNumber(std::string& out, std::uint32_t n) {
  char buf[12];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void appendLine(std::string& out, std::string_view line) {
  out.append(line);
  out.append("\r\n");
}

// The header line up to the end of its (trimmed) value: what we extend with ";tag=".
std::string_view lineThroughValue(const HeaderField& h) {
  return h.line.substr(0, static_cast<std::size_t>(h.value.data() + h.value.size() - h.line.data()));
}

// Writes the top Via line with received/rport per §18.2.1 and RFC 3581 §4; the rest of the line is
// copied.
void appendTopVia(const SipMessage& req, const HeaderField& h, const ViaReceived& vr, std::string& out) {
  std::optional<std::string> value = topViaWithReceived(req, vr);
  if (!value) {
    appendLine(out, h.line);
    return;
  }
  out.append(h.line.data(), static_cast<std::size_t>(h.value.data() - h.line.data()));
  out.append(*value);
  const char* valueEnd = h.value.data() + h.value.size();
  out.append(valueEnd, static_cast<std::size_t>(h.line.data() + h.line.size() - valueEnd));
  out.append("\r\n");
}

}  // namespace

std::optional<std::string> topViaWithReceived(const SipMessage& request, const ViaReceived& vr) {
  const Via& via = request.topVia();
  const HeaderField* h = request.find(HeaderId::Via);
  bool addReceived = via.rport || via.host != vr.received;
  bool fillRport = via.rport && !via.rportValue;
  if (h == nullptr || vr.received.empty() || (!addReceived && !fillRport)) return std::nullopt;
  // The parameters of the top via-parm are rewritten (normalising their LWS); the other values of
  // the line are copied.
  std::string out;
  out.reserve(h->value.size() + 32);
  const char* paramsAt = via.params.empty() ? via.text.data() + via.text.size() : via.params.data();
  out.append(h->value.data(), static_cast<std::size_t>(paramsAt - h->value.data()));
  Scanner s(via.params, "Via");
  auto scanned = scanHeaderParams(s, [&](const Param& p) -> std::string_view {
    if (iequals(p.name, "received")) return {};  // replaced below
    out.push_back(';');
    out.append(p.name);
    if (iequals(p.name, "rport") && !p.hasValue) {
      out.push_back('=');
      appendNumber(out, vr.rport);
    } else if (p.hasValue) {
      out.push_back('=');
      out.append(p.value);
    }
    return {};
  });
  (void)scanned;  // the parser already accepted these parameters
  out.append(";received=");
  out.append(vr.received);
  const char* viaEnd = via.text.data() + via.text.size();
  out.append(viaEnd, static_cast<std::size_t>(h->value.data() + h->value.size() - viaEnd));
  return out;
}

void buildResponse(const SipMessage& request, std::uint16_t status, const ResponseExtras& extras, std::string& out) {
  out.clear();
  out.reserve(request.bytes().size() - request.body().size() + 128 + extras.extraHeaders.size() + extras.body.size());
  out.append("SIP/2.0 ");
  appendNumber(out, status);
  out.push_back(' ');
  out.append(extras.reason.empty() ? defaultReason(status) : extras.reason);
  out.append("\r\n");
  bool topViaDone = false;
  for (const HeaderField& h : request.headers()) {
    switch (h.id) {
      case HeaderId::Via:
        if (!topViaDone) {
          topViaDone = true;
          appendTopVia(request, h, extras.via, out);
        } else {
          appendLine(out, h.line);
        }
        break;
      case HeaderId::To:
        if (status > 100 && request.to().tag.empty() && !extras.toTag.empty()) {
          out.append(lineThroughValue(h));
          out.append(";tag=");
          out.append(extras.toTag);
          out.append("\r\n");
        } else {
          appendLine(out, h.line);
        }
        break;
      case HeaderId::From:
      case HeaderId::CallId:
      case HeaderId::CSeq:
        appendLine(out, h.line);
        break;
      case HeaderId::Timestamp:
        if (status == 100) appendLine(out, h.line);  // §8.2.6.1
        break;
      default:
        break;
    }
  }
  out.append(extras.extraHeaders);
  if (!extras.server.empty()) {
    out.append("Server: ");
    out.append(extras.server);
    out.append("\r\n");
  }
  if (!extras.body.empty() && !extras.contentType.empty()) {
    out.append("Content-Type: ");
    out.append(extras.contentType);
    out.append("\r\n");
  }
  out.append("Content-Length: ");
  appendNumber(out, static_cast<std::uint32_t>(extras.body.size()));
  out.append("\r\n\r\n");
  out.append(extras.body);
}

}  // namespace parley::syntax
