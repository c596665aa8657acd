// SPDX-License-Identifier: MIT
// RFC 3261 §16.4 (strict and loose routing, our own Route removed), §16.6 step 6 (pre-loaded
// Path routes) and §16.12 (strict next hop), checked on the serialised request.
#include "tu/proxy/route_processing.hpp"

#include <gtest/gtest.h>

#include "tu/proxy/proxy_test_support.hpp"

namespace parley::tu {
namespace {

using testing::applied;
using testing::atlantaProxy;
using testing::inviteText;
using testing::parseSample;

struct Forwarded {
  RoutePreprocessing done;
  std::string text;
};

// Runs §16.4 on a request and serialises the result.
Forwarded preprocess(const syntax::SipMessage& m) {
  auto routes = RouteSet::of(m);
  EXPECT_TRUE(routes.has_value());
  if (!routes) return {};
  auto done = preprocessRoutes(m, atlantaProxy().predicate(), *routes);
  EXPECT_TRUE(done.has_value());
  if (!done) return {};
  syntax::MessageEdits edits;
  if (done->requestUri) edits.setRequestUri(*done->requestUri);
  routes->apply(edits);
  return {*done, applied(m, edits)};
}

TEST(RouteProcessing, LooseRouteOfOursOnTopIsRemoved) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com",
                                  "Route: <sip:ss1.atlanta.example.com;lr>, <sip:ss2.biloxi.example.com;lr>\n"));
  Forwarded f = preprocess(m);
  EXPECT_EQ(f.done.removedOwnRoutes, 1);
  EXPECT_FALSE(f.done.requestUri.has_value());
  EXPECT_NE(f.text.find("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"), std::string::npos);
  EXPECT_NE(f.text.find("Route: <sip:ss2.biloxi.example.com;lr>\r\n"), std::string::npos);
  EXPECT_EQ(f.text.find("ss1.atlanta"), std::string::npos);
}

TEST(RouteProcessing, OwnRouteAloneOnItsLineRemovesTheLine) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com",
                                  "Route: <sip:192.0.2.10;lr>\nRoute: <sip:ss2.biloxi.example.com;lr>\n"));
  Forwarded f = preprocess(m);
  EXPECT_EQ(f.done.removedOwnRoutes, 1);
  EXPECT_EQ(f.text.find("192.0.2.10"), std::string::npos);
  // The untouched line is copied as it was.
  EXPECT_NE(f.text.find("Route: <sip:ss2.biloxi.example.com;lr>\r\n"), std::string::npos);
}

TEST(RouteProcessing, RouteOfAnotherPortIsNotOurs) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com", "Route: <sip:192.0.2.10:5070;lr>\n"));
  Forwarded f = preprocess(m);
  EXPECT_EQ(f.done.removedOwnRoutes, 0);
  EXPECT_NE(f.text.find("Route: <sip:192.0.2.10:5070;lr>\r\n"), std::string::npos);
}

TEST(RouteProcessing, SipsRouteWithoutPortMeans5061) {
  auto m = parseSample(inviteText("sips:bob@biloxi.example.com", "Route: <sips:192.0.2.10;lr>\n"));
  EXPECT_EQ(preprocess(m).done.removedOwnRoutes, 1);
}

TEST(RouteProcessing, ForeignTopRouteStays) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com",
                                  "Route: <sip:ss2.biloxi.example.com;lr>, <sip:ss1.atlanta.example.com;lr>\n"));
  Forwarded f = preprocess(m);
  EXPECT_EQ(f.done.removedOwnRoutes, 0);
  EXPECT_NE(f.text.find("Route: <sip:ss2.biloxi.example.com;lr>, <sip:ss1.atlanta.example.com;lr>\r\n"),
            std::string::npos);
}

TEST(RouteProcessing, StrictRoutingPredecessorRestoresTheRequestUri) {
  // An RFC 2543 strict router put our Record-Route URI into the Request-URI and moved the real
  // target to the end of the Route set (§16.4, §12.2.1.1).
  auto m = parseSample(inviteText("sip:ss1.atlanta.example.com;lr",
                                  "Route: <sip:ss3.chicago.example.com;lr>, <sip:bob@client.biloxi.example.com>\n"));
  Forwarded f = preprocess(m);
  ASSERT_TRUE(f.done.requestUri.has_value());
  EXPECT_EQ(*f.done.requestUri, "sip:bob@client.biloxi.example.com");
  EXPECT_NE(f.text.find("INVITE sip:bob@client.biloxi.example.com SIP/2.0\r\n"), std::string::npos);
  EXPECT_NE(f.text.find("Route: <sip:ss3.chicago.example.com;lr>\r\n"), std::string::npos);
  EXPECT_EQ(f.text.find("bob@client.biloxi.example.com>"), std::string::npos);
}

TEST(RouteProcessing, RequestForOurDomainIsNoStrictRoute) {
  // No lr: "sip:atlanta.example.com" is a request for the domain (e.g. OPTIONS), not a route.
  auto m = parseSample(inviteText("sip:atlanta.example.com", "Route: <sip:ss3.chicago.example.com;lr>\n"));
  Forwarded f = preprocess(m);
  EXPECT_FALSE(f.done.requestUri.has_value());
  EXPECT_NE(f.text.find("Route: <sip:ss3.chicago.example.com;lr>\r\n"), std::string::npos);
}

TEST(RouteProcessing, StrictThenLooseOnTheSameLine) {
  auto m = parseSample(inviteText("sip:192.0.2.10;lr",
                                  "Route: <sip:192.0.2.10;lr>, <sip:p2.example.com;lr>, <sip:carol@chicago.example.com>\n"));
  Forwarded f = preprocess(m);
  ASSERT_TRUE(f.done.requestUri.has_value());
  EXPECT_EQ(*f.done.requestUri, "sip:carol@chicago.example.com");
  EXPECT_EQ(f.done.removedOwnRoutes, 1);
  EXPECT_NE(f.text.find("\r\nRoute: <sip:p2.example.com;lr>\r\n"), std::string::npos);
}

TEST(RouteProcessing, DoubleRecordRoutePairIsRemovedTogether) {
  auto m = parseSample(inviteText(
      "sip:alice@client.atlanta.example.com",
      "Route: <sip:192.0.2.10:5060;transport=udp;r2=on;lr>, <sip:192.0.2.10:5061;transport=tls;r2=on;lr>, "
      "<sip:ss2.biloxi.example.com;lr>\n"));
  Forwarded f = preprocess(m);
  EXPECT_EQ(f.done.removedOwnRoutes, 2);
  EXPECT_NE(f.text.find("Route: <sip:ss2.biloxi.example.com;lr>\r\n"), std::string::npos);
}

TEST(RouteProcessing, SingleOwnRouteDoesNotEatTheNextOne) {
  // Without r2 the second value is somebody's legitimate next hop, even if it points at us.
  auto m = parseSample(inviteText("sip:alice@client.atlanta.example.com",
                                  "Route: <sip:192.0.2.10;lr>, <sip:192.0.2.10:5061;transport=tls;lr>\n"));
  EXPECT_EQ(preprocess(m).done.removedOwnRoutes, 1);
}

TEST(RouteProcessing, BrokenRouteIsA400) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com", "Route: <sip:ss2.biloxi.example.com;lr\n"));
  auto routes = RouteSet::of(m);
  ASSERT_FALSE(routes.has_value());
  EXPECT_EQ(routes.error().status, 400);
}

TEST(RouteProcessing, PreloadedPathRoutesGoAboveTheRequestsOwn) {
  // RFC 3327 §5.2: the Path of the callee's binding becomes Route values on top (§16.6 step 6).
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com", "Route: <sip:ss2.biloxi.example.com;lr>\n"));
  auto routes = RouteSet::of(m);
  ASSERT_TRUE(routes.has_value());
  routes->popFront();
  routes->pushFront("<sip:edge2.biloxi.example.com;lr>");
  routes->pushFront("<sip:edge1.biloxi.example.com;lr>");
  syntax::MessageEdits edits;
  edits.setRequestUri("sip:bob@192.0.2.44:5062");
  routes->apply(edits);
  std::string text = applied(m, edits);
  auto first = text.find("Route: <sip:edge1.biloxi.example.com;lr>\r\n");
  auto second = text.find("Route: <sip:edge2.biloxi.example.com;lr>\r\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_EQ(text.find("ss2.biloxi"), std::string::npos);
}

TEST(RouteProcessing, PreloadedRoutesWithoutRouteHeader) {
  auto m = parseSample(inviteText());
  auto routes = RouteSet::of(m);
  ASSERT_TRUE(routes.has_value());
  EXPECT_TRUE(routes->empty());
  routes->pushFront("<sip:edge1.biloxi.example.com;lr>");
  syntax::MessageEdits edits;
  routes->apply(edits);
  EXPECT_NE(applied(m, edits).find("Route: <sip:edge1.biloxi.example.com;lr>\r\n"), std::string::npos);
}

TEST(RouteProcessing, StrictNextHopTakesTheRequestUriToTheEnd) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com",
                                  "Route: <sip:old.example.com>, <sip:p2.example.com;lr>\n"));
  auto routes = RouteSet::of(m);
  ASSERT_TRUE(routes.has_value());
  auto next = routeToStrictRouter("sip:bob@biloxi.example.com", *routes);
  ASSERT_TRUE(next.has_value());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(**next, "sip:old.example.com");
  ASSERT_EQ(routes->size(), 2u);
  EXPECT_EQ(routes->value(0), "<sip:p2.example.com;lr>");
  EXPECT_EQ(routes->value(1), "<sip:bob@biloxi.example.com>");
  syntax::MessageEdits edits;
  edits.setRequestUri(**next);
  routes->apply(edits);
  std::string text = applied(m, edits);
  EXPECT_NE(text.find("INVITE sip:old.example.com SIP/2.0\r\n"), std::string::npos);
  auto kept = text.find("Route: <sip:p2.example.com;lr>\r\n");
  auto moved = text.find("Route: <sip:bob@biloxi.example.com>\r\n");
  ASSERT_NE(kept, std::string::npos);
  ASSERT_NE(moved, std::string::npos);
  EXPECT_LT(kept, moved);
}

TEST(RouteProcessing, LooseNextHopChangesNothing) {
  auto m = parseSample(inviteText("sip:bob@biloxi.example.com", "Route: <sip:p2.example.com;lr>\n"));
  auto routes = RouteSet::of(m);
  ASSERT_TRUE(routes.has_value());
  auto next = routeToStrictRouter("sip:bob@biloxi.example.com", *routes);
  ASSERT_TRUE(next.has_value());
  EXPECT_FALSE(next->has_value());
  EXPECT_EQ(routes->size(), 1u);
  syntax::MessageEdits edits;
  routes->apply(edits);
  EXPECT_TRUE(edits.empty());
}

}  // namespace
}  // namespace parley::tu
