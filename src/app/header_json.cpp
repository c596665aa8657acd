// SPDX-License-Identifier: MIT
#include "app/header_json.hpp"

#include <initializer_list>
#include <string>
#include <utility>

#include "app/json_text.hpp"
#include "app/uri_json.hpp"

namespace parley::app {

using json = nlohmann::ordered_json;

json viaJson(const syntax::Via& via) {
  json j = json::object();
  j["protocol"] = jsonText(std::string(via.protocolName) + "/" + std::string(via.protocolVersion));
  j["transport"] = jsonText(via.transport);
  j["host"] = jsonText(via.host);
  j["host_kind"] = hostKindJson(via.hostKind);
  j["port"] = via.port ? json(*via.port) : json(nullptr);
  j["branch"] = jsonTextOrNull(via.branch);
  j["received"] = jsonTextOrNull(via.received);
  j["rport"] = via.rportValue ? json(*via.rportValue) : via.rport ? json(true) : json(nullptr);
  j["maddr"] = jsonTextOrNull(via.maddr);
  j["ttl"] = via.ttl ? json(*via.ttl) : json(nullptr);
  j["params"] = headerParamsJson(via.params);
  j["text"] = jsonText(via.text);
  return j;
}

json viaListJson(const syntax::SipMessage& m) {
  json out = json::array();
  for (const syntax::HeaderField& h : m.headers()) {
    if (h.id != syntax::HeaderId::Via) continue;
    syntax::Scanner s(h.value, "Via");
    for (;;) {
      auto via = syntax::parseVia(s);
      if (!via) return out;
      out.push_back(viaJson(*via));
      if (s.atEnd() || !s.separator(',')) break;
    }
  }
  return out;
}

namespace {

// {"name": text or null, ...} for the optional string fields of an auth header, in order.
json optionalFields(std::initializer_list<std::pair<const char*, std::string_view>> fields) {
  json j = json::object();
  for (const auto& [name, value] : fields) j[name] = jsonTextOrNull(value);
  return j;
}

}  // namespace

json credentialsJson(const syntax::Credentials& c) {
  json j = optionalFields({{"scheme", c.scheme}, {"username", c.username}, {"realm", c.realm}, {"nonce", c.nonce},
                           {"uri", c.uri}, {"response", c.response}, {"algorithm", c.algorithm},
                           {"cnonce", c.cnonce}, {"opaque", c.opaque}, {"qop", c.qop}, {"nc", c.nc}});
  j["userhash"] = c.userhash;
  j["params"] = jsonText(c.params);
  return j;
}

json challengeJson(const syntax::Challenge& c) {
  json j = optionalFields({{"scheme", c.scheme}, {"realm", c.realm}, {"domain", c.domain}, {"nonce", c.nonce},
                           {"opaque", c.opaque}, {"algorithm", c.algorithm}, {"qop", c.qop}});
  j["stale"] = c.stale;
  j["userhash"] = c.userhash;
  j["params"] = jsonText(c.params);
  return j;
}

json authListJson(const syntax::SipMessage& m, syntax::HeaderId id) {
  bool credentials = id == syntax::HeaderId::Authorization || id == syntax::HeaderId::ProxyAuthorization;
  json out = json::array();
  for (const syntax::HeaderField& h : m.headers()) {
    if (h.id != id) continue;
    if (credentials) {
      if (auto c = syntax::parseCredentials(h.value, syntax::headerName(id))) out.push_back(credentialsJson(*c));
    } else if (auto c = syntax::parseChallenge(h.value, syntax::headerName(id))) {
      out.push_back(challengeJson(*c));
    }
  }
  return out;
}

}  // namespace parley::app
