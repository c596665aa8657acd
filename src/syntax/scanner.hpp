// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/result.hpp"
#include "syntax/char_class.hpp"
#include "syntax/find_either.hpp"

namespace parley::syntax {

// Scanner walks one header value (or start-line element) left to right for the typed parsers.
// It never copies: everything it returns is a view into the scanned text. Positions are offsets
// into that text; callers rebase them onto the message. Lives on the stack of one parse call.
// Folding (CRLF followed by SP/HT) was validated when the header was split, so CR and LF met here
// are LWS.
class Scanner {
 public:
  // `where` names the element in errors (a static string such as "Via").
  constexpr Scanner(std::string_view text, std::string_view where) noexcept
      : text_(text), where_(where) {}

  [[nodiscard]] constexpr bool atEnd() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] constexpr char peek() const noexcept { return atEnd() ? '\0' : text_[pos_]; }
  [[nodiscard]] constexpr std::size_t pos() const noexcept { return pos_; }
  [[nodiscard]] constexpr std::string_view rest() const noexcept { return text_.substr(pos_); }
  [[nodiscard]] constexpr std::string_view text() const noexcept { return text_; }
  [[nodiscard]] constexpr std::string_view where() const noexcept { return where_; }
  constexpr void advance(std::size_t n = 1) noexcept { pos_ += n; }
  constexpr void seek(std::size_t p) noexcept { pos_ = p; }

  // Skips SP, HTAB, CR, LF. Returns whether anything was skipped.
  constexpr bool skipLws() noexcept {
    std::size_t start = pos_;
    pos_ = runEnd(start, cc::kLws);
    return pos_ != start;
  }

  // Consumes `c` (after optional LWS) and the LWS after it: the SEMI, COMMA, EQUAL, SLASH, COLON
  // separators of §25.1. Leaves the position untouched when `c` is not next.
  constexpr bool separator(char c) noexcept {
    std::size_t save = pos_;
    skipLws();
    if (peek() == c) {
      ++pos_;
      skipLws();
      return true;
    }
    pos_ = save;
    return false;
  }

  // Longest run of characters in `mask` (possibly empty).
  constexpr std::string_view take(std::uint16_t mask) noexcept {
    std::size_t start = pos_;
    pos_ = runEnd(start, mask);
    return text_.substr(start, pos_ - start);
  }
  constexpr std::string_view token() noexcept { return take(cc::kToken); }

  // quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE (§25.1). Returns the text between the
  // quotes with escapes left in place (see unquote()).
  Result<std::string_view> quotedString() noexcept {
    if (peek() != '"') return error("expected a quoted string");
    std::size_t start = ++pos_;
    // Fast path: jump to the first quote or backslash; when it is a quote, it closes the string
    // (values such as nonces and URNs are long and never escaped). Otherwise the loop below
    // resumes at the backslash and checks the escapes.
    pos_ = findEither(text_, pos_, '"', '\\');
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      return text_.substr(start, pos_ - 1 - start);
    }
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '"') {
        std::string_view inner = text_.substr(start, pos_ - start);
        ++pos_;
        return inner;
      }
      if (c == '\\') {
        // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
        if (pos_ + 1 >= text_.size()) break;
        char n = text_[pos_ + 1];
        if (n == '\r' || n == '\n' || static_cast<unsigned char>(n) > 0x7f) {
          return error("invalid escape in quoted string");
        }
        pos_ += 2;
        continue;
      }
      ++pos_;
    }
    return error("unterminated quoted string");
  }

  [[nodiscard]] Error makeError(std::string_view what, std::uint16_t status = 400) const noexcept {
    return Error{Errc::Malformed, status, static_cast<std::uint32_t>(pos_), what, where_};
  }
  [[nodiscard]] Unexpected error(std::string_view what, std::uint16_t status = 400) const noexcept {
    return Unexpected(makeError(what, status));
  }

 private:
  // End of the run of `mask` characters from `p`. Works on locals: a char read may alias any
  // object, so a loop advancing the member pos_ would store and reload it on every character.
  [[nodiscard]] constexpr std::size_t runEnd(std::size_t p, std::uint16_t mask) const noexcept {
    const char* d = text_.data();
    const std::size_t n = text_.size();
    while (p < n && cc::is(d[p], mask)) ++p;
    return p;
  }

  std::string_view text_;
  std::string_view where_;
  std::size_t pos_ = 0;
};

}  // namespace parley::syntax
