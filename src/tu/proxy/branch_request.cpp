// SPDX-License-Identifier: MIT
#include "tu/proxy/branch_request.hpp"

#include "tu/proxy/branch.hpp"
#include "tu/proxy/route_processing.hpp"

namespace parley::tu {

using syntax::HeaderId;

RecordRouteLeg ProxyLegs::of(txn::TransportKind kind) const {
  const std::optional<RecordRouteLeg>& exact = kind == txn::TransportKind::Udp   ? udp
                                               : kind == txn::TransportKind::Tcp ? tcp
                                                                                 : tls;
  if (exact) return *exact;
  // Not listening on that transport: our address on any other, with the transport's default port.
  for (const auto* other : {&udp, &tcp, &tls}) {
    if (*other) {
      RecordRouteLeg leg = **other;
      leg.transport = kind;
      return leg;
    }
  }
  return RecordRouteLeg{kind, "127.0.0.1", static_cast<std::uint16_t>(kind == txn::TransportKind::Tls ? 5061 : 5060)};
}

Result<BranchDraft> draftBranch(const syntax::SipMessage& request, const ForwardPlan& plan, const Target& target,
                                bool keepRequestUri) noexcept {
  BranchDraft draft;
  // Step 2: the Request-URI becomes the target (a location target), or stays as received (after a
  // strict-router replacement, §16.4) when the request follows its Route set.
  std::string requestUri = keepRequestUri ? (plan.requestUri ? *plan.requestUri : std::string(request.requestUri().text))
                                          : target.uri;
  // Step 3: Max-Forwards.
  if (auto mf = syntax::decrementMaxForwards(request, draft.edits); !mf) return tl::unexpected(mf.error());
  // Step 6: the target's pre-loaded route (RFC 3327 Path) goes above the request's own.
  RouteSet routes = plan.routes;
  for (auto it = target.routes.rbegin(); it != target.routes.rend(); ++it) routes.pushFront(*it);
  // Step 7 / §16.12: a strict router as next hop gets its own URI as Request-URI.
  auto strict = routeToStrictRouter(requestUri, routes);
  if (!strict) return tl::unexpected(strict.error());
  if (*strict) requestUri = std::move(**strict);
  if (routes.empty()) {
    draft.nextHop = requestUri;
  } else {
    auto top = routes.parsed(0);
    if (!top) return tl::unexpected(top.error());
    draft.nextHop = std::string(top->uri.text);
  }
  auto ruri = syntax::parseUri(requestUri);
  draft.sips = ruri && ruri->scheme == syntax::UriScheme::Sips;
  if (requestUri != request.requestUri().text) draft.edits.setRequestUri(std::move(requestUri));
  routes.apply(draft.edits);
  // RFC 3665 §3.3: our credentials end here; another realm's travel on.
  if (plan.usedCredentials) draft.edits.remove(*plan.usedCredentials);
  if (plan.receivedVia) draft.edits.replaceValue(plan.receivedVia->first, plan.receivedVia->second);
  return draft;
}

void finishBranch(const syntax::SipMessage& request, const BranchDraft& draft, const ForwardPlan& plan,
                  const ProxyConfig& config, txn::TransportKind outbound, std::string_view branch, std::string& out) {
  syntax::MessageEdits edits = draft.edits;
  const RecordRouteLeg outLeg = config.legs.of(outbound);
  // Step 8: our Via above every other header (inserts at one place keep their order).
  edits.prepend(HeaderId::Via, viaValue(outbound, outLeg.host, outLeg.port, branch));
  if (plan.recordRoute) {
    // Step 4: Record-Route values above the request's own.
    prependRecordRoute(recordRouteValues(config.legs.of(plan.inbound), outLeg, draft.sips, config.recordRoute), edits);
  }
  syntax::serialize(request, edits, out);
}

}  // namespace parley::tu
