// SPDX-License-Identifier: MIT
#include "tu/registrar/registrar.hpp"

#include "syntax/char_class.hpp"
#include "tu/registrar/address_of_record.hpp"
#include "tu/registrar/registration_reply.hpp"
#include "tu/registrar/registration_request.hpp"

namespace parley::tu {
namespace {

// RFC 5626 §6: the registrar says it treated a reg-id contact as an outbound flow; only when the
// flow ends here or at an edge proxy that marked its Path entry with "ob".
bool acceptsOutbound(const RegistrationChange& change) {
  bool regId = false;
  for (const ContactChange& c : change.contacts) regId = regId || (c.regId != 0 && !c.instance.empty());
  if (!regId) return false;
  if (change.path.empty()) return true;
  return change.path.front().find(";ob") != std::string::npos;
}

}  // namespace

Reply Registrar::handle(const syntax::SipMessage& request, const txn::TransportTarget& source) noexcept {
  const UnixSeconds now = clock_.now();
  const syntax::Uri& ruri = request.requestUri();
  // Step 1: the Request-URI names a domain we keep bindings for (we do not proxy REGISTER yet).
  if (!ruri.isSip() || !servesHost(core_, ruri.host)) return Reply{404, "Domain not served here"};
  // RFC 3261 §26.2.2 / RFC 5630 §3.1.1: a sips: registration must have come over TLS; the
  // configuration may demand TLS for every registration. 403: the request is understood and
  // refused, and repeating it over the same transport will not help.
  const syntax::Uri& to = request.to().addr.uri;
  bool secure = ruri.scheme == syntax::UriScheme::Sips || to.scheme == syntax::UriScheme::Sips;
  if ((secure || config_.requireTls) && source.kind != txn::TransportKind::Tls) {
    return Reply{403, "Registration requires TLS"};
  }
  // Steps 3-4: who is asking, and may they.
  if (auto refused = authorize(request, now)) return std::move(*refused);
  // Step 5: the AOR from To, in canonical form, within our domains.
  auto aor = localAor(to, core_);
  if (!aor) return replyFor(aor.error());
  if (!servesHost(core_, to.host)) return Reply{404, "Address-of-record not in our domains"};
  return updateBindings(request, *aor, source, now);
}

std::optional<Reply> Registrar::authorize(const syntax::SipMessage& request, UnixSeconds now) noexcept {
  if (!config_.authenticate || auth_ == nullptr) return std::nullopt;
  const syntax::Uri& to = request.to().addr.uri;
  std::string realm = realmFor(core_, to.host);
  auth::DigestOutcome outcome = auth_->verify(request, realm, false, users_, now);
  if (const auto* challenge = std::get_if<auth::Challenge>(&outcome)) {
    return Reply{401, {}, auth_->challenge(realm, challenge->stale, false, now)};
  }
  if (const auto* rejected = std::get_if<auth::Rejected>(&outcome)) return Reply{rejected->status, rejected->reason};
  const auto& user = std::get<auth::Authenticated>(outcome);
  // Step 4: user <name> of the realm owns sip:<name>@<host> for the hosts of that realm; registering
  // anyone else's AOR is forbidden.
  if (!to.hasUserInfo || syntax::unescape(to.user) != user.username) {
    return Reply{403, "Not allowed to register this address-of-record"};
  }
  return std::nullopt;
}

Reply Registrar::updateBindings(const syntax::SipMessage& request, const std::string& aor,
                                const txn::TransportTarget& source, UnixSeconds now) noexcept {
  location::FlowRef flow{static_cast<std::uint8_t>(source.kind), source.address, source.port, source.flow, config_.node};
  auto change = readRegistration(request, config_, now, flow);
  if (!change) {
    Reply r = replyFor(change.error());
    if (r.status == 423) r.headers = "Min-Expires: " + std::to_string(config_.minExpires) + "\r\n";
    return r;
  }
  // §10.3 step 6: no Contact at all is a query for the current bindings.
  Result<location::BindingSet> bindings = (!change->wildcard && change->contacts.empty())
      ? bindings_.lookup(aor, now)
      : bindings_.update(aor, now, [&](const location::BindingSet& current) {
          return applyRegistration(current, aor, *change);
        });
  if (!bindings) return replyFor(bindings.error());
  return Reply{200, {}, registrationOkHeaders(*bindings, now, request, acceptsOutbound(*change))};
}

}  // namespace parley::tu
