// SPDX-License-Identifier: MIT
#include "tu/auth/digest_outcome.hpp"

namespace parley::auth {

const syntax::HeaderField& usedCredentials(const syntax::SipMessage& request, const Authenticated& outcome) noexcept {
  return request.headers()[outcome.headerIndex];
}

void removeUsedCredentials(const Authenticated& outcome, syntax::MessageEdits& edits) {
  edits.remove(outcome.headerIndex);
}

}  // namespace parley::auth
