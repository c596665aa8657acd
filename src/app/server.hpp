// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <vector>

#include "app/registrar_services.hpp"
#include "app/worker.hpp"
#include "config/server_config.hpp"
#include "transport/listen_address.hpp"
#include "tu/core/core_config.hpp"

namespace parley::app {

// Server models one `parley serve` process: the validated configuration, the server core's view
// of itself (domains, local addresses), and N workers, each an event loop on its own thread
// sharing the listen addresses through SO_REUSEPORT. The main thread owns it, starts it, waits
// for signals (SIGTERM/SIGINT: stop; SIGHUP: reload TLS material) and stops it.
class Server {
 public:
  explicit Server(config::ServerConfig config);
  ~Server();

  // Binds every listen address on every worker and starts the worker threads. Blocks SIGINT,
  // SIGTERM and SIGHUP first so that only waitForSignals() receives them.
  [[nodiscard]] Result<void> start();
  // Blocks until SIGINT or SIGTERM, then stops the workers (grace period first); SIGHUP calls
  // reloadTls() meanwhile. Returns the process exit code.
  int waitForSignals();
  void stop();
  // Re-reads the TLS files of the configuration and hands the new certificates to every worker for
  // new connections. On an error the current ones stay; the error is logged and returned.
  [[nodiscard]] Result<void> reloadTls();

  // The addresses actually bound (port 0 resolved), in configuration order.
  [[nodiscard]] const std::vector<transport::ListenAddress>& bound() const noexcept { return bound_; }
  [[nodiscard]] const tu::CoreConfig& core() const noexcept { return core_; }

 private:
  config::ServerConfig config_;
  tu::CoreConfig core_;
  tu::ProxyConfig proxy_;        // legs filled in once the first worker has bound
  tu::LocalAddresses local_;     // likewise
  std::unique_ptr<RegistrarServices> services_;  // created in start(), before the workers
  std::vector<transport::ListenAddress> bound_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::shared_ptr<const transport::TlsContext> tls_;  // null without a tls: listener
  bool running_ = false;
};

// The IP addresses of this host's interfaces (for wildcard listeners, so that "sip:<our IP>" is
// recognised as addressed to us).
[[nodiscard]] std::vector<std::string> localInterfaceAddresses();

}  // namespace parley::app
