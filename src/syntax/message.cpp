// SPDX-License-Identifier: MIT
#include "syntax/message.hpp"

namespace parley::syntax {

const HeaderField* SipMessage::find(HeaderId id) const noexcept {
  for (const HeaderField& h : headers_) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

std::size_t SipMessage::count(HeaderId id) const noexcept {
  std::size_t n = 0;
  for (const HeaderField& h : headers_) n += h.id == id ? 1 : 0;
  return n;
}

}  // namespace parley::syntax
