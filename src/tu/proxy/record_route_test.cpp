// SPDX-License-Identifier: MIT
// RFC 3261 §16.6 step 4: the Record-Route values we insert, single and double.
#include "tu/proxy/record_route.hpp"

#include <gtest/gtest.h>

#include "tu/proxy/proxy_test_support.hpp"
#include "tu/proxy/route_processing.hpp"

namespace parley::tu {
namespace {

using txn::TransportKind;

const RecordRouteLeg kUdp{TransportKind::Udp, "192.0.2.10", 5060};
const RecordRouteLeg kTcp{TransportKind::Tcp, "192.0.2.10", 5060};
const RecordRouteLeg kTls{TransportKind::Tls, "192.0.2.10", 5061};

TEST(RecordRoute, SameLegGivesOneValue) {
  struct Case {
    RecordRouteLeg leg;
    bool sipsRequest;
    std::string_view value;
  };
  const Case cases[] = {
      {kUdp, false, "<sip:192.0.2.10:5060;transport=udp;lr>"},
      // §16.6 step 4: a sips request gets a sips Record-Route; no transport=tls (RFC 5630).
      {kTls, true, "<sips:192.0.2.10:5061;lr>"},
      // A sip request that happened to arrive over TLS keeps sip, with its transport.
      {kTls, false, "<sip:192.0.2.10:5061;transport=tls;lr>"},
  };
  for (const Case& c : cases) {
    auto v = recordRouteValues(c.leg, c.leg, c.sipsRequest, {});
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0], c.value);
  }
}

TEST(RecordRoute, TlsInUdpOutGivesTwoValuesOutboundOnTop) {
  auto v = recordRouteValues(kTls, kUdp, false, {});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], "<sip:192.0.2.10:5060;transport=udp;r2=on;lr>");
  EXPECT_EQ(v[1], "<sip:192.0.2.10:5061;transport=tls;r2=on;lr>");
}

TEST(RecordRoute, TcpInUdpOutOnTheSamePortStillDoubles) {
  EXPECT_EQ(recordRouteValues(kTcp, kUdp, false, {}).size(), 2u);
}

TEST(RecordRoute, AnotherAddressOutDoubles) {
  RecordRouteLeg v6{TransportKind::Udp, "2001:db8::10", 5060};
  auto v = recordRouteValues(kUdp, v6, false, {});
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0], "<sip:[2001:db8::10]:5060;transport=udp;r2=on;lr>");
}

TEST(RecordRoute, PolicySwitches) {
  RecordRoutePolicy off;
  off.enabled = false;
  EXPECT_TRUE(recordRouteValues(kTls, kUdp, false, off).empty());
  RecordRoutePolicy single;
  single.doubleWhenCrossing = false;
  auto v = recordRouteValues(kTls, kUdp, false, single);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], "<sip:192.0.2.10:5061;transport=tls;lr>");
}

TEST(RecordRoute, PrependedLinesComeOutInOrderAndRouteBackToUs) {
  auto m = testing::parseSample(testing::inviteText());
  syntax::MessageEdits edits;
  auto values = recordRouteValues(kTls, kUdp, false, {});
  prependRecordRoute(values, edits);
  std::string text = testing::applied(m, edits);
  auto top = text.find("Record-Route: <sip:192.0.2.10:5060;transport=udp;r2=on;lr>\r\n");
  auto below = text.find("Record-Route: <sip:192.0.2.10:5061;transport=tls;r2=on;lr>\r\n");
  ASSERT_NE(top, std::string::npos);
  ASSERT_NE(below, std::string::npos);
  EXPECT_LT(top, below);
  // Each value is one of our Record-Route URIs for §16.4 when it comes back.
  for (const std::string& v : values) {
    syntax::Scanner s(v, "Route");
    auto na = syntax::parseNameAddr(s, false);
    ASSERT_TRUE(na.has_value());
    EXPECT_TRUE(isOurRecordRoute(testing::atlantaProxy().predicate(), na->uri));
  }
}

}  // namespace
}  // namespace parley::tu
