// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/header_id.hpp"
#include "syntax/method.hpp"
#include "syntax/name_addr.hpp"
#include "syntax/scalar_headers.hpp"
#include "syntax/uri.hpp"
#include "syntax/via.hpp"

namespace parley::syntax {

// One header line as received: its id, the name as written, the value (LWS-trimmed, folding
// kept) and the whole raw line without its CRLF (copied verbatim when re-serialising).
struct HeaderField {
  HeaderId id = HeaderId::Unknown;
  std::string_view name;
  std::string_view value;
  std::string_view line;
};

// The receive buffer a message pins. Immutable once parsed; shared by the message and anything
// that keeps views into it.
using Buffer = std::shared_ptr<const std::string>;

// SipMessage models one parsed SIP request or response (RFC 3261 §7). It pins the receive buffer;
// every view it hands out points into that buffer and stays valid as long as the message (or a
// copy of it) lives. The headers the transaction layer needs are parsed eagerly by the parser
// (top Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length); the rest are parsed on demand
// by the typed parsers (contact.hpp, route.hpp, auth.hpp ...). Created by parseMessage(); owned by
// whoever received it; immutable, so any thread may read it. Changes go through MessageEdits.
class SipMessage {
 public:
  [[nodiscard]] bool isRequest() const noexcept { return isRequest_; }
  [[nodiscard]] bool isResponse() const noexcept { return !isRequest_; }

  // Request line (requests only).
  [[nodiscard]] Method method() const noexcept { return method_; }
  [[nodiscard]] std::string_view methodText() const noexcept { return methodText_; }
  [[nodiscard]] const Uri& requestUri() const noexcept { return requestUri_; }
  // Status line (responses only).
  [[nodiscard]] std::uint16_t statusCode() const noexcept { return statusCode_; }
  [[nodiscard]] std::string_view reasonPhrase() const noexcept { return reason_; }
  [[nodiscard]] std::string_view startLine() const noexcept { return startLine_; }

  // Header lines in order of arrival.
  [[nodiscard]] const std::vector<HeaderField>& headers() const noexcept { return headers_; }
  [[nodiscard]] const HeaderField* find(HeaderId id) const noexcept;
  [[nodiscard]] std::size_t count(HeaderId id) const noexcept;

  // Eagerly parsed essentials.
  [[nodiscard]] const Via& topVia() const noexcept { return topVia_; }
  [[nodiscard]] const FromTo& from() const noexcept { return from_; }
  [[nodiscard]] const FromTo& to() const noexcept { return to_; }
  [[nodiscard]] std::string_view callId() const noexcept { return callId_; }
  [[nodiscard]] const CSeq& cseq() const noexcept { return cseq_; }
  [[nodiscard]] std::optional<std::uint8_t> maxForwards() const noexcept { return maxForwards_; }
  [[nodiscard]] std::optional<std::uint32_t> contentLength() const noexcept { return contentLength_; }

  [[nodiscard]] std::string_view body() const noexcept { return body_; }
  // The bytes of this message (start line to end of body), as received.
  [[nodiscard]] std::string_view bytes() const noexcept { return bytes_; }
  // Where a view handed out by this message starts, as a byte offset into bytes().
  [[nodiscard]] std::uint32_t offsetOf(std::string_view inside) const noexcept {
    return static_cast<std::uint32_t>(inside.data() - bytes_.data());
  }
  [[nodiscard]] const Buffer& buffer() const noexcept { return buffer_; }

 private:
  friend class MessageParser;

  Buffer buffer_;
  std::string_view bytes_;
  std::string_view startLine_;
  bool isRequest_ = true;
  Method method_ = Method::Unknown;
  std::string_view methodText_;
  Uri requestUri_;
  std::uint16_t statusCode_ = 0;
  std::string_view reason_;
  std::vector<HeaderField> headers_;
  Via topVia_;
  FromTo from_;
  FromTo to_;
  std::string_view callId_;
  CSeq cseq_;
  std::optional<std::uint8_t> maxForwards_;
  std::optional<std::uint32_t> contentLength_;
  std::string_view body_;
};

// Calls f(const HeaderField&) for every header line with the given id, in order.
template <class F>
void forEachHeader(const SipMessage& m, HeaderId id, F&& f) {
  for (const HeaderField& h : m.headers()) {
    if (h.id == id) f(h);
  }
}

}  // namespace parley::syntax
