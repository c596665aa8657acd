// SPDX-License-Identifier: MIT
#include "app/serve_command.hpp"

#include <filesystem>
#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/server.hpp"
#include "config/config_loader.hpp"

namespace parley::app {
namespace {

config::ServerConfig loadConfig(const ServeOptions& o) {
  config::ServerConfig c;
  if (!o.configFile.empty()) {
    c = config::ConfigLoader::load(o.configFile);
  } else if (std::filesystem::exists("parley.toml")) {
    c = config::ConfigLoader::load("parley.toml");
  }
  if (!o.listen.empty()) c.listen = o.listen;
  if (!o.domains.empty()) c.domains = o.domains;
  if (!o.dataDir.empty()) c.dataDir = o.dataDir;
  if (!o.tlsCert.empty()) c.tls.certificate = o.tlsCert;
  if (!o.tlsKey.empty()) c.tls.privateKey = o.tlsKey;
  if (!o.tlsCa.empty()) c.tls.caFile = o.tlsCa;
  if (o.tlsVerifyClient) c.tls.verifyClient = true;
  if (o.workersGiven) c.workers = o.workers;
  if (!o.logLevel.empty()) c.logLevel = o.logLevel;
  if (!o.mode.empty()) c.mode = o.mode;
  config::ConfigLoader::validate(c, "command line");
  return c;
}

void setUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("parley");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

}  // namespace

CLI::App* addServeCommand(CLI::App& cli, ServeOptions& o) {
  CLI::App* serve = cli.add_subcommand("serve", "Run the SIP server");
  serve->add_option("-c,--config", o.configFile, "TOML configuration file (default: ./parley.toml if present)");
  serve->add_option("--listen", o.listen, "Listen address, e.g. udp:127.0.0.1:5060, tcp:[::]:5060 (repeatable)");
  serve->add_option("--domain", o.domains, "Domain this server is responsible for (repeatable)");
  serve->add_option("--data-dir", o.dataDir, "Folder for the server's data");
  serve->add_option("--tls-cert", o.tlsCert, "TLS certificate chain (PEM)");
  serve->add_option("--tls-key", o.tlsKey, "TLS private key (PEM)");
  serve->add_option("--tls-ca", o.tlsCa,
                    "CA bundle (PEM) for the servers Parley connects to over TLS and for client certificates");
  serve->add_flag("--tls-verify-client", o.tlsVerifyClient, "Require client certificates signed by --tls-ca (mutual TLS)");
  serve->add_option("--workers", o.workers, "Worker threads (0: one per core)")
      ->each([&o](const std::string&) { o.workersGiven = true; });
  serve->add_option("--log-level", o.logLevel, "trace, debug, info, warn, error or off");
  serve->add_option("--mode", o.mode, "proxy (registrar + stateful proxy, the default) or redirect (registrar + 302)");
  return serve;
}

int runServeCommand(const ServeOptions& options) {
  config::ServerConfig config;
  try {
    config = loadConfig(options);
  } catch (const config::ConfigError& e) {
    std::cerr << "parley: configuration error: " << e.what() << "\n";
    return 2;
  }
  setUpLogging(config.logLevel);
  Server server(std::move(config));
  if (auto started = server.start(); !started) {
    spdlog::error("cannot start: {}", started.error().reasonPhrase());
    return 1;
  }
  return server.waitForSignals();
}

}  // namespace parley::app
