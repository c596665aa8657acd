// SPDX-License-Identifier: MIT
#include "app/registrar_services.hpp"

#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "app/secret_file.hpp"
#include "base/random.hpp"

namespace parley::app {
namespace {

tu::RegistrarConfig registrarConfigFrom(const config::ServerConfig& c) {
  tu::RegistrarConfig r;
  r.defaultExpires = c.registrar.defaultExpires;
  r.minExpires = c.registrar.minExpires;
  r.maxExpires = c.registrar.maxExpires;
  r.maxContacts = c.registrar.maxContacts;
  r.overflow = c.registrar.overflow == "reject" ? tu::BindingOverflow::Reject : tu::BindingOverflow::DropOldest;
  r.requireTls = c.registrar.requireTls;
  r.authenticate = c.auth.enabled;
  return r;
}

auth::DigestConfig digestConfigFrom(const config::ServerConfig& c) {
  auth::DigestConfig d;
  d.algorithms.clear();
  for (const std::string& name : c.auth.algorithms) {
    if (auto a = auth::parseAlgorithm(name)) d.algorithms.push_back(*a);  // names were validated
  }
  d.offerAuthInt = std::find(c.auth.qop.begin(), c.auth.qop.end(), "auth-int") != c.auth.qop.end();
  d.nonceLifetimeSeconds = c.auth.nonceLifetime;
  d.oneTimeNonces = c.auth.oneTimeNonces;
  d.secret = loadOrCreateSecret(c.auth.secretFile.empty() ? c.dataDir + "/nonce.secret" : c.auth.secretFile);
  return d;
}

template <class T>
T orThrow(Result<T> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + ": " + r.error().reasonPhrase());
  return std::move(*r);
}

}  // namespace

std::string databasePath(const config::ServerConfig& config) {
  return config.location.database.empty() ? config.dataDir + "/parley.db" : config.location.database;
}

RegistrarServices::RegistrarServices(const config::ServerConfig& config, const tu::CoreConfig& core)
    : config_(config), registrarConfig_(registrarConfigFrom(config)) {
  // A connection id means nothing to another process or after a restart: each start is a new node.
  SystemRandom random;
  registrarConfig_.node = random.token(12);
  std::error_code ec;
  std::filesystem::create_directories(config.dataDir, ec);
  if (ec) throw std::runtime_error(config.dataDir + ": cannot be created: " + ec.message());
  location::SqliteOptions options;
  options.durability = config.location.durability == "power" ? location::Durability::Power : location::Durability::Process;
  const std::string db = databasePath(config);
  bindings_ = orThrow(location::SqliteLocationStore::open(db, options), db);
  users_ = orThrow(location::SqliteCredentialStore::open(db, options), db);
  if (registrarConfig_.authenticate) digest_ = orThrow(auth::DigestAuthenticator::create(digestConfigFrom(config)), "[auth]");
  registrar_ = std::make_unique<tu::Registrar>(registrarConfig_, core, *bindings_, *users_, digest_.get(), clock_);
  auto live = bindings_->count(clock_.now());
  spdlog::info("location store {}: {} current binding(s); digest authentication {}", db, live ? *live : 0,
               registrarConfig_.authenticate ? "on" : "OFF (every REGISTER is accepted)");
  maintenance_ = std::thread([this] { maintain(); });
}

RegistrarServices::~RegistrarServices() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
}

std::size_t RegistrarServices::sweep() noexcept {
  auto removed = bindings_->removeExpired(clock_.now());
  if (!removed) spdlog::warn("expired-binding sweep failed: {}", removed.error().reasonPhrase());
  auto checkpoint = bindings_->checkpoint();
  if (!checkpoint) spdlog::warn("WAL checkpoint failed: {}", checkpoint.error().reasonPhrase());
  if (removed && *removed > 0) spdlog::debug("{} expired binding(s) removed", *removed);
  return removed ? *removed : 0;
}

void RegistrarServices::maintain() {
  std::unique_lock lock(mutex_);
  const auto interval = std::chrono::seconds(config_.location.sweepInterval);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    (void)sweep();
    lock.lock();
  }
}

}  // namespace parley::app
