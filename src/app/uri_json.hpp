// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "syntax/uri.hpp"

namespace parley::app {

// JSON views of URIs and parameter runs, as `parley parse` prints them. Every string is as
// written in the message (escapes in place) except `user_unescaped`. Missing elements are null.
// Free functions over views into a message the caller keeps alive; any thread.

// "name", "ipv4", "ipv6", or null for HostKind::None.
[[nodiscard]] nlohmann::ordered_json hostKindJson(syntax::HostKind kind);

// {scheme, user, user_unescaped, password, host, host_kind, port, params, headers, opaque, text}
[[nodiscard]] nlohmann::ordered_json uriJson(const syntax::Uri& uri);

// ";a=b;lr" (uri-parameters, no LWS) as {"a": "b", "lr": null}. The first of two equal names wins.
[[nodiscard]] nlohmann::ordered_json uriParamsJson(std::string_view params);

// "h=v&h2=v2" (the URI headers component) as {"h": "v", "h2": "v2"}. The first of two equal names wins.
[[nodiscard]] nlohmann::ordered_json uriHeadersJson(std::string_view headers);

// *( SEMI generic-param ) of a header value (LWS allowed, quoted values keep their quotes).
[[nodiscard]] nlohmann::ordered_json headerParamsJson(std::string_view params);

}  // namespace parley::app
