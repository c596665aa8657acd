// SPDX-License-Identifier: MIT
#include "tu/registrar/registration_request.hpp"

#include <algorithm>
#include <optional>

#include "syntax/contact.hpp"
#include "syntax/header_params.hpp"
#include "syntax/scalar_headers.hpp"

namespace parley::tu {
namespace {

using syntax::HeaderId;

// The Expires header (§20.19), if any; two different values are a conflict.
Result<std::optional<std::uint32_t>> expiresHeader(const syntax::SipMessage& request) {
  std::optional<std::uint32_t> value;
  for (const syntax::HeaderField& h : request.headers()) {
    if (h.id != HeaderId::Expires) continue;
    auto e = syntax::parseDeltaSeconds(h.value, "Expires");
    if (!e) return tl::unexpected(e.error());
    if (value && *value != *e) return fail(Errc::Conflict, "two different values", "Expires", 400);
    value = *e;
  }
  return value;
}

// The contact's header parameters other than q and expires (the registrar writes those itself).
std::string otherParams(std::string_view params) {
  std::string out;
  syntax::Scanner s(params, "Contact");
  auto scanned = syntax::scanHeaderParams(s, [&](const syntax::Param& p) -> std::string_view {
    if (syntax::iequals(p.name, "q") || syntax::iequals(p.name, "expires")) return {};
    out.push_back(';');
    out.append(p.name);
    if (p.hasValue) {
      out.push_back('=');
      out.append(p.value);
    }
    return {};
  });
  // The parameters were validated when the Contact was parsed; an error here cannot happen.
  if (!scanned) return std::string(params);
  return out;
}

// §10.3 step 7: the expiry the registrar grants to one contact.
Result<std::uint32_t> grantedExpiry(std::optional<std::uint32_t> asked, const RegistrarConfig& config) {
  std::uint32_t e = asked.value_or(config.defaultExpires);
  if (e == 0) return 0u;
  if (e < config.minExpires) return fail(Errc::Conflict, "Interval Too Brief", "Expires", 423);
  return std::min(e, config.maxExpires);
}

Result<std::vector<std::string>> pathValues(const syntax::SipMessage& request) {
  auto list = syntax::parseNameAddrList(request, HeaderId::Path);
  if (!list) return tl::unexpected(list.error());
  std::vector<std::string> out;
  out.reserve(list->size());
  for (const syntax::NameAddr& p : *list) out.emplace_back(p.text);
  return out;
}

}  // namespace

Result<RegistrationChange> readRegistration(const syntax::SipMessage& request, const RegistrarConfig& config,
                                            UnixSeconds now, const location::FlowRef& flow) {
  auto header = expiresHeader(request);
  if (!header) return tl::unexpected(header.error());
  // One more than the limit lets a request that is merely too long be told apart from one that
  // breaks the grammar; a flood of contacts is refused before any is looked at (issue: 10,000).
  auto contacts = syntax::parseContacts(request, config.maxContacts + 1);
  if (!contacts) {
    if (contacts.error().code == Errc::TooLarge) {
      return fail(Errc::TooLarge, "Too many contacts for this address-of-record", "Contact", 403);
    }
    return tl::unexpected(contacts.error());
  }
  RegistrationChange change;
  change.callId = std::string(request.callId());
  change.cseq = request.cseq().number;
  change.now = now;
  change.flow = flow;
  change.maxContacts = config.maxContacts;
  change.overflow = config.overflow;
  if (const syntax::HeaderField* ua = request.find(HeaderId::UserAgent)) change.userAgent = std::string(ua->value);
  auto path = pathValues(request);
  if (!path) return tl::unexpected(path.error());
  change.path = std::move(*path);

  if (contacts->wildcard) {
    // §10.3 step 6: "*" only with Expires: 0 (parseContacts already refused "*" among others).
    if (!*header || **header != 0) return fail(Errc::Conflict, "Wildcard Contact needs Expires: 0", "Contact", 400);
    change.wildcard = true;
    return change;
  }
  if (contacts->contacts.size() > config.maxContacts) {
    return fail(Errc::TooLarge, "Too many contacts for this address-of-record", "Contact", 403);
  }
  change.contacts.reserve(contacts->contacts.size());
  for (const syntax::Contact& c : contacts->contacts) {
    auto granted = grantedExpiry(c.expires ? c.expires : *header, config);
    if (!granted) return tl::unexpected(granted.error());
    ContactChange cc;
    cc.uri = std::string(c.addr.uri.text);
    cc.params = otherParams(c.addr.params);
    cc.expires = *granted;
    cc.q = c.q ? static_cast<std::int16_t>(*c.q) : std::int16_t{-1};
    cc.instance = c.instance.empty() ? std::string{} : syntax::unquote(c.instance);
    cc.regId = c.regId.value_or(0);
    change.contacts.push_back(std::move(cc));
  }
  return change;
}

}  // namespace parley::tu
