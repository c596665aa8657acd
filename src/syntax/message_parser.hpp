// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "syntax/message.hpp"

namespace parley::syntax {

// Limits the parser enforces on peer input.
struct ParseLimits {
  std::uint32_t maxMessageSize = 64 * 1024;  // bytes, start line to end of body
  std::uint32_t maxHeaders = 256;            // header lines (after unfolding)
};

// How the bytes were delimited: a UDP datagram (RFC 3261 §18.3: octets past Content-Length are
// ignored, a missing Content-Length means the body runs to the end) or one message cut out of a
// stream by StreamFramer (the bytes are exactly the message).
enum class Framing : std::uint8_t { Datagram, Stream };

// MessageParser turns bytes into a SipMessage in one pass: start line, header lines split and
// tagged with their HeaderId, the essential headers parsed, the body delimited. It does no I/O
// and allocates only the header vector. Errors name the element and byte offset and carry the
// status to answer with (400, 505, 513). Stateless; any thread.
class MessageParser {
 public:
  [[nodiscard]] static Result<SipMessage> parse(Buffer buffer, std::string_view bytes, Framing framing,
                                                const ParseLimits& limits) noexcept;

 private:
  static Result<void> parseAfterCrlfs(SipMessage& m, Buffer buffer, std::string_view bytes, Framing framing,
                                      const ParseLimits& limits, std::size_t& skipped) noexcept;
  static Result<void> parseStartLine(SipMessage& m, std::string_view line, std::size_t at) noexcept;
  static Result<std::size_t> splitHeaders(SipMessage& m, std::size_t pos, const ParseLimits& limits) noexcept;
  struct Seen {
    bool via = false, from = false, to = false, callId = false, cseq = false;
  };
  static Result<void> parseEssential(SipMessage& m, const HeaderField& h, Seen& seen, const ParseLimits& limits) noexcept;
  static Result<void> checkMandatory(const SipMessage& m, const Seen& seen) noexcept;
  static Result<void> frameBody(SipMessage& m, std::size_t bodyStart, Framing framing) noexcept;
};

// Parses `bytes` (a view into *buffer) as one message.
[[nodiscard]] inline Result<SipMessage> parseMessage(Buffer buffer, std::string_view bytes,
                                                     Framing framing = Framing::Datagram,
                                                     const ParseLimits& limits = {}) noexcept {
  return MessageParser::parse(std::move(buffer), bytes, framing, limits);
}

// Convenience for tests and tools: takes ownership of the bytes.
[[nodiscard]] Result<SipMessage> parseMessage(std::string bytes, Framing framing = Framing::Datagram,
                                              const ParseLimits& limits = {});

}  // namespace parley::syntax
