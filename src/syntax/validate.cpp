// SPDX-License-Identifier: MIT
#include "syntax/validate.hpp"

#include "syntax/auth_header.hpp"
#include "syntax/contact.hpp"
#include "syntax/misc_headers.hpp"

namespace parley::syntax {
namespace {

Result<void> rebased(Error e, std::uint32_t by) {
  e.offset += by;
  return tl::unexpected(e);
}

template <class T>
Result<void> check(const Result<T>& r, std::uint32_t at) {
  if (r) return {};
  return rebased(r.error(), at);
}

Result<void> checkVias(const SipMessage& m, const HeaderField& h) {
  Scanner s(h.value, "Via");
  for (;;) {
    auto v = parseVia(s);
    if (!v) return rebased(v.error(), m.offsetOf(h.value));
    if (s.atEnd()) return {};
    if (!s.separator(',') || s.atEnd()) return rebased(s.makeError("empty Via value"), m.offsetOf(h.value));
  }
}

Result<void> checkHeader(const SipMessage& m, const HeaderField& h) {
  std::uint32_t at = m.offsetOf(h.value);
  switch (h.id) {
    case HeaderId::Via:
      return checkVias(m, h);
    case HeaderId::Expires:
    case HeaderId::MinExpires:
      return check(parseDeltaSeconds(h.value, headerName(h.id)), at);
    case HeaderId::Date:
      return check(parseDate(h.value), at);
    case HeaderId::RetryAfter:
      return check(parseRetryAfter(h.value), at);
    case HeaderId::ContentType:
      return check(parseMediaType(h.value), at);
    case HeaderId::Authorization:
    case HeaderId::ProxyAuthorization:
      return check(parseCredentials(h.value, headerName(h.id)), at);
    case HeaderId::WwwAuthenticate:
    case HeaderId::ProxyAuthenticate:
      return check(parseChallenge(h.value, headerName(h.id)), at);
    case HeaderId::ReplyTo:
      return check(parseFromTo(h.value, "Reply-To"), at);
    default:
      return {};
  }
}

}  // namespace

Result<void> validateMessage(const SipMessage& m) {
  for (const HeaderField& h : m.headers()) {
    if (auto r = checkHeader(m, h); !r) return r;
  }
  if (auto r = parseContacts(m, 1u << 16); !r) return tl::unexpected(r.error());
  for (HeaderId id : {HeaderId::Route, HeaderId::RecordRoute, HeaderId::Path, HeaderId::ServiceRoute}) {
    if (auto r = parseNameAddrList(m, id); !r) return tl::unexpected(r.error());
  }
  for (HeaderId id : {HeaderId::Require, HeaderId::ProxyRequire, HeaderId::Supported, HeaderId::Unsupported,
                      HeaderId::Allow}) {
    if (auto r = parseTokenList(m, id); !r) return tl::unexpected(r.error());
  }
  return {};
}

}  // namespace parley::syntax
