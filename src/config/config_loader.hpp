// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "config/server_config.hpp"

namespace parley::config {

// ConfigError names the file, line, key and reason of a configuration problem (line 0 when the
// problem is not tied to a line, e.g. a command-line flag). what() is "file:line: key: reason".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::uint32_t line, std::string key, std::string reason);
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::uint32_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& key() const noexcept { return key_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  std::string file_;
  std::uint32_t line_;
  std::string key_;
  std::string reason_;
};

// Reads a TOML configuration into a ServerConfig, refusing unknown keys (typos), wrong types and
// values out of range, each with a ConfigError. Start-up only; throws.
class ConfigLoader {
 public:
  // Parses `text` as the contents of `file` (the name is only used in errors).
  [[nodiscard]] static ServerConfig parse(std::string_view text, const std::string& file);
  [[nodiscard]] static ServerConfig load(const std::string& file);
  // Checks the cross-field rules (listen addresses parse, TLS files given for a tls listener ...).
  // `origin` names where the values came from in errors ("command line" or the file).
  static void validate(const ServerConfig& config, const std::string& origin);
};

}  // namespace parley::config
