// SPDX-License-Identifier: MIT
#include "app/json_text.hpp"

#include <cstdint>

namespace parley::app {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 when there is none
// (RFC 3629 §4, the Table 3-7 ranges of Unicode).
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  std::uint8_t b0 = at(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second octet
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

std::string utf8Text(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t len = utf8SequenceLength(bytes, i);
    if (len != 0) {
      out.append(bytes.substr(i, len));
      i += len;
      continue;
    }
    auto octet = static_cast<std::uint8_t>(bytes[i]);
    out.push_back(static_cast<char>(0xC0 | (octet >> 6)));
    out.push_back(static_cast<char>(0x80 | (octet & 0x3F)));
    ++i;
  }
  return out;
}

}  // namespace parley::app
