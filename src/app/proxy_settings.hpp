// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "config/server_config.hpp"
#include "transport/listen_address.hpp"
#include "tu/core/core_config.hpp"
#include "tu/proxy/local_addresses.hpp"
#include "tu/proxy/proxy_config.hpp"

namespace parley::app {

// The proxy core's configuration from [proxy], [auth] and [server] mode. The legs and local
// addresses come later, from the bound listen addresses (proxyAddresses()).
[[nodiscard]] tu::ProxyConfig proxyConfigFrom(const config::ServerConfig& config);

// Fills `proxy.legs` (our address per transport: the first bound listener of each; a wildcard
// listener is represented by the first non-loopback address of this host) and `local` (our
// domains on any port, every bound address with its port) from the bound listeners.
void proxyAddresses(const std::vector<transport::ListenAddress>& bound, const tu::CoreConfig& core,
                    tu::ProxyConfig& proxy, tu::LocalAddresses& local);

}  // namespace parley::app
