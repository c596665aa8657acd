// SPDX-License-Identifier: MIT
#include "syntax/header_id.hpp"

#include <gtest/gtest.h>

namespace parley::syntax {
namespace {

TEST(HeaderId, LongNamesAreCaseInsensitive) {
  EXPECT_EQ(lookupHeader("Via"), HeaderId::Via);
  EXPECT_EQ(lookupHeader("vIA"), HeaderId::Via);
  EXPECT_EQ(lookupHeader("MaX-fOrWaRdS"), HeaderId::MaxForwards);
  EXPECT_EQ(lookupHeader("www-authenticate"), HeaderId::WwwAuthenticate);
  EXPECT_EQ(lookupHeader("P-Preferred-Identity"), HeaderId::PPreferredIdentity);
  EXPECT_EQ(lookupHeader("call-id"), HeaderId::CallId);
}

TEST(HeaderId, EveryCompactFormOfTheIssue) {
  const std::pair<char, HeaderId> forms[] = {
      {'i', HeaderId::CallId},        {'m', HeaderId::Contact},         {'v', HeaderId::Via},
      {'f', HeaderId::From},          {'t', HeaderId::To},              {'l', HeaderId::ContentLength},
      {'c', HeaderId::ContentType},   {'k', HeaderId::Supported},       {'s', HeaderId::Subject},
      {'e', HeaderId::ContentEncoding}, {'o', HeaderId::Event},         {'u', HeaderId::AllowEvents},
      {'r', HeaderId::ReferTo},       {'b', HeaderId::ReferredBy},      {'x', HeaderId::SessionExpires},
      {'a', HeaderId::AcceptContact}, {'j', HeaderId::RejectContact},   {'d', HeaderId::RequestDisposition},
      {'y', HeaderId::Identity},
  };
  for (auto [c, id] : forms) {
    char lower[2] = {c, 0};
    char upper[2] = {static_cast<char>(c - 32), 0};
    EXPECT_EQ(lookupHeader(lower), id) << c;
    EXPECT_EQ(lookupHeader(upper), id) << c;
  }
}

TEST(HeaderId, UnknownNames) {
  EXPECT_EQ(lookupHeader("X-Custom"), HeaderId::Unknown);
  EXPECT_EQ(lookupHeader("C%6Fntact"), HeaderId::Unknown);
  EXPECT_EQ(lookupHeader("z"), HeaderId::Unknown);
  EXPECT_EQ(lookupHeader(""), HeaderId::Unknown);
  EXPECT_EQ(lookupHeader("Vias"), HeaderId::Unknown);
  EXPECT_EQ(lookupHeader(std::string(100, 'a')), HeaderId::Unknown);
}

TEST(HeaderId, TableNamesRoundTripAndNameRfc) {
  for (std::size_t i = 1; i < kHeaderIdCount; ++i) {
    auto id = static_cast<HeaderId>(i);
    const HeaderInfo& h = headerInfo(id);
    EXPECT_EQ(h.id, id);
    EXPECT_EQ(lookupHeader(h.name), id) << h.name;
    EXPECT_FALSE(h.rfc.empty()) << h.name;
  }
}

}  // namespace
}  // namespace parley::syntax
