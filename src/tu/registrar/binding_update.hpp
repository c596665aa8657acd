// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "location/binding.hpp"
#include "tu/registrar/registrar_config.hpp"

namespace parley::tu {

// One Contact of a REGISTER after the registrar chose its expiry (§10.3 step 7).
struct ContactChange {
  std::string uri;            // contact URI without brackets
  std::string params;         // header params other than q and expires, ";..." or empty
  std::uint32_t expires = 0;  // granted seconds; 0 removes the binding
  std::int16_t q = -1;        // thousandths; -1 when absent
  std::string instance;       // +sip.instance without its quotes; empty when absent
  std::uint32_t regId = 0;    // 0 when absent
};

// RegistrationChange models what one REGISTER asks of an AOR's bindings (§10.3 steps 6-7),
// with everything already parsed and its expiries chosen. Built by the Registrar per request.
struct RegistrationChange {
  bool wildcard = false;                // Contact: * with Expires: 0 — remove every binding
  std::vector<ContactChange> contacts;  // in request order
  std::string callId;
  std::uint32_t cseq = 0;
  std::vector<std::string> path;        // RFC 3327 Path values, top first
  std::string userAgent;
  location::FlowRef flow;
  UnixSeconds now = 0;
  std::size_t maxContacts = 10;
  BindingOverflow overflow = BindingOverflow::DropOldest;
};

// Applies `change` to the AOR's current bindings (expired ones already left out) and returns the
// complete new set (§10.3 step 7), or the error the request must fail with, leaving everything
// as it was (all-or-nothing):
//  * a binding is found by RFC 5626 instance (+sip.instance, and reg-id when given), else by
//    §19.1.4 comparison of the contact URIs;
//  * a binding last written with the request's Call-ID and a CSeq not lower than the request's
//    makes the request fail (400 "Out-of-order CSeq"); the same for "*";
//  * expires 0 removes, any other value adds or refreshes;
//  * more than `maxContacts` bindings: 403, or the oldest bindings this request did not touch
//    are dropped (BindingOverflow).
// Pure function; any thread.
[[nodiscard]] Result<location::BindingSet> applyRegistration(const location::BindingSet& current,
                                                             std::string_view aor, const RegistrationChange& change);

}  // namespace parley::tu
