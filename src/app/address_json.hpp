// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include "syntax/contact.hpp"
#include "syntax/message.hpp"
#include "syntax/name_addr.hpp"

namespace parley::app {

// JSON views of the name-addr family (RFC 3261 §20.10, §20.20, §20.30, §20.39; RFC 3327 Path) as
// `parley parse` prints them. Free functions over views into a message the caller keeps alive;
// any thread.

// {display_name (unquoted, null when absent), uri, angle_brackets, params, text}
[[nodiscard]] nlohmann::ordered_json nameAddrJson(const syntax::NameAddr& na);

// nameAddrJson() plus "tag" (null when absent).
[[nodiscard]] nlohmann::ordered_json fromToJson(const syntax::FromTo& ft);

// "*" for the wildcard, else an array of nameAddrJson() plus expires, q (decimal string such as
// "0.33"), instance, reg_id. A message without Contact gives [].
[[nodiscard]] nlohmann::ordered_json contactsJson(const syntax::ContactList& list);

// The qvalue in thousandths written as the shortest decimal: 330 -> "0.33", 1000 -> "1".
[[nodiscard]] std::string qValueText(std::uint16_t thousandths);

// Every value of every line of a name-addr list header (Route, Record-Route, Path), in order.
// [] when the message has none or (after validateMessage, impossible) one fails to parse.
[[nodiscard]] nlohmann::ordered_json nameAddrListJson(const syntax::SipMessage& m, syntax::HeaderId id);

}  // namespace parley::app
