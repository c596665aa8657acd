// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace parley::syntax {

// Character classes of the RFC 3261 §25 grammar, as one 256-entry bit table. Stateless; any thread.
namespace cc {
enum : std::uint16_t {
  kAlpha = 1 << 0,
  kDigit = 1 << 1,
  kToken = 1 << 2,          // token: alphanum / "-" "." "!" "%" "*" "_" "+" "`" "'" "~"
  kUnreserved = 1 << 3,     // alphanum / mark
  kUserUnres = 1 << 4,      // user-unreserved: & = + $ , ; ? /
  kPasswordCh = 1 << 5,     // & = + $ ,
  kParamUnres = 1 << 6,     // param-unreserved: [ ] / : & + $
  kHnvUnres = 1 << 7,       // hnv-unreserved: [ ] / ? : + $
  kHex = 1 << 8,
  kWordExtra = 1 << 9,      // word adds ( ) < > : \ " / [ ] ? { }
  kLws = 1 << 10,           // SP, HTAB, CR, LF inside a header value (folding already validated)
  kSchemeCh = 1 << 11,      // ALPHA / DIGIT / + - .
  kHostCh = 1 << 12,        // alphanum - . (hostname, IPv4)
  kGenValue = 1 << 13,      // unquoted gen-value of a header parameter: token / host, i.e. token : [ ]
};

constexpr std::array<std::uint16_t, 256> makeTable() {
  std::array<std::uint16_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kAlpha | kHex * (c <= 'f');
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kAlpha | kHex * (c <= 'F');
  for (int c = '0'; c <= '9'; ++c) t[c] |= kDigit | kHex;
  for (int c = 0; c < 256; ++c) {
    if (t[c] & (kAlpha | kDigit)) t[c] |= kToken | kUnreserved | kSchemeCh | kHostCh;
  }
  for (char c : std::string_view("-.!%*_+`'~")) t[static_cast<unsigned char>(c)] |= kToken;
  for (char c : std::string_view("-_.!~*'()")) t[static_cast<unsigned char>(c)] |= kUnreserved;
  for (char c : std::string_view("&=+$,;?/")) t[static_cast<unsigned char>(c)] |= kUserUnres;
  for (char c : std::string_view("&=+$,")) t[static_cast<unsigned char>(c)] |= kPasswordCh;
  for (char c : std::string_view("[]/:&+$")) t[static_cast<unsigned char>(c)] |= kParamUnres;
  for (char c : std::string_view("[]/?:+$")) t[static_cast<unsigned char>(c)] |= kHnvUnres;
  for (char c : std::string_view("()<>:\\\"/[]?{}")) t[static_cast<unsigned char>(c)] |= kWordExtra;
  for (char c : std::string_view(" \t\r\n")) t[static_cast<unsigned char>(c)] |= kLws;
  for (char c : std::string_view("+-.")) t[static_cast<unsigned char>(c)] |= kSchemeCh;
  for (char c : std::string_view("-.")) t[static_cast<unsigned char>(c)] |= kHostCh;
  for (int c = 0; c < 256; ++c) {
    if (t[c] & kToken) t[c] |= kGenValue;
  }
  for (char c : std::string_view(":[]")) t[static_cast<unsigned char>(c)] |= kGenValue;
  return t;
}

inline constexpr std::array<std::uint16_t, 256> kTable = makeTable();

constexpr bool is(char c, std::uint16_t mask) noexcept {
  return (kTable[static_cast<unsigned char>(c)] & mask) != 0;
}
constexpr bool isToken(char c) noexcept { return is(c, kToken); }
constexpr bool isDigit(char c) noexcept { return is(c, kDigit); }
constexpr bool isHex(char c) noexcept { return is(c, kHex); }
constexpr bool isLws(char c) noexcept { return is(c, kLws); }
constexpr bool isWord(char c) noexcept { return is(c, kToken | kWordExtra); }

constexpr std::array<char, 256> makeLowerTable() {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
  return t;
}
inline constexpr std::array<char, 256> kLower = makeLowerTable();

// Table lookup: case-insensitive compares run on every header name and parameter name.
constexpr char toLower(char c) noexcept { return kLower[static_cast<unsigned char>(c)]; }
constexpr int hexValue(char c) noexcept {
  return c <= '9' ? c - '0' : (toLower(c) - 'a' + 10);
}
}  // namespace cc

// ASCII case-insensitive equality (SIP tokens, header names, scheme names).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (cc::toLower(a[i]) != cc::toLower(b[i])) return false;
  }
  return true;
}

// Case-insensitive equality against a name already in lower case (the usual case: comparing
// peer input with a literal such as "branch"); half the work of iequals.
constexpr bool iequalsLower(std::string_view s, std::string_view lower) noexcept {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (cc::toLower(s[i]) != lower[i]) return false;
  }
  return true;
}

// Strips LWS (SP, HTAB, CR, LF) from both ends.
constexpr std::string_view trimLws(std::string_view s) noexcept {
  while (!s.empty() && cc::isLws(s.front())) s.remove_prefix(1);
  while (!s.empty() && cc::isLws(s.back())) s.remove_suffix(1);
  return s;
}

// True when every character of s is a token character and s is not empty.
constexpr bool isTokenString(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (!cc::isToken(c)) return false;
  }
  return true;
}

}  // namespace parley::syntax
