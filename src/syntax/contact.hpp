// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "syntax/name_addr.hpp"

namespace parley::syntax {

// Contact models one contact-param (RFC 3261 §20.10) with the parameters the registrar uses:
// expires (§10.2.1.1), q (§20.10), +sip.instance and reg-id (RFC 5626 §4.1). Views into the
// message; plain value; any thread.
struct Contact {
  NameAddr addr;
  std::optional<std::uint32_t> expires;  // saturated at 2**32-1
  std::optional<std::uint16_t> q;        // qvalue in thousandths: q=0.5 is 500
  std::string_view instance;             // +sip.instance value as written, quotes included
  std::optional<std::uint32_t> regId;
};

// All Contact header values of a message, or the wildcard "*" (§10.2.2).
struct ContactList {
  bool wildcard = false;
  std::vector<Contact> contacts;
};

// Parses every Contact header line. "*" must be the only value of the only Contact header.
// More than `maxContacts` values is refused (Errc::TooLarge) before any is stored.
[[nodiscard]] Result<ContactList> parseContacts(const SipMessage& m, std::size_t maxContacts = 256);

// Parses every line of a header holding a comma-separated list of name-addr values (Route,
// Record-Route, Path, Service-Route ...), in order.
[[nodiscard]] Result<std::vector<NameAddr>> parseNameAddrList(const SipMessage& m, HeaderId id);

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
[[nodiscard]] std::optional<std::uint16_t> parseQValue(std::string_view v) noexcept;

}  // namespace parley::syntax
