// SPDX-License-Identifier: MIT
#include "tu/registrar/address_of_record.hpp"

#include "syntax/char_class.hpp"

namespace parley::tu {

Result<std::string> canonicalAor(const syntax::Uri& uri) {
  if (!uri.isSip()) return fail(Errc::Unsupported, "address-of-record is not a SIP URI", "To", 404);
  if (uri.host.empty()) return fail(Errc::Malformed, "address-of-record has no host", "To", 404);
  std::string aor = "sip:";
  if (uri.hasUserInfo) {
    std::string user = syntax::unescape(uri.user);
    if (user.empty()) return fail(Errc::Malformed, "address-of-record has an empty user", "To", 404);
    aor.append(user);
    aor.push_back('@');
  }
  for (char c : uri.host) aor.push_back(syntax::cc::toLower(c));
  return aor;
}

Result<std::string> localAor(const syntax::Uri& uri, const CoreConfig& core) {
  auto aor = canonicalAor(uri);
  if (!aor || core.domains.empty()) return aor;
  for (const std::string& d : core.domains) {
    if (syntax::iequals(d, uri.host)) return aor;
  }
  // One of our addresses rather than a domain: the user of our first domain.
  aor->resize(aor->size() - uri.host.size());
  for (char c : core.domains.front()) aor->push_back(syntax::cc::toLower(c));
  return aor;
}

}  // namespace parley::tu
