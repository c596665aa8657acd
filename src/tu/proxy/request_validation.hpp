// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "syntax/message.hpp"
#include "tu/core/request_handler.hpp"
#include "tu/proxy/local_addresses.hpp"

namespace parley::tu {

// What the proxy accepts beyond the grammar (RFC 3261 §16.3). Built from the configuration;
// immutable; any thread.
struct ValidationPolicy {
  std::vector<std::string> proxySupported;  // option tags we honour in Proxy-Require (§20.29)
  bool loopDetection = true;                // §16.3 step 4 is a MAY; on by default
  bool allowTel = false;                    // tel: Request-URIs (RFC 3966) need a route we lack yet
};

// The outcome of §16.3 request validation.
enum class Verdict : std::uint8_t {
  Forward,      // go on with §16.4 route processing
  AnswerAsUas,  // OPTIONS with Max-Forwards 0 addressed to us: answer it as the server (§11)
  Reject,       // answer `reply` (416, 483, 482, 420 with Unsupported, 400)
};

// RequestCheck is the value validateRequest() returns: the verdict and, for Reject, the status,
// reason and extra header lines (Unsupported for 420). Plain value; owned by the caller.
struct RequestCheck {
  Verdict verdict = Verdict::Forward;
  Reply reply{0};
};

// RFC 3261 §16.3 on a request that already parsed (step 1, reasonable syntax, is the parser's):
// step 2 URI scheme (sip, sips; tel when allowed) else 416; step 3 Max-Forwards 0 gives 483,
// except OPTIONS addressed to us (no user part, our host), which the caller answers as a UAS; a
// missing Max-Forwards is fine (70 is added when forwarding, §16.6 step 3); step 4 loop detection:
// a Via with our sent-by whose branch carries the loop-detection hash of this request
// (branch.hpp) means it looped: 482; step 5 Proxy-Require: 420 with Unsupported listing each
// unknown tag. Step 6 (Proxy-Authorization) is the caller's, with tu/auth.
[[nodiscard]] RequestCheck validateRequest(const syntax::SipMessage& request, const ValidationPolicy& policy,
                                           const IsOurAddress& ours) noexcept;

// §16.3 step 4 alone: `request` carries a Via of ours whose branch holds this request's hash.
[[nodiscard]] bool hasLooped(const syntax::SipMessage& request, const IsOurAddress& ours) noexcept;

}  // namespace parley::tu
