// SPDX-License-Identifier: MIT
#include "app/message_json.hpp"

#include "app/address_json.hpp"
#include "app/header_json.hpp"
#include "app/json_text.hpp"
#include "app/uri_json.hpp"
#include "syntax/contact.hpp"

namespace parley::app {
namespace {

using json = nlohmann::ordered_json;
using syntax::HeaderId;

json headerListJson(const syntax::SipMessage& m) {
  json out = json::array();
  for (const syntax::HeaderField& h : m.headers()) {
    json j = json::object();
    j["name"] = jsonText(h.name);
    j["canonical"] = h.id == HeaderId::Unknown ? json(nullptr) : json(syntax::headerName(h.id));
    j["value"] = jsonText(h.value);
    out.push_back(std::move(j));
  }
  return out;
}

void addStartLine(json& j, const syntax::SipMessage& m) {
  if (m.isRequest()) {
    j["kind"] = "request";
    j["method"] = jsonText(m.methodText());
    j["request_uri"] = uriJson(m.requestUri());
  } else {
    j["kind"] = "response";
    j["status"] = m.statusCode();
    j["reason"] = jsonText(m.reasonPhrase());
  }
}

}  // namespace

json messageJson(const syntax::SipMessage& m) {
  json j = json::object();
  addStartLine(j, m);
  j["headers"] = headerListJson(m);
  j["via"] = viaListJson(m);
  j["from"] = fromToJson(m.from());
  j["to"] = fromToJson(m.to());
  j["call_id"] = jsonText(m.callId());
  j["cseq"] = {{"number", m.cseq().number}, {"method", jsonText(m.cseq().methodText)}};
  j["max_forwards"] = m.maxForwards() ? json(*m.maxForwards()) : json(nullptr);
  j["content_length"] = m.contentLength() ? json(*m.contentLength()) : json(nullptr);
  auto contacts = syntax::parseContacts(m, 1u << 16);
  j["contact"] = contacts ? contactsJson(*contacts) : json::array();
  j["route"] = nameAddrListJson(m, HeaderId::Route);
  j["record_route"] = nameAddrListJson(m, HeaderId::RecordRoute);
  j["path"] = nameAddrListJson(m, HeaderId::Path);
  j["authorization"] = authListJson(m, HeaderId::Authorization);
  j["proxy_authorization"] = authListJson(m, HeaderId::ProxyAuthorization);
  j["www_authenticate"] = authListJson(m, HeaderId::WwwAuthenticate);
  j["proxy_authenticate"] = authListJson(m, HeaderId::ProxyAuthenticate);
  j["body_length"] = m.body().size();
  return j;
}

json errorJson(const Error& e) {
  json inner = json::object();
  inner["status"] = e.status;
  inner["reason"] = jsonText(e.reasonPhrase());
  inner["header"] = jsonTextOrNull(e.where);
  inner["offset"] = e.offset;
  return json{{"error", std::move(inner)}};
}

}  // namespace parley::app
