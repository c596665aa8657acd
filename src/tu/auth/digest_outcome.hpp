// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "syntax/message.hpp"
#include "syntax/message_edits.hpp"
#include "tu/auth/digest_algorithm.hpp"

namespace parley::auth {

// The request carried valid credentials for our realm (RFC 3261 §22.4). `headerIndex` is the
// index in SipMessage::headers() of the Authorization / Proxy-Authorization line that matched: a
// proxy removes it before forwarding (RFC 3261 §22.3, RFC 3665 §3.3) and keeps any other realm's.
struct Authenticated {
  std::string username;
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  std::size_t headerIndex = 0;
};

// The caller answers 401 (407 for a proxy) with DigestAuthenticator::challenge(realm, stale, ...):
// no credentials for our realm, a wrong user or password, a forged, expired or replayed nonce.
// `stale` is true only when the response itself was right (RFC 7616 §3.3: the client may retry
// with the new nonce without asking the user). `why` is a static text for logs; it is the same for
// an unknown user and a wrong password.
struct Challenge {
  bool stale = false;
  std::string_view why;
};

// The caller answers `status` (400 for malformed credentials or a digest-uri that is not the
// Request-URI; 500 when the credential store failed) with `reason` as the reason phrase.
struct Rejected {
  std::uint16_t status = 400;
  std::string reason;
};

// The result of DigestAuthenticator::verify. Plain value; owned by the caller.
using DigestOutcome = std::variant<Authenticated, Challenge, Rejected>;

// The header line whose credentials authenticated the request.
[[nodiscard]] const syntax::HeaderField& usedCredentials(const syntax::SipMessage& request,
                                                         const Authenticated& outcome) noexcept;

// Records the removal of that line in `edits` (a proxy forwarding the request, RFC 3665 §3.3).
void removeUsedCredentials(const Authenticated& outcome, syntax::MessageEdits& edits);

}  // namespace parley::auth
