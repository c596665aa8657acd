// SPDX-License-Identifier: MIT
#include "txn/trying_response.hpp"

#include <algorithm>
#include <array>

namespace parley::txn {

using syntax::HeaderField;
using syntax::HeaderId;

std::string buildTrying(const syntax::SipMessage& invite) noexcept {
  static constexpr std::array<HeaderId, 6> kCopied{HeaderId::Via,    HeaderId::From, HeaderId::To,
                                                   HeaderId::CallId, HeaderId::CSeq, HeaderId::Timestamp};
  std::string out;
  out.reserve(invite.bytes().size());
  out.append("SIP/2.0 100 Trying\r\n");
  for (const HeaderField& h : invite.headers()) {
    if (std::find(kCopied.begin(), kCopied.end(), h.id) == kCopied.end()) continue;
    out.append(syntax::headerName(h.id)).append(": ").append(h.value).append("\r\n");
  }
  out.append("Content-Length: 0\r\n\r\n");
  return out;
}

}  // namespace parley::txn
