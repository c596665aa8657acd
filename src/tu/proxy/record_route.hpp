// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "syntax/message_edits.hpp"
#include "txn/transport_target.hpp"

namespace parley::tu {

// One side of the proxy as a request crosses it: the transport and the address:port of ours that
// the element on that side reaches us at. Plain value.
struct RecordRouteLeg {
  txn::TransportKind transport = txn::TransportKind::Udp;
  std::string host;  // IP literal or name; IPv6 with or without brackets
  std::uint16_t port = 5060;

  friend bool operator==(const RecordRouteLeg&, const RecordRouteLeg&) = default;
};

// Whether and how we stay on the path of dialogs (RFC 3261 §16.6 step 4). Built from the
// configuration; immutable; any thread.
struct RecordRoutePolicy {
  bool enabled = true;
  // Two values when the legs differ (transport or address), so each side addresses us the way it
  // can reach us (e.g. TLS in, UDP out). Off: one value for the inbound leg.
  bool doubleWhenCrossing = true;
};

// The Record-Route values to insert, top first (RFC 3261 §16.6 step 4; double Record-Route as in
// RFC 5658). One leg: "<sip:host:port;transport=udp;lr>". The scheme is sips when the request is
// a sips one (Request-URI or top Route after §16.4) and that leg is TLS, with no transport
// parameter (RFC 5630 deprecates transport=tls); otherwise sip with the leg's transport. When the
// legs differ and doubleWhenCrossing is on: the outbound leg's value on top (the callee's side
// reads the list top down), then the inbound leg's, both marked ";r2=on" so that §16.4 removes
// them as a pair (route_processing.hpp; the marker Kamailio's rr module also uses). Empty when
// disabled.
[[nodiscard]] std::vector<std::string> recordRouteValues(const RecordRouteLeg& inbound, const RecordRouteLeg& outbound,
                                                         bool sipsRequest, const RecordRoutePolicy& policy);

// Records one Record-Route line per value above every other header, in the given order.
void prependRecordRoute(const std::vector<std::string>& values, syntax::MessageEdits& edits);

}  // namespace parley::tu
