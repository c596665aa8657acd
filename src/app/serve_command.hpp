// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace parley::app {

// The flags of `parley serve`; each overrides the configuration file's value when given.
struct ServeOptions {
  std::string configFile;               // empty: ./parley.toml when it exists, else defaults
  std::vector<std::string> listen;
  std::vector<std::string> domains;
  std::string dataDir;
  std::string tlsCert;
  std::string tlsKey;
  std::string tlsCa;             // CA bundle: client certificates and the servers we connect to
  bool tlsVerifyClient = false;  // --tls-verify-client: mutual TLS on tls: listeners
  unsigned workers = 0;
  bool workersGiven = false;
  std::string logLevel;
  std::string mode;
};

// Adds the `serve` subcommand and its flags to the CLI.
CLI::App* addServeCommand(CLI::App& cli, ServeOptions& options);

// Loads the configuration, applies the flags, starts the server and waits for a signal. Returns
// the process exit code: 0 after a clean shutdown, 2 for a configuration error, 1 when the server
// cannot start (e.g. an address is in use).
int runServeCommand(const ServeOptions& options);

}  // namespace parley::app
