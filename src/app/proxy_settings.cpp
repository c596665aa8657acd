// SPDX-License-Identifier: MIT
#include "app/proxy_settings.hpp"

#include <chrono>

namespace parley::app {
namespace {

bool isWildcard(const std::string& ip) { return ip == "0.0.0.0" || ip == "::"; }

bool isLoopback(const std::string& ip) { return ip.rfind("127.", 0) == 0 || ip == "::1"; }

// The address a peer can reach a wildcard listener at: a non-loopback address of this host.
std::string advertised(const std::string& ip, const tu::CoreConfig& core) {
  if (!isWildcard(ip)) return ip;
  bool v6 = ip == "::";
  for (const std::string& a : core.addresses) {
    bool aV6 = a.find(':') != std::string::npos;
    if (aV6 == v6 && !isLoopback(a) && !isWildcard(a)) return a;
  }
  return v6 ? "::1" : "127.0.0.1";
}

}  // namespace

tu::ProxyConfig proxyConfigFrom(const config::ServerConfig& config) {
  tu::ProxyConfig p;
  p.mode = config.mode == "redirect" ? tu::ProxyMode::Redirect : tu::ProxyMode::Proxy;
  p.recordRoute.enabled = config.proxy.recordRoute;
  p.validation.loopDetection = config.proxy.loopDetection;
  p.auth.enabled = config.proxy.auth && config.auth.enabled;
  p.auth.methods = config.proxy.authMethods;
  p.auth.foreignDomains = config.proxy.authDomains;
  p.auth.identityCheck = config.proxy.identityCheck;
  p.relayForeign = config.proxy.relay;
  p.timerC = std::chrono::seconds(config.proxy.timerC);
  return p;
}

void proxyAddresses(const std::vector<transport::ListenAddress>& bound, const tu::CoreConfig& core,
                    tu::ProxyConfig& proxy, tu::LocalAddresses& local) {
  local.domains = core.domains;
  local.listen.clear();
  for (const transport::ListenAddress& l : bound) {
    const std::string ip = l.address.ip();
    const std::uint16_t port = l.address.port();
    if (isWildcard(ip)) {
      for (const std::string& a : core.addresses) local.listen.push_back({a, port});
    } else {
      local.listen.push_back({ip, port});
    }
    std::optional<tu::RecordRouteLeg>& leg = l.kind == transport::TransportKind::Udp   ? proxy.legs.udp
                                             : l.kind == transport::TransportKind::Tcp ? proxy.legs.tcp
                                                                                       : proxy.legs.tls;
    if (!leg) leg = tu::RecordRouteLeg{l.kind, advertised(ip, core), port};
  }
}

}  // namespace parley::app
