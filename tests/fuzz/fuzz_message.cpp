// SPDX-License-Identifier: MIT
// libFuzzer target for the message layer: one UDP datagram through parseMessage (datagram framing),
// the full §25 check (validateMessage), and for requests the stateless 400 (buildResponse) and a
// proxy's edits (serialize with a new Via, Max-Forwards decremented, a Record-Route). Invariants:
//  - a parsed message serialised without edits parses again, with the same start line, Call-ID,
//    CSeq, header count and body;
//  - the response built for a parsed request parses, with the request's Call-ID and CSeq;
//  - a forwarded request parses, with our Via on top and Max-Forwards one lower.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "invariant.hpp"
#include "syntax/message_edits.hpp"
#include "syntax/message_parser.hpp"
#include "syntax/response_builder.hpp"
#include "syntax/validate.hpp"

namespace {

using namespace parley::syntax;

// The edits add a few header lines and some bytes: re-parse without the receive-side limits so
// that a message just under them does not fail for that reason alone.
const ParseLimits kRoomy{1u << 20, 4096};

void checkRoundTrip(const SipMessage& m) {
  std::string out;
  serialize(m, MessageEdits{}, out);
  auto again = parseMessage(out, Framing::Datagram, kRoomy);
  PARLEY_FUZZ_CHECK(again.has_value());
  PARLEY_FUZZ_CHECK(again->isRequest() == m.isRequest());
  PARLEY_FUZZ_CHECK(again->startLine() == m.startLine());
  PARLEY_FUZZ_CHECK(again->callId() == m.callId());
  PARLEY_FUZZ_CHECK(again->cseq().number == m.cseq().number);
  PARLEY_FUZZ_CHECK(again->body() == m.body());
  // serialize() may add a Content-Length the datagram did not carry, and nothing else.
  std::size_t added = m.contentLength() ? 0 : 1;
  PARLEY_FUZZ_CHECK(again->headers().size() == m.headers().size() + added ||
                    again->headers().size() == m.headers().size());
}

void checkResponse(const SipMessage& request) {
  ResponseExtras extras;
  extras.toTag = "fz1";
  extras.server = "Parley fuzz";
  extras.via.received = "192.0.2.7";
  extras.via.rport = 5062;
  std::string out;
  buildResponse(request, 400, extras, out);
  auto response = parseMessage(out, Framing::Datagram, kRoomy);
  PARLEY_FUZZ_CHECK(response.has_value());
  PARLEY_FUZZ_CHECK(response->isResponse() && response->statusCode() == 400);
  PARLEY_FUZZ_CHECK(response->callId() == request.callId());
  PARLEY_FUZZ_CHECK(response->cseq().number == request.cseq().number);
  PARLEY_FUZZ_CHECK(response->count(HeaderId::Via) == request.count(HeaderId::Via));
}

void checkForward(const SipMessage& request) {
  MessageEdits edits;
  edits.prepend(HeaderId::Via, "SIP/2.0/UDP proxy.example.net:5060;branch=z9hG4bKfuzz.1;rport");
  bool decremented = decrementMaxForwards(request, edits).has_value();
  edits.prepend(HeaderId::RecordRoute, "<sip:proxy.example.net;lr>");
  std::string out;
  serialize(request, edits, out);
  auto forwarded = parseMessage(out, Framing::Datagram, kRoomy);
  PARLEY_FUZZ_CHECK(forwarded.has_value());
  PARLEY_FUZZ_CHECK(forwarded->topVia().branch == "z9hG4bKfuzz.1");
  PARLEY_FUZZ_CHECK(forwarded->body() == request.body());
  if (decremented) {
    std::uint8_t expected = request.maxForwards() ? static_cast<std::uint8_t>(*request.maxForwards() - 1) : 70;
    PARLEY_FUZZ_CHECK(forwarded->maxForwards() == expected);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto buffer = std::make_shared<const std::string>(reinterpret_cast<const char*>(data), size);
  auto parsed = parseMessage(buffer, *buffer, Framing::Datagram);
  if (!parsed) return 0;
  const SipMessage& m = *parsed;
  for (const HeaderField& h : m.headers()) {
    PARLEY_FUZZ_CHECK(parley::fuzz::within(h.line, m.bytes()) && parley::fuzz::within(h.value, h.line));
  }
  PARLEY_FUZZ_CHECK(parley::fuzz::within(m.body(), m.bytes()));
  (void)validateMessage(m);
  checkRoundTrip(m);
  if (m.isRequest()) {
    checkResponse(m);
    checkForward(m);
  } else {
    // A proxy forwarding a response removes its own Via (§16.7 step 3).
    MessageEdits edits;
    if (popTopVia(m, edits)) {
      std::string out;
      serialize(m, edits, out);
    }
  }
  return 0;
}
