// SPDX-License-Identifier: MIT
// libFuzzer target for the authentication header values (RFC 3261 §20.7, §20.27, §20.44;
// RFC 7616): parseCredentials and parseChallenge on the same bytes. Invariants: every view of a
// parsed value lies inside the input, and a parsed value parses again to the same fields.
#include <cstddef>
#include <cstdint>

#include "invariant.hpp"
#include "syntax/auth_header.hpp"

namespace {

using namespace parley::syntax;
using parley::fuzz::within;

void checkCredentials(std::string_view input) {
  auto c = parseCredentials(input, "Authorization");
  if (!c) return;
  for (std::string_view part : {c->scheme, c->username, c->realm, c->nonce, c->uri, c->response, c->algorithm,
                                c->cnonce, c->opaque, c->qop, c->nc, c->params}) {
    PARLEY_FUZZ_CHECK(within(part, input));
  }
  PARLEY_FUZZ_CHECK(!c->scheme.empty());
  (void)c->isDigest();
  auto again = parseCredentials(input, "Authorization");
  PARLEY_FUZZ_CHECK(again.has_value() && again->response == c->response && again->nonce == c->nonce);
}

void checkChallenge(std::string_view input) {
  auto c = parseChallenge(input, "WWW-Authenticate");
  if (!c) return;
  for (std::string_view part : {c->scheme, c->realm, c->domain, c->nonce, c->opaque, c->algorithm, c->qop, c->params}) {
    PARLEY_FUZZ_CHECK(within(part, input));
  }
  PARLEY_FUZZ_CHECK(!c->scheme.empty());
  (void)c->isDigest();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input = parley::fuzz::asView(data, size);
  checkCredentials(input);
  checkChallenge(input);
  return 0;
}
