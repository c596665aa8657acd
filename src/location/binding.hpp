// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/wall_clock.hpp"

namespace parley::location {

// FlowRef remembers the connection a REGISTER arrived on (RFC 5626 §3.2 "flow"; RFC 3261 §18.2.2
// source), so requests to a UA behind NAT or on TLS go back the same way. Plain data: the location
// layer sits below the transports and does not interpret it. `node` names the Parley process that
// holds the connection (a flow id means nothing on another node or after a restart).
struct FlowRef {
  std::uint8_t transport = 0;   // transport::TransportKind as its integer (0 UDP, 1 TCP, 2 TLS)
  std::string address;          // source IP literal of the REGISTER (IPv6 without brackets)
  std::uint16_t port = 0;       // source port
  std::uint64_t connection = 0; // connection id in that node's transport layer; 0 for UDP
  std::string node;             // process instance id; empty when unknown

  friend bool operator==(const FlowRef&, const FlowRef&) = default;
};

// Binding models one registered contact of an address-of-record (RFC 3261 §10.3): the AOR, the
// contact URI it maps to and the facts §10.3 steps 7-8 and RFC 3327/5626 need about it. A plain
// value: stores copy it in and out; any thread.
struct Binding {
  std::string aor;            // canonical AOR, "sip:bob@biloxi.example.com" (see canonicalAor)
  std::string contact;        // the Contact URI as registered, without angle brackets
  std::string contactParams;  // Contact header parameters other than q and expires, e.g.
                              // ";+sip.instance=\"<urn:uuid:...>\";reg-id=1", echoed in 200/302
  std::string callId;         // §10.3 step 7: Call-ID and CSeq of the request that last wrote it
  std::uint32_t cseq = 0;
  UnixSeconds expires = 0;    // absolute expiry; the binding is gone at and after this second
  UnixSeconds updated = 0;    // when it was last written (oldest-first decisions, admin views)
  std::int16_t q = -1;        // q-value x 1000 (0..1000); -1 when the Contact had no q
  std::vector<std::string> path;  // RFC 3327 Path header values, top first; empty when none
  std::string instance;       // RFC 5626 +sip.instance value without quotes ("<urn:uuid:...>")
  std::uint32_t regId = 0;    // RFC 5626 reg-id; 0 when absent
  std::string userAgent;      // User-Agent of the REGISTER, for operators
  FlowRef flow;

  [[nodiscard]] bool expiredAt(UnixSeconds now) const noexcept { return expires <= now; }
  friend bool operator==(const Binding&, const Binding&) = default;
};

using BindingSet = std::vector<Binding>;

}  // namespace parley::location
