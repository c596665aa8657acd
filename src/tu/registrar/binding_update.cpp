// SPDX-License-Identifier: MIT
#include "tu/registrar/binding_update.hpp"

#include <algorithm>

#include "syntax/uri.hpp"

namespace parley::tu {
namespace {

using location::Binding;
using location::BindingSet;

// §19.1.4 comparison of two contact URIs held as text; text that does not parse compares as text.
bool sameContact(std::string_view a, std::string_view b) {
  auto ua = syntax::parseUri(a);
  auto ub = syntax::parseUri(b);
  if (!ua || !ub) return a == b;
  return syntax::uriEquals(*ua, *ub);
}

// RFC 5626 §6: with +sip.instance and reg-id the binding is the (instance, reg-id) pair; with an
// instance alone (RFC 5627 §6) the instance; otherwise the contact URI (RFC 3261 §10.3 step 7).
bool matches(const Binding& b, const ContactChange& c) {
  if (!c.instance.empty()) return b.instance == c.instance && b.regId == c.regId;
  return b.instance.empty() && sameContact(b.contact, c.uri);
}

// §10.3 step 7: "If the Call-ID is the same and the CSeq is not higher, the update MUST be aborted."
bool outOfOrder(const Binding& b, const RegistrationChange& change) {
  return b.callId == change.callId && b.cseq >= change.cseq;
}

Binding makeBinding(std::string_view aor, const ContactChange& c, const RegistrationChange& change) {
  Binding b;
  b.aor = std::string(aor);
  b.contact = c.uri;
  b.contactParams = c.params;
  b.callId = change.callId;
  b.cseq = change.cseq;
  b.expires = change.now + static_cast<UnixSeconds>(c.expires);
  b.updated = change.now;
  b.q = c.q;
  b.path = change.path;
  b.instance = c.instance;
  b.regId = c.regId;
  b.userAgent = change.userAgent;
  b.flow = change.flow;
  return b;
}

Result<BindingSet> removeAll(const BindingSet& current, const RegistrationChange& change) {
  for (const Binding& b : current) {
    if (outOfOrder(b, change)) return fail(Errc::Conflict, "Out-of-order CSeq", "CSeq", 400);
  }
  return BindingSet{};
}

// Keeps the set within `maxContacts`, dropping the least recently written bindings this request
// did not touch when the policy allows it.
Result<void> enforceLimit(BindingSet& set, std::vector<bool>& touched, const RegistrationChange& change) {
  if (set.size() <= change.maxContacts) return {};
  if (change.overflow == BindingOverflow::Reject) {
    return fail(Errc::TooLarge, "Too many contacts for this address-of-record", "Contact", 403);
  }
  while (set.size() > change.maxContacts) {
    std::size_t oldest = set.size();
    for (std::size_t i = 0; i < set.size(); ++i) {
      if (touched[i]) continue;
      if (oldest == set.size() || set[i].updated < set[oldest].updated) oldest = i;
    }
    if (oldest == set.size()) {
      return fail(Errc::TooLarge, "Too many contacts for this address-of-record", "Contact", 403);
    }
    set.erase(set.begin() + static_cast<std::ptrdiff_t>(oldest));
    touched.erase(touched.begin() + static_cast<std::ptrdiff_t>(oldest));
  }
  return {};
}

}  // namespace

Result<BindingSet> applyRegistration(const BindingSet& current, std::string_view aor,
                                     const RegistrationChange& change) {
  if (change.wildcard) return removeAll(current, change);
  BindingSet next = current;
  // Bindings written by this request are exempt from the CSeq check for the request's later
  // contacts (the same contact twice in one REGISTER: the last one wins).
  std::vector<bool> touched(next.size(), false);
  for (const ContactChange& c : change.contacts) {
    auto it = std::find_if(next.begin(), next.end(), [&](const Binding& b) { return matches(b, c); });
    if (it == next.end()) {
      if (c.expires == 0) continue;  // removing what is not there is not an error
      next.push_back(makeBinding(aor, c, change));
      touched.push_back(true);
      continue;
    }
    auto index = static_cast<std::size_t>(it - next.begin());
    if (!touched[index] && outOfOrder(*it, change)) {
      return fail(Errc::Conflict, "Out-of-order CSeq", "CSeq", 400);
    }
    if (c.expires == 0) {
      next.erase(it);
      touched.erase(touched.begin() + static_cast<std::ptrdiff_t>(index));
      continue;
    }
    *it = makeBinding(aor, c, change);
    touched[index] = true;
  }
  auto limited = enforceLimit(next, touched, change);
  if (!limited) return tl::unexpected(limited.error());
  return next;
}

}  // namespace parley::tu
