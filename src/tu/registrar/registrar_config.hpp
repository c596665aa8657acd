// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace parley::tu {

// What happens when a REGISTER would leave an AOR with more bindings than allowed.
enum class BindingOverflow : std::uint8_t {
  Reject,      // 403 "Too many contacts"; nothing changes
  DropOldest,  // the least recently written bindings the request did not touch are removed
};

// RegistrarConfig models the [registrar] section: expiry bounds of RFC 3261 §10.3 step 7 (and
// §10.2.1.1), binding limits and transport policy. Built once at start-up; read-only afterwards
// and shared by every worker.
struct RegistrarConfig {
  std::uint32_t defaultExpires = 3600;  // when neither the contact nor the request says
  std::uint32_t minExpires = 60;        // shorter (and not 0) ⇒ 423 Interval Too Brief
  std::uint32_t maxExpires = 86400;     // longer ⇒ shortened to this
  std::uint32_t maxContacts = 10;       // bindings per AOR
  BindingOverflow overflow = BindingOverflow::DropOldest;
  bool requireTls = false;              // refuse REGISTER that did not arrive over TLS
  bool authenticate = true;             // digest-challenge every REGISTER (RFC 3261 §22)
  std::string node;                     // this process's instance id, stored with each flow
};

}  // namespace parley::tu
