// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace parley {

// What went wrong, in categories a caller can act on. The SIP status (if any) travels in Error.
enum class Errc : std::uint8_t {
  Malformed,       // the peer's bytes break the grammar (RFC 3261 §25)
  TooLarge,        // a configured size or count limit was exceeded
  Unsupported,     // well-formed but not something we implement (e.g. SIP/3.0)
  Missing,         // a mandatory element is absent
  Conflict,        // elements disagree (CSeq method vs request method, two Content-Lengths)
  Io,              // a system call failed
  Internal,        // a bug: an invariant of our own broke
};

// Error models one failure on the message path. It is a small value: `what` and `where` point at
// static strings (a reason and the canonical header name from the header table), so building one
// never allocates and it may outlive the message that caused it. `offset` is the byte offset in
// the input where the problem was found. Owned by whoever holds the Result; any thread.
struct Error {
  Errc code = Errc::Internal;
  std::uint16_t status = 0;      // SIP status to answer with, 0 when the caller must decide
  std::uint32_t offset = 0;      // byte offset into the parsed buffer
  std::string_view what;         // static text: what is wrong
  std::string_view where;        // static text: which element (header name, "Request-Line", ...)

  // "Bad Via: empty parameter" style text, usable as a SIP reason phrase.
  [[nodiscard]] std::string reasonPhrase() const;
};

template <class T>
using Result = tl::expected<T, Error>;

using Unexpected = tl::unexpected<Error>;

// Shorthand to return an error: `return fail(Errc::Malformed, "empty parameter", "Via", 400, off);`
[[nodiscard]] inline Unexpected fail(Errc code, std::string_view what, std::string_view where = {},
                                     std::uint16_t status = 400, std::uint32_t offset = 0) noexcept {
  return Unexpected(Error{code, status, offset, what, where});
}

}  // namespace parley
