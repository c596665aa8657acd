// SPDX-License-Identifier: MIT
#include "app/server.hpp"

#include <unistd.h>

#include <ifaddrs.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/proxy_settings.hpp"
#include "app/self_signed_certificate.hpp"

namespace parley::app {
namespace {

// Grace period between "stop accepting" and the end of the loops at shutdown: long enough for
// in-flight requests to be answered, short enough for an operator's restart.
constexpr auto kShutdownGrace = std::chrono::milliseconds(500);

void addUnique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

transport::TlsSettings tlsSettingsFrom(const config::TlsConfig& c) {
  transport::TlsSettings s;
  s.certificate = c.certificate;
  s.privateKey = c.privateKey;
  s.caFile = c.caFile;
  s.verifyClient = c.verifyClient;
  s.ciphers = c.ciphers;
  for (const config::TlsCertificateConfig& e : c.certificates) s.named.push_back({e.name, e.certificate, e.privateKey});
  return s;
}

// Every TCP/TLS connection is a file descriptor; the usual soft limit (1,024) is far below what a
// server holds. Raise the soft limit to the hard one the operator allows.
void raiseFileLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= lim.rlim_max) return;
  rlim_t before = lim.rlim_cur;
  lim.rlim_cur = lim.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &lim) == 0) {
    spdlog::debug("open file limit raised from {} to {}", before, lim.rlim_max);
  }
}

sigset_t controlSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

std::vector<std::string> localInterfaceAddresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr) continue;
    int family = i->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    socklen_t len = family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
    addUnique(out, transport::SocketAddress::fromSockaddr(i->ifa_addr, len).ip());
  }
  freeifaddrs(list);
  return out;
}

Server::Server(config::ServerConfig config) : config_(std::move(config)) {
  core_.domains = config_.domains;
  core_.serverName = config_.serverName;
  core_.realm = config_.auth.realm;
  core_.supported = {"path", "outbound"};  // RFC 3327 and RFC 5626, both handled by the registrar
}

Server::~Server() { stop(); }

Result<void> Server::start() {
  sigset_t signals = controlSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // worker threads inherit the mask
  raiseFileLimit();

  std::vector<transport::ListenAddress> listen;
  for (const std::string& text : config_.listen) {
    auto l = transport::ListenAddress::parse(text);
    if (!l) return tl::unexpected(l.error());  // validated already; kept for safety
    listen.push_back(*l);
    std::string ip = l->address.ip();
    if (ip == "0.0.0.0" || ip == "::") {
      for (std::string& a : localInterfaceAddresses()) addUnique(core_.addresses, std::move(a));
    } else {
      addUnique(core_.addresses, ip);
    }
  }
  if (core_.domains.empty()) {
    // Without a configured domain the server answers for its host name (and its addresses).
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0 && host[0] != '\0') core_.domains.push_back(host);
    spdlog::warn("no domain configured (server.domains / --domain): serving the host name '{}' and this "
                 "host's addresses", core_.domains.empty() ? std::string() : core_.domains.front());
  }
  bool secure = std::any_of(listen.begin(), listen.end(),
                            [](const auto& l) { return l.kind == transport::TransportKind::Tls; });
  if (secure && config_.tls.certificate.empty()) {
    std::vector<std::string> names = core_.domains;
    for (const std::string& a : core_.addresses) names.push_back(a);
    CertificateFiles files = ensureSelfSignedCertificate(config_.dataDir + "/tls", names);
    config_.tls.certificate = files.certificate;
    config_.tls.privateKey = files.privateKey;
    spdlog::warn("no TLS certificate configured: {} the SELF-SIGNED certificate {} (phones must be told to "
                 "trust it; set tls.certificate and tls.private_key for production)",
                 files.created ? "generated" : "using", files.certificate);
  }
  try {
    services_ = std::make_unique<RegistrarServices>(config_, core_);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return fail(Errc::Io, "cannot open the location store", "location", 0);
  }
  if (secure) {
    auto tls = transport::TlsContext::load(tlsSettingsFrom(config_.tls));
    if (!tls) {
      spdlog::error("{}", tls.error());
      return fail(Errc::Io, "cannot load the TLS certificates", "tls", 0);
    }
    tls_ = *tls;
  }
  unsigned n = config_.workers != 0 ? config_.workers : std::max(1u, std::thread::hardware_concurrency());
  // Branches and flow ids name their worker with one character / 16 bits (tu/proxy/branch.hpp).
  n = std::min(n, 36u);
  proxy_ = proxyConfigFrom(config_);
  const Worker::ProxyWiring wiring{proxy_, local_, services_->proxyServices()};
  for (unsigned i = 0; i < n; ++i) {
    auto worker = std::make_unique<Worker>(config_, core_, i, &services_->registrar(), &wiring);
    // The first worker resolves port 0; the others bind what it got.
    auto bound = worker->bind(i == 0 ? listen : bound_, n > 1, tls_);
    if (!bound) return tl::unexpected(bound.error());
    if (i == 0) {
      bound_ = *bound;
      proxyAddresses(bound_, core_, proxy_, local_);  // read by the workers once their threads run
    }
    workers_.push_back(std::move(worker));
  }
  std::vector<Worker*> peers;
  for (auto& w : workers_) peers.push_back(w.get());
  for (auto& w : workers_) w->setPeers(peers);
  for (auto& w : workers_) w->startThread();
  running_ = true;
  for (const auto& b : bound_) spdlog::info("listening on {}", b.toString());
  spdlog::info("mode: {}", config_.mode == "redirect" ? "registrar + redirect server" : "registrar + proxy");
  spdlog::info("{} worker thread(s); domains: {}", n, core_.domains.empty() ? std::string("(none)") : [&] {
    std::string all;
    for (const auto& d : core_.domains) all += (all.empty() ? "" : ", ") + d;
    return all;
  }());
  return {};
}

int Server::waitForSignals() {
  sigset_t signals = controlSignals();
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      (void)reloadTls();
      continue;
    }
    spdlog::info("{}: shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    stop();
    return 0;
  }
}

Result<void> Server::reloadTls() {
  if (!tls_) {
    spdlog::info("SIGHUP: no TLS listener is configured, nothing to reload");
    return {};
  }
  // Loaded here, once, on the main thread; the workers only swap a pointer on their own loop.
  auto tls = transport::TlsContext::load(tlsSettingsFrom(config_.tls));
  if (!tls) {
    spdlog::error("SIGHUP: TLS reload failed, the current certificates stay: {}", tls.error());
    return fail(Errc::Io, "cannot load the TLS certificates", "tls", 0);
  }
  tls_ = *tls;
  for (auto& w : workers_) w->setTlsContext(tls_);
  spdlog::info("SIGHUP: TLS certificates reloaded from {} (new connections use them)", config_.tls.certificate);
  return {};
}

void Server::stop() {
  if (!running_) return;
  running_ = false;
  // Stop all workers in parallel so the grace period is paid once.
  std::vector<std::thread> stopping;
  for (auto& w : workers_) stopping.emplace_back([&w] { w->stop(kShutdownGrace); });
  for (auto& t : stopping) t.join();
  workers_.clear();
  services_.reset();
  spdlog::info("stopped");
}

}  // namespace parley::app
