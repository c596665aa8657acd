// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "base/wall_clock.hpp"
#include "config/server_config.hpp"
#include "location/sqlite/sqlite_credential_store.hpp"
#include "location/sqlite/sqlite_location_store.hpp"
#include "tu/auth/digest_authenticator.hpp"
#include "tu/core/core_config.hpp"
#include "tu/proxy/proxy_core.hpp"
#include "tu/registrar/registrar.hpp"

namespace parley::app {

// RegistrarServices owns what the registrar needs beyond one worker: the SQLite location and
// credential stores in the data folder, the digest authenticator with its nonce secret, the
// Registrar itself (shared by every worker), and the maintenance thread that removes expired
// bindings every [location] sweep_interval and checkpoints the WAL off the event loops.
// Created by Server on the main thread before the workers, destroyed after them.
class RegistrarServices {
 public:
  // Opens (creating if needed) the data folder, database and secret file. Throws
  // std::runtime_error naming the file and reason: start-up only.
  RegistrarServices(const config::ServerConfig& config, const tu::CoreConfig& core);
  ~RegistrarServices();
  RegistrarServices(const RegistrarServices&) = delete;
  RegistrarServices& operator=(const RegistrarServices&) = delete;

  [[nodiscard]] tu::Registrar& registrar() noexcept { return *registrar_; }
  [[nodiscard]] location::LocationStore& bindings() noexcept { return *bindings_; }
  // What the proxy core shares with the registrar: bindings, users, digest (null when [auth] is
  // off), the wall clock and this process's node id.
  [[nodiscard]] tu::ProxyServices proxyServices() noexcept {
    return tu::ProxyServices{bindings_.get(), users_.get(), digest_.get(), &clock_, registrarConfig_.node};
  }

  // One sweep now: removes expired bindings and checkpoints; returns how many bindings went.
  std::size_t sweep() noexcept;

 private:
  void maintain();

  const config::ServerConfig& config_;
  SystemWallClock clock_;
  tu::RegistrarConfig registrarConfig_;
  std::unique_ptr<location::SqliteLocationStore> bindings_;
  std::unique_ptr<location::SqliteCredentialStore> users_;
  std::unique_ptr<auth::DigestAuthenticator> digest_;
  std::unique_ptr<tu::Registrar> registrar_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread maintenance_;
};

// The SQLite file of a configuration: [location] database, else <data_dir>/parley.db.
[[nodiscard]] std::string databasePath(const config::ServerConfig& config);

}  // namespace parley::app
