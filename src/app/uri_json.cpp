// SPDX-License-Identifier: MIT
#include "app/uri_json.hpp"

#include "app/json_text.hpp"
#include "syntax/header_params.hpp"
#include "syntax/uri_params.hpp"

namespace parley::app {
namespace {

using json = nlohmann::ordered_json;

void addParam(json& out, const syntax::Param& p) {
  std::string name = utf8Text(p.name);
  if (out.contains(name)) return;
  out[name] = p.hasValue ? jsonText(p.value) : json(nullptr);
}

}  // namespace

json hostKindJson(syntax::HostKind kind) {
  switch (kind) {
    case syntax::HostKind::Name:
      return "name";
    case syntax::HostKind::IPv4:
      return "ipv4";
    case syntax::HostKind::IPv6:
      return "ipv6";
    case syntax::HostKind::None:
      break;
  }
  return nullptr;
}

json uriJson(const syntax::Uri& uri) {
  json j = json::object();
  j["scheme"] = jsonText(uri.schemeText);
  j["user"] = uri.hasUserInfo ? jsonText(uri.user) : json(nullptr);
  j["user_unescaped"] = uri.hasUserInfo ? jsonText(syntax::unescape(uri.user)) : json(nullptr);
  j["password"] = uri.hasPassword ? jsonText(uri.password) : json(nullptr);
  j["host"] = jsonTextOrNull(uri.host);
  j["host_kind"] = hostKindJson(uri.hostKind);
  j["port"] = uri.port ? json(*uri.port) : json(nullptr);
  j["params"] = uriParamsJson(uri.params);
  j["headers"] = uriHeadersJson(uri.headers);
  j["opaque"] = uri.isSip() ? json(nullptr) : jsonText(uri.opaque);
  j["text"] = jsonText(uri.text);
  return j;
}

json uriParamsJson(std::string_view params) {
  json out = json::object();
  syntax::forEachUriParam(params, [&](const syntax::Param& p) {
    addParam(out, p);
    return true;
  });
  return out;
}

json uriHeadersJson(std::string_view headers) {
  json out = json::object();
  while (!headers.empty()) {
    std::size_t amp = headers.find('&');
    std::string_view one = headers.substr(0, amp);
    headers = amp == std::string_view::npos ? std::string_view{} : headers.substr(amp + 1);
    if (one.empty()) continue;
    std::size_t eq = one.find('=');
    syntax::Param p{one.substr(0, eq), eq == std::string_view::npos ? std::string_view{} : one.substr(eq + 1),
                    eq != std::string_view::npos};
    addParam(out, p);
  }
  return out;
}

json headerParamsJson(std::string_view params) {
  json out = json::object();
  syntax::Scanner s(params, "parameter");
  // The span was checked when the header was parsed, so a failure here cannot happen; if it
  // did, the parameters read so far are still shown.
  (void)syntax::scanHeaderParams(s, [&](const syntax::Param& p) -> std::string_view {
    addParam(out, p);
    return {};
  });
  return out;
}

}  // namespace parley::app
