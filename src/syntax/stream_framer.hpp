// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.hpp"

namespace parley::syntax {

// What StreamFramer found at the front of a stream buffer.
enum class FrameKind : std::uint8_t {
  Incomplete,  // need more bytes; nothing consumed
  Message,     // `size` bytes form one SIP message (start line to end of body)
  KeepAlive,   // "\r\n\r\n" ping (RFC 5626 §4.4.1): consume `size` bytes and answer "\r\n"
  Pong,        // a lone "\r\n" (a pong or stray CRLF, §7.5): consume `size` bytes, no answer
};

struct Frame {
  FrameKind kind = FrameKind::Incomplete;
  std::size_t size = 0;
};

// StreamFramer cuts SIP messages out of a TCP/TLS byte stream (RFC 3261 §18.3, §7.5): it skips
// CRLF keep-alives, finds the end of the header section, reads Content-Length (long or compact
// form) and says how many bytes make the next message. It enforces the size limits before the
// bytes arrive, so a peer cannot make a connection buffer grow without bound. A missing
// Content-Length is taken as 0 (we are liberal: §18.3 makes it mandatory on streams, and the
// alternative is waiting forever). Stateless apart from its limits; one per connection is not
// needed. Any thread.
class StreamFramer {
 public:
  explicit StreamFramer(std::uint32_t maxMessageSize = 64 * 1024) noexcept : maxMessageSize_(maxMessageSize) {}

  // Looks at the buffered bytes of one connection. Errors (message too large, bad
  // Content-Length, headers too long) mean the connection must be closed after an optional
  // response: the stream can no longer be re-synchronised.
  [[nodiscard]] Result<Frame> next(std::string_view buffered) const noexcept;

 private:
  std::uint32_t maxMessageSize_;
};

}  // namespace parley::syntax
