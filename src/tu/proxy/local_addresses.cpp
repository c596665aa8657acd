// SPDX-License-Identifier: MIT
#include "tu/proxy/local_addresses.hpp"

#include "syntax/char_class.hpp"

namespace parley::tu {
namespace {

std::string_view unbracketed(std::string_view host) noexcept {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

}  // namespace

bool LocalAddresses::matches(std::string_view host, std::uint16_t port) const noexcept {
  host = unbracketed(host);
  for (const auto& d : domains) {
    if (syntax::iequals(d, host)) return true;
  }
  for (const auto& a : listen) {
    if (a.port == port && syntax::iequals(unbracketed(a.host), host)) return true;
  }
  return false;
}

bool isOurUri(const IsOurAddress& ours, const syntax::Uri& uri) {
  return uri.isSip() && ours(uri.host, uri.portOrDefault());
}

bool isOurVia(const IsOurAddress& ours, const syntax::Via& via) {
  std::uint16_t port = via.port.value_or(syntax::iequals(via.transport, "TLS") ? 5061 : 5060);
  return ours(via.host, port);
}

}  // namespace parley::tu
