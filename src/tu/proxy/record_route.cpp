// SPDX-License-Identifier: MIT
#include "tu/proxy/record_route.hpp"

namespace parley::tu {
namespace {

std::string_view transportParam(txn::TransportKind k) noexcept {
  switch (k) {
    case txn::TransportKind::Udp: return "udp";
    case txn::TransportKind::Tcp: return "tcp";
    case txn::TransportKind::Tls: return "tls";
  }
  return "udp";
}

std::string valueFor(const RecordRouteLeg& leg, bool sipsRequest, bool doubled) {
  bool sips = sipsRequest && leg.transport == txn::TransportKind::Tls;
  std::string v = sips ? "<sips:" : "<sip:";
  bool bracket = leg.host.find(':') != std::string::npos && leg.host.front() != '[';
  if (bracket) v.push_back('[');
  v.append(leg.host);
  if (bracket) v.push_back(']');
  v.push_back(':');
  v.append(std::to_string(leg.port));
  if (!sips) {
    v.append(";transport=");
    v.append(transportParam(leg.transport));
  }
  if (doubled) v.append(";r2=on");
  v.append(";lr>");
  return v;
}

}  // namespace

std::vector<std::string> recordRouteValues(const RecordRouteLeg& inbound, const RecordRouteLeg& outbound,
                                           bool sipsRequest, const RecordRoutePolicy& policy) {
  std::vector<std::string> values;
  if (!policy.enabled) return values;
  if (inbound == outbound || !policy.doubleWhenCrossing) {
    values.push_back(valueFor(inbound, sipsRequest, false));
    return values;
  }
  values.push_back(valueFor(outbound, sipsRequest, true));
  values.push_back(valueFor(inbound, sipsRequest, true));
  return values;
}

void prependRecordRoute(const std::vector<std::string>& values, syntax::MessageEdits& edits) {
  for (const std::string& v : values) edits.prepend(syntax::HeaderId::RecordRoute, v);
}

}  // namespace parley::tu
