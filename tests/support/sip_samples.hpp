// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "syntax/message.hpp"

namespace parley::test {

// What varies between the sample requests the transaction tests need. Defaults give a UDP
// INVITE from alice to bob with an RFC 3261 branch.
struct RequestSpec {
  std::string method = "INVITE";
  std::string uri = "sip:bob@biloxi.example.com";
  std::string branch = "z9hG4bK776asdhds";  // empty: no branch parameter (RFC 2543 style)
  std::string viaTransport = "UDP";
  std::string viaHost = "pc33.atlanta.example.com";
  std::uint16_t viaPort = 5060;
  std::string fromTag = "1928301774";
  std::string toTag;                        // empty: no tag
  std::string callId = "a84b4c76e66710@pc33.atlanta.example.com";
  std::uint32_t cseq = 314159;
  std::vector<std::string> routes;          // Route header values, in order
};

// The default spec with another method (designated initialisers trip -Wmissing-field-initializers).
[[nodiscard]] inline RequestSpec specFor(std::string method) {
  RequestSpec spec;
  spec.method = std::move(method);
  return spec;
}

// SampleMessages builds parsed SIP messages for tests. A message that fails to parse aborts the
// test program with the parser's reason: the sample itself is wrong. Stateless; test thread.
class SampleMessages {
 public:
  [[nodiscard]] static std::string requestText(const RequestSpec& spec);
  [[nodiscard]] static syntax::SipMessage request(const RequestSpec& spec);
  // A response to `request` copying Via, From, To, Call-ID, CSeq (§8.2.6.2); `toTag` is added to
  // To when the request's To has none.
  [[nodiscard]] static syntax::SipMessage response(const syntax::SipMessage& request, std::uint16_t status,
                                                   std::string_view toTag = "");
  [[nodiscard]] static syntax::SipMessage parse(std::string bytes);
};

}  // namespace parley::test
