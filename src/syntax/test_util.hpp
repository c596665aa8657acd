// SPDX-License-Identifier: MIT
// Test-only helpers for the syntax unit tests (not part of the library).
#pragma once

#include <string>
#include <string_view>

#include "syntax/message_parser.hpp"

namespace parley::syntax::testing {

// Turns the "\n" line ends of a test literal into CRLF.
inline std::string crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 32);
  for (char c : s) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

// Parses a test literal (after crlf()) as a datagram.
inline Result<SipMessage> parse(std::string_view lfText) { return parseMessage(crlf(lfText)); }

inline constexpr std::string_view kRegister =
    "REGISTER sips:ss2.biloxi.example.com SIP/2.0\n"
    "Via: SIP/2.0/TLS client.biloxi.example.com:5061;branch=z9hG4bKnashds7;rport\n"
    "Max-Forwards: 70\n"
    "From: Bob <sips:bob@biloxi.example.com>;tag=a73kszlfl\n"
    "To: Bob <sips:bob@biloxi.example.com>\n"
    "Call-ID: 1j9FpLxk3uxtm8tn@biloxi.example.com\n"
    "CSeq: 1 REGISTER\n"
    "Contact: <sips:bob@client.biloxi.example.com>\n"
    "Content-Length: 0\n"
    "\n";

}  // namespace parley::syntax::testing
