// SPDX-License-Identifier: MIT
#include "syntax/bad_request.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "syntax/char_class.hpp"
#include "syntax/header_id.hpp"

namespace parley::syntax {
namespace {

struct RawHeader {
  HeaderId id;
  std::string_view name;
  std::string_view value;  // first line's value only (continuations kept in `line`)
  std::string_view line;   // the header with its continuation lines, no final line end
};

// Splits the header section leniently: CRLF or LF line ends, continuation lines joined, lines
// without a colon skipped. Stops at the empty line or the end of the bytes.
std::vector<RawHeader> scanHeaders(std::string_view raw, std::size_t pos) {
  std::vector<RawHeader> out;
  auto lineAt = [&](std::size_t p, std::size_t& next) {
    std::size_t lf = raw.find('\n', p);
    std::size_t end = lf == std::string_view::npos ? raw.size() : lf;
    next = lf == std::string_view::npos ? raw.size() : lf + 1;
    if (end > p && raw[end - 1] == '\r') --end;
    return raw.substr(p, end - p);
  };
  while (pos < raw.size() && out.size() < 512) {
    std::size_t next = 0;
    std::string_view line = lineAt(pos, next);
    if (line.empty()) break;
    std::size_t start = pos;
    std::size_t lastEnd = start + line.size();
    while (next < raw.size() && (raw[next] == ' ' || raw[next] == '\t')) {
      std::size_t after = 0;
      std::string_view cont = lineAt(next, after);
      lastEnd = next + cont.size();
      next = after;
    }
    std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && line[0] != ' ' && line[0] != '\t') {
      std::string_view name = trimLws(line.substr(0, colon));
      out.push_back(RawHeader{lookupHeader(name), name, trimLws(line.substr(colon + 1)), raw.substr(start, lastEnd - start)});
    }
    pos = next;
  }
  return out;
}

bool hasTag(std::string_view toLine) {
  for (std::size_t i = 0; i < toLine.size(); ++i) {
    if (toLine[i] != ';') continue;
    std::size_t j = i + 1;
    while (j < toLine.size() && cc::isLws(toLine[j])) ++j;
    if (iequals(toLine.substr(j, 3), "tag")) return true;
  }
  return false;
}

// FNV-1a of the Call-ID: a stable tag for every retransmission of the same bad request.
std::string tagFor(std::string_view callId) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : callId) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  char buf[20];
  auto r = std::to_chars(buf, buf + sizeof buf, h, 36);
  return std::string(buf, static_cast<std::size_t>(r.ptr - buf));
}

}  // namespace

std::optional<std::string> buildBadRequest(std::string_view raw, const Error& error, std::string_view server) {
  while (!raw.empty() && (raw.front() == '\r' || raw.front() == '\n')) raw.remove_prefix(1);
  std::size_t lf = raw.find('\n');
  std::string_view start = raw.substr(0, lf);
  if (start.size() >= 4 && iequals(start.substr(0, 4), "SIP/")) return std::nullopt;  // a response
  std::size_t sp = start.find(' ');
  if (sp == std::string_view::npos || start.substr(0, sp) == "ACK") return std::nullopt;
  if (lf == std::string_view::npos) return std::nullopt;
  std::vector<RawHeader> headers = scanHeaders(raw, lf + 1);
  bool via = false, callId = false, cseq = false;
  std::string_view callIdValue;
  for (const RawHeader& h : headers) {
    via = via || h.id == HeaderId::Via;
    cseq = cseq || h.id == HeaderId::CSeq;
    if (h.id == HeaderId::CallId && !callId) {
      callId = true;
      callIdValue = h.value;
    }
  }
  if (!via || !callId || !cseq) return std::nullopt;

  std::uint16_t status = error.status >= 400 && error.status <= 699 ? error.status : 400;
  std::string out = "SIP/2.0 ";
  out += std::to_string(status);
  out += ' ';
  std::string reason = error.reasonPhrase();
  for (char& c : reason) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  out += reason;
  out += "\r\n";
  for (const RawHeader& h : headers) {
    switch (h.id) {
      case HeaderId::Via:
      case HeaderId::From:
      case HeaderId::CallId:
      case HeaderId::CSeq:
        out.append(h.line).append("\r\n");
        break;
      case HeaderId::To:
        out.append(h.line);
        if (!hasTag(h.line)) out.append(";tag=").append(tagFor(callIdValue));
        out.append("\r\n");
        break;
      default:
        break;
    }
  }
  if (!server.empty()) out.append("Server: ").append(server).append("\r\n");
  out.append("Content-Length: 0\r\n\r\n");
  return out;
}

}  // namespace parley::syntax
