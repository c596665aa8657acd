// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "syntax/message_edits.hpp"
#include "tu/proxy/proxy_config.hpp"
#include "tu/proxy/route_set.hpp"
#include "tu/proxy/target_set.hpp"

namespace parley::tu {

// What §16.4-§16.6 decided once for a received request, before it is copied per branch: the
// Request-URI to forward when a strict-routing predecessor's was replaced (§16.4), the Route set
// left after our own values were removed, whether this hop inserts Record-Route (a request that
// may create a dialog, out of a dialog, with Record-Route on), and the credentials of ours to
// strip (RFC 3665 §3.3). Plain value owned by the forwarding proxy context; loop thread only.
struct ForwardPlan {
  std::optional<std::string> requestUri;
  RouteSet routes;
  bool recordRoute = false;
  std::optional<std::size_t> usedCredentials;  // header index of our Proxy-Authorization
  // The top Via line (index, new value) with received/rport filled in (§18.2.1, RFC 3581 §4).
  std::optional<std::pair<std::size_t, std::string>> receivedVia;
  txn::TransportKind inbound = txn::TransportKind::Udp;
};

// A branch's request before its next hop is known (§16.6 steps 1-3, 6, 7): the edits so far
// (Request-URI, Max-Forwards, Route set with the target's pre-loaded routes pushed, strict-router
// rewrite, our credentials removed) and the URI whose RFC 3263 resolution gives the next hop (top
// Route value, else the new Request-URI). Plain value; one per branch.
struct BranchDraft {
  syntax::MessageEdits edits;
  std::string nextHop;  // URI text
  bool sips = false;    // the request is a sips one (Record-Route scheme, §16.6 step 4)
};

// §16.6 steps 1-3, 6-7 for `target` (its URI replaces the Request-URI unless `keepRequestUri`,
// the in-dialog and route-only case). Fails with 483 semantics when Max-Forwards is already 0 and
// 400 when a Route value does not parse.
[[nodiscard]] Result<BranchDraft> draftBranch(const syntax::SipMessage& request, const ForwardPlan& plan,
                                              const Target& target, bool keepRequestUri) noexcept;

// §16.6 steps 4 and 8 once the next hop's transport is known: Record-Route values for the
// inbound and outbound legs (double when they differ), our Via on top with `branch`. Writes the
// complete request into `out`.
void finishBranch(const syntax::SipMessage& request, const BranchDraft& draft, const ForwardPlan& plan,
                  const ProxyConfig& config, txn::TransportKind outbound, std::string_view branch, std::string& out);

}  // namespace parley::tu
