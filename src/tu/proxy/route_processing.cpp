// SPDX-License-Identifier: MIT
#include "tu/proxy/route_processing.hpp"

namespace parley::tu {
namespace {

// The r2 parameter marks the two halves of a double Record-Route (record_route.hpp).
bool isDoubleRouteHalf(const syntax::Uri& uri) noexcept {
  auto r2 = uri.param("r2");
  return r2 && syntax::iequals(*r2, "on");
}

}  // namespace

bool isOurRecordRoute(const IsOurAddress& ours, const syntax::Uri& uri) {
  return !uri.hasUserInfo && uri.hasParam("lr") && isOurUri(ours, uri);
}

Result<RoutePreprocessing> preprocessRoutes(const syntax::SipMessage& request, const IsOurAddress& ours,
                                            RouteSet& routes) noexcept {
  RoutePreprocessing done;
  // §16.4: "If the Request-URI contains a value this proxy previously placed into a Record-Route
  // header field", the previous element was a strict router (RFC 2543): the real target is the
  // last Route value.
  if (!routes.empty() && isOurRecordRoute(ours, request.requestUri())) {
    auto last = routes.parsed(routes.size() - 1);
    if (!last) return tl::unexpected(last.error());
    done.requestUri = std::string(last->uri.text);
    routes.popBack();
  }
  // §16.4: "If the first value in the Route header field indicates this proxy, the proxy MUST
  // remove that value from the request." Our double Record-Route (r2=on) left two such values;
  // removing only the first would make us forward the request to ourselves.
  if (routes.empty()) return done;
  auto top = routes.parsed(0);
  if (!top) return tl::unexpected(top.error());
  if (!isOurUri(ours, top->uri)) return done;
  bool twin = isDoubleRouteHalf(top->uri);
  routes.popFront();
  done.removedOwnRoutes = 1;
  if (!twin || routes.empty()) return done;
  auto next = routes.parsed(0);
  if (!next) return tl::unexpected(next.error());
  if (isOurUri(ours, next->uri) && isDoubleRouteHalf(next->uri)) {
    routes.popFront();
    done.removedOwnRoutes = 2;
  }
  return done;
}

Result<std::optional<std::string>> routeToStrictRouter(std::string_view requestUri, RouteSet& routes) noexcept {
  if (routes.empty()) return std::optional<std::string>{};
  auto top = routes.parsed(0);
  if (!top) return tl::unexpected(top.error());
  if (top->uri.hasParam("lr")) return std::optional<std::string>{};
  // §16.12 / §12.2.1.1: the strict router expects its own URI as Request-URI; the original
  // Request-URI travels as the last Route value.
  std::optional<std::string> next = std::string(top->uri.text);
  routes.popFront();
  std::string moved;
  moved.reserve(requestUri.size() + 2);
  moved.push_back('<');
  moved.append(requestUri);
  moved.push_back('>');
  routes.pushBack(std::move(moved));
  return next;
}

}  // namespace parley::tu
