// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

namespace parley::app {

// The flags of `parley user add|remove|list`, filled by CLI11.
struct UserOptions {
  std::string configFile;  // empty: ./parley.toml when it exists, else defaults (as `parley serve`)
  std::string dataDir;     // overrides the configuration's data_dir, as `parley serve --data-dir`
  std::string username;
  std::string realm;
  std::string password;
  bool passwordStdin = false;
  std::string importFile;  // `user import FILE`: user:password lines; "-" for stdin
};

// Adds the `user` subcommand with its `add`, `remove`, `import` and `list` subcommands to the CLI.
CLI::App* addUserCommand(CLI::App& cli, UserOptions& options);

// Runs the chosen `user` subcommand on the SQLite credential store the server reads (the
// configuration's [location] database, else <data_dir>/parley.db). `add` stores the RFC 7616
// §3.4.2 HA1 for MD5, SHA-256 and SHA-512-256, never the password; `list` prints "realm<TAB>user"
// lines and no secret. Returns the exit status: 0 done, 1 the store failed or the user to remove
// does not exist, 2 a usage or configuration error (no password, bad configuration file).
[[nodiscard]] int runUserCommand(const CLI::App& user, const UserOptions& options, std::istream& in,
                                 std::ostream& out, std::ostream& err);

}  // namespace parley::app
