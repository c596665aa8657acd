// SPDX-License-Identifier: MIT
// Test-only helpers for the proxy unit tests (not part of the library).
#pragma once

#include <string>
#include <string_view>

#include "syntax/message.hpp"
#include "syntax/message_edits.hpp"
#include "syntax/message_parser.hpp"
#include "tu/proxy/local_addresses.hpp"

namespace parley::tu::testing {

// Turns the "\n" line ends of a test literal into CRLF and parses it as a datagram. A sample that
// does not parse is a broken test: the empty message that comes back fails every expectation.
inline syntax::SipMessage parseSample(std::string_view lfText) {
  std::string bytes;
  for (char c : lfText) {
    if (c == '\n') bytes.push_back('\r');
    bytes.push_back(c);
  }
  auto m = syntax::parseMessage(std::move(bytes));
  return m ? *m : syntax::SipMessage{};
}

// The message with `edits` applied, as text.
inline std::string applied(const syntax::SipMessage& m, const syntax::MessageEdits& edits) {
  std::string out;
  syntax::serialize(m, edits, out);
  return out;
}

// Proxy 1 of RFC 3665 §3: ss1.atlanta.example.com, 192.0.2.10:5060 (UDP/TCP) and :5061 (TLS).
inline const LocalAddresses& atlantaProxy() {
  static const LocalAddresses addresses{{"atlanta.example.com", "ss1.atlanta.example.com"},
                                        {{"192.0.2.10", 5060}, {"192.0.2.10", 5061}}};
  return addresses;
}

// An INVITE from Alice through Proxy 1 (RFC 3665 §3.2 F1 shape) with extra header lines.
inline std::string inviteText(std::string_view requestUri = "sip:bob@biloxi.example.com",
                              std::string_view extra = "", std::string_view maxForwards = "Max-Forwards: 70\n") {
  std::string t = "INVITE ";
  t += requestUri;
  t += " SIP/2.0\n";
  t += extra;
  t += "Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9\n";
  t += maxForwards;
  t += "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\n"
       "To: Bob <sip:bob@biloxi.example.com>\n"
       "Call-ID: 3848276298220188511@atlanta.example.com\n"
       "CSeq: 1 INVITE\n"
       "Contact: <sip:alice@client.atlanta.example.com;transport=udp>\n"
       "Content-Length: 0\n"
       "\n";
  return t;
}

}  // namespace parley::tu::testing
