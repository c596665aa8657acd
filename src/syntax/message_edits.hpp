// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "syntax/message.hpp"

namespace parley::syntax {

// MessageEdits records changes to a parsed message as edits against its header lines, so that
// serialize() can write the changed message copying every untouched byte straight from the
// receive buffer (STYLE §8.5). Typical proxy use: push a Via, pop a Route, add Record-Route,
// decrement Max-Forwards, rewrite the Request-URI. Indexes refer to SipMessage::headers() of the
// message the edits are for. Owned by the code forwarding the message; one thread.
class MessageEdits {
 public:
  // Replaces the Request-URI (requests only).
  void setRequestUri(std::string uri) { requestUri_ = std::move(uri); }
  // Inserts a header line before header `index` (headers().size() appends after the last one).
  void insertBefore(std::size_t index, HeaderId id, std::string value);
  // Inserts a header line above all others (e.g. the new top Via, a Record-Route).
  void prepend(HeaderId id, std::string value) { insertBefore(0, id, std::move(value)); }
  // Appends a header line after all others.
  void append(HeaderId id, std::string value) { insertBefore(kEnd, id, std::move(value)); }
  // Replaces the value of header `index`, keeping its name as written.
  void replaceValue(std::size_t index, std::string value);
  // Removes header `index`.
  void remove(std::size_t index);
  // Replaces the body; Content-Length is rewritten to match.
  void setBody(std::string body) { body_ = std::move(body); }

  [[nodiscard]] bool empty() const noexcept;

  static constexpr std::size_t kEnd = static_cast<std::size_t>(-1);

 private:
  friend void serialize(const SipMessage& m, const MessageEdits& edits, std::string& out);

  struct Insert {
    std::size_t before;
    HeaderId id;
    std::string value;
  };
  struct Change {
    std::size_t index;
    std::optional<std::string> value;  // nullopt: remove
  };
  std::optional<std::string> requestUri_;
  std::vector<Insert> inserts_;
  std::vector<Change> changes_;
  std::optional<std::string> body_;
};

// Writes the message with the edits applied into `out` (cleared first). Untouched header lines,
// the start line and the body are copied byte for byte; Content-Length follows the body.
void serialize(const SipMessage& m, const MessageEdits& edits, std::string& out);

// Proxy helpers (RFC 3261 §16.6). Each records its change in `edits`.
// Removes the first value of the top Via (the whole line if it holds only that value).
[[nodiscard]] Result<void> popTopVia(const SipMessage& m, MessageEdits& edits);
// Removes the first Route value (the whole line if it holds only that value).
[[nodiscard]] Result<void> popTopRoute(const SipMessage& m, MessageEdits& edits);
// Decrements Max-Forwards, or adds "Max-Forwards: 70" when absent (§16.6 step 3). Fails when it
// is already 0 (the caller answers 483).
[[nodiscard]] Result<void> decrementMaxForwards(const SipMessage& m, MessageEdits& edits);

}  // namespace parley::syntax
