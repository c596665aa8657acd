// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "tu/proxy/local_addresses.hpp"
#include "tu/proxy/route_set.hpp"

namespace parley::tu {

// What §16.4 route information preprocessing did to a received request. Plain value.
struct RoutePreprocessing {
  // Set when the previous hop was a strict router (§16.4 first paragraph): the Request-URI was a
  // Record-Route value of ours, replaced by this URI taken from the last Route value (removed).
  std::optional<std::string> requestUri;
  // How many of our own values were removed from the top of the Route set: 0, 1, or 2 for the
  // pair a double Record-Route left (both carry r2=on).
  int removedOwnRoutes = 0;
};

// True when `uri` is a value this proxy put into Record-Route: ours by host and port, no user
// part, and the lr parameter that every Record-Route of ours carries (record_route.hpp). A
// Request-URI naming one of our domains without lr is a request for the domain, not a route.
[[nodiscard]] bool isOurRecordRoute(const IsOurAddress& ours, const syntax::Uri& uri);

// RFC 3261 §16.4 on `routes` (read from `request`): a strict-routing predecessor's Request-URI is
// replaced by the last Route value, then a top Route value that indicates us is removed (with its
// r2=on twin below it, if any). A Route value that does not parse gives a 400.
[[nodiscard]] Result<RoutePreprocessing> preprocessRoutes(const syntax::SipMessage& request, const IsOurAddress& ours,
                                                          RouteSet& routes) noexcept;

// RFC 3261 §16.6 step 7 / §16.12 for one branch, after any pre-loaded route was pushed: when the
// top Route value lacks lr the next hop is a strict router, so `requestUri` goes to the end of the
// Route set (as a name-addr), the top value is removed and its URI is returned as the new
// Request-URI. Returns nullopt (nothing changed) for a loose router or an empty set.
[[nodiscard]] Result<std::optional<std::string>> routeToStrictRouter(std::string_view requestUri,
                                                                     RouteSet& routes) noexcept;

}  // namespace parley::tu
