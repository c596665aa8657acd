// SPDX-License-Identifier: MIT
#include "syntax/stream_framer.hpp"

#include <cstring>
#include <optional>

#include "syntax/char_class.hpp"
#include "syntax/scalar_headers.hpp"

namespace parley::syntax {
namespace {

// Index just past the empty line that ends the header section ("\r\n\r\n" or a bare-LF variant),
// or npos when it has not arrived yet.
std::size_t headerSectionEnd(std::string_view s) {
  std::size_t from = 0;
  while (from < s.size()) {
    const void* p = std::memchr(s.data() + from, '\n', s.size() - from);
    if (p == nullptr) return std::string_view::npos;
    std::size_t lf = static_cast<std::size_t>(static_cast<const char*>(p) - s.data());
    if (lf + 1 < s.size() && s[lf + 1] == '\n') return lf + 2;
    if (lf + 2 < s.size() && s[lf + 1] == '\r' && s[lf + 2] == '\n') return lf + 3;
    from = lf + 1;
  }
  return std::string_view::npos;
}

// True when the header line starting at `line` is Content-Length (long or compact form);
// `valueAt` receives the index after the colon.
bool isContentLength(std::string_view s, std::size_t line, std::size_t& valueAt) {
  std::size_t i = line;
  while (i < s.size() && cc::isToken(s[i])) ++i;
  std::string_view name = s.substr(line, i - line);
  if (!(iequals(name, "Content-Length") || iequals(name, "l"))) return false;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= s.size() || s[i] != ':') return false;
  valueAt = i + 1;
  return true;
}

// Content-Length of the header section `head` (0 when absent). Several Content-Length headers are
// an error even when they agree: the stream cannot be trusted any more.
Result<std::uint32_t> contentLengthOf(std::string_view head, std::uint32_t limit) {
  std::optional<std::uint32_t> found;
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t lf = head.find('\n', pos);
    if (lf == std::string_view::npos) lf = head.size();
    std::size_t valueAt = 0;
    if (pos > 0 && isContentLength(head, pos, valueAt)) {
      // The value runs to the end of the line plus any continuation lines.
      std::size_t end = lf;
      while (end + 1 < head.size() && (head[end + 1] == ' ' || head[end + 1] == '\t')) {
        std::size_t next = head.find('\n', end + 1);
        end = next == std::string_view::npos ? head.size() : next;
      }
      if (found) return fail(Errc::Conflict, "header appears more than once", "Content-Length", 400, static_cast<std::uint32_t>(pos));
      auto n = parseContentLength(head.substr(valueAt, end - valueAt), limit);
      if (!n) {
        Error e = n.error();
        e.offset = static_cast<std::uint32_t>(valueAt);
        return tl::unexpected(e);
      }
      found = *n;
      lf = end;
    }
    pos = lf + 1;
  }
  return found.value_or(0);
}

}  // namespace

Result<Frame> StreamFramer::next(std::string_view buffered) const noexcept {
  if (buffered.empty()) return Frame{};
  // RFC 5626 §4.4.1 keep-alive ping, or CRLFs before a start line (§7.5).
  if (buffered[0] == '\r' || buffered[0] == '\n') {
    if (buffered.substr(0, 4) == "\r\n\r\n") return Frame{FrameKind::KeepAlive, 4};
    if (buffered[0] == '\n') return Frame{FrameKind::Pong, 1};
    if (buffered.size() < 2) return Frame{};
    if (buffered[1] != '\n') return fail(Errc::Malformed, "CR not followed by LF", "Message", 400, 0);
    // "\r\n" might be the first half of a ping: wait until we can tell.
    if (buffered.size() < 4 && std::string_view("\r\n\r\n").substr(0, buffered.size()) == buffered) return Frame{};
    return Frame{FrameKind::Pong, 2};
  }
  std::size_t headEnd = headerSectionEnd(buffered);
  if (headEnd == std::string_view::npos) {
    if (buffered.size() > maxMessageSize_) {
      return fail(Errc::TooLarge, "header section larger than the configured limit", "Message", 513, 0);
    }
    return Frame{};
  }
  auto length = contentLengthOf(buffered.substr(0, headEnd), maxMessageSize_);
  if (!length) return tl::unexpected(length.error());
  std::size_t total = headEnd + *length;
  if (total > maxMessageSize_) {
    return fail(Errc::TooLarge, "message larger than the configured limit", "Message", 513, 0);
  }
  if (buffered.size() < total) return Frame{};
  return Frame{FrameKind::Message, total};
}

}  // namespace parley::syntax
