// SPDX-License-Identifier: MIT
#include "syntax/scalar_headers.hpp"

#include "syntax/scanner.hpp"

namespace parley::syntax {
namespace {

// Reads 1*DIGIT into a 64-bit value, saturating at `cap`; reports whether the text was all digits.
bool digits(std::string_view v, std::uint64_t cap, std::uint64_t& out) {
  if (v.empty()) return false;
  std::uint64_t n = 0;
  for (char c : v) {
    if (!cc::isDigit(c)) return false;
    if (n <= cap) n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = n > cap ? cap + 1 : n;
  return true;
}

}  // namespace

Result<CSeq> parseCSeq(std::string_view value) noexcept {
  Scanner s(value, "CSeq");
  s.skipLws();
  std::string_view num = s.take(cc::kDigit);
  std::uint64_t n = 0;
  if (!digits(num, 1ull << 31, n)) return s.error("missing sequence number");
  if (n >= (1ull << 31)) return s.error("sequence number too large");
  if (!s.skipLws()) return s.error("expected LWS before method");
  CSeq c;
  c.number = static_cast<std::uint32_t>(n);
  c.methodText = s.token();
  if (c.methodText.empty()) return s.error("missing method");
  s.skipLws();
  if (!s.atEnd()) return s.error("unexpected text after method");
  c.method = methodFromToken(c.methodText);
  return c;
}

Result<std::uint8_t> parseMaxForwards(std::string_view value) noexcept {
  std::uint64_t n = 0;
  std::string_view v = trimLws(value);
  if (!digits(v, 255, n)) return fail(Errc::Malformed, "not a number", "Max-Forwards");
  if (n > 255) return fail(Errc::Malformed, "value above 255", "Max-Forwards");
  return static_cast<std::uint8_t>(n);
}

Result<std::uint32_t> parseContentLength(std::string_view value, std::uint32_t limit) noexcept {
  std::uint64_t n = 0;
  std::string_view v = trimLws(value);
  if (!v.empty() && v.front() == '-') return fail(Errc::Malformed, "negative value", "Content-Length");
  if (!digits(v, limit, n)) return fail(Errc::Malformed, "not a number", "Content-Length");
  if (n > limit) return fail(Errc::TooLarge, "larger than the configured message size", "Content-Length", 513);
  return static_cast<std::uint32_t>(n);
}

Result<std::uint32_t> parseDeltaSeconds(std::string_view value, std::string_view where) noexcept {
  std::uint64_t n = 0;
  std::string_view v = trimLws(value);
  if (!digits(v, 0xffffffffull, n)) return fail(Errc::Malformed, "not a number of seconds", where);
  return static_cast<std::uint32_t>(n > 0xffffffffull ? 0xffffffffull : n);
}

Result<std::string_view> parseCallId(std::string_view value) noexcept {
  std::string_view v = trimLws(value);
  if (v.empty()) return fail(Errc::Malformed, "empty", "Call-ID");
  std::size_t at = v.find('@');
  std::string_view first = v.substr(0, at);
  std::string_view second = at == std::string_view::npos ? std::string_view{} : v.substr(at + 1);
  auto isWordRun = [](std::string_view w) {
    for (char c : w) {
      if (!cc::isWord(c)) return false;
    }
    return !w.empty();
  };
  if (!isWordRun(first) || (at != std::string_view::npos && !isWordRun(second))) {
    return fail(Errc::Malformed, "invalid character", "Call-ID");
  }
  return v;
}

}  // namespace parley::syntax
