// SPDX-License-Identifier: MIT
#include "app/address_json.hpp"

#include "app/json_text.hpp"
#include "app/uri_json.hpp"

namespace parley::app {

using json = nlohmann::ordered_json;

json nameAddrJson(const syntax::NameAddr& na) {
  json j = json::object();
  j["display_name"] = na.displayName.empty() ? json(nullptr) : jsonText(na.display());
  j["uri"] = uriJson(na.uri);
  j["angle_brackets"] = na.angleBrackets;
  j["params"] = headerParamsJson(na.params);
  j["text"] = jsonText(na.text);
  return j;
}

json fromToJson(const syntax::FromTo& ft) {
  json j = nameAddrJson(ft.addr);
  j["tag"] = jsonTextOrNull(ft.tag);
  return j;
}

std::string qValueText(std::uint16_t thousandths) {
  std::string text = std::to_string(thousandths / 1000);
  unsigned fraction = thousandths % 1000;
  if (fraction == 0) return text;
  std::string digits = std::to_string(1000 + fraction).substr(1);  // three digits, leading zeros kept
  while (digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

json contactsJson(const syntax::ContactList& list) {
  if (list.wildcard) return "*";
  json out = json::array();
  for (const syntax::Contact& c : list.contacts) {
    json j = nameAddrJson(c.addr);
    j["expires"] = c.expires ? json(*c.expires) : json(nullptr);
    j["q"] = c.q ? json(qValueText(*c.q)) : json(nullptr);
    j["instance"] = jsonTextOrNull(c.instance);
    j["reg_id"] = c.regId ? json(*c.regId) : json(nullptr);
    out.push_back(std::move(j));
  }
  return out;
}

json nameAddrListJson(const syntax::SipMessage& m, syntax::HeaderId id) {
  json out = json::array();
  auto list = syntax::parseNameAddrList(m, id);
  if (!list) return out;
  for (const syntax::NameAddr& na : *list) out.push_back(nameAddrJson(na));
  return out;
}

}  // namespace parley::app
