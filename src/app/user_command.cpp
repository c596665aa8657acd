// SPDX-License-Identifier: MIT
#include "app/user_command.hpp"

#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>
#include <utility>
#include <vector>

#include "config/config_loader.hpp"
#include "location/sqlite/sqlite_credential_store.hpp"
#include "tu/auth/digest_hash.hpp"

namespace parley::app {
namespace {

struct Database {
  std::string path;
  location::SqliteOptions options;
};

// The file `parley serve` would use with the same configuration file and --data-dir.
Database databaseOf(const UserOptions& o) {
  config::ServerConfig c;
  if (!o.configFile.empty()) {
    c = config::ConfigLoader::load(o.configFile);
  } else if (std::filesystem::exists("parley.toml")) {
    c = config::ConfigLoader::load("parley.toml");
  }
  if (!o.dataDir.empty()) c.dataDir = o.dataDir;
  Database db;
  db.path = c.location.database.empty() ? c.dataDir + "/parley.db" : c.location.database;
  db.options.durability =
      c.location.durability == "power" ? location::Durability::Power : location::Durability::Process;
  return db;
}

int reportStoreError(std::ostream& err, const std::string& path, const Error& e) {
  err << "parley: " << path << ": " << e.reasonPhrase() << "\n";
  return 1;
}

// Opens (creating the folder and file if needed) the credential store for writing.
Result<std::unique_ptr<location::SqliteCredentialStore>> openForWriting(const Database& db, std::ostream& err) {
  std::error_code ec;
  const auto folder = std::filesystem::path(db.path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  if (ec) {
    err << "parley: " << folder.string() << ": cannot be created: " << ec.message() << "\n";
    return fail(Errc::Io, "cannot create the data folder");
  }
  auto store = location::SqliteCredentialStore::open(db.path, db.options);
  if (!store) reportStoreError(err, db.path, store.error());
  return store;
}

location::Credentials credentialsOf(const std::string& user, const std::string& realm, const std::string& password) {
  using auth::DigestAlgorithm;
  return {user, realm, auth::ha1(DigestAlgorithm::Md5, user, realm, password),
          auth::ha1(DigestAlgorithm::Sha256, user, realm, password),
          auth::ha1(DigestAlgorithm::Sha512_256, user, realm, password)};
}

int addUser(const UserOptions& o, const Database& db, std::istream& in, std::ostream& err) {
  std::string password = o.password;
  if (o.passwordStdin) {
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  if (password.empty()) {
    err << "parley: user add: give a non-empty password with --password or --password-stdin\n";
    return 2;
  }
  auto store = openForWriting(db, err);
  if (!store) return 1;
  if (auto r = (*store)->put(credentialsOf(o.username, o.realm, password)); !r) {
    return reportStoreError(err, db.path, r.error());
  }
  return 0;
}

// `user import FILE`: one "user:password" per line (the password is everything after the first
// ':'); empty lines and lines starting with '#' are skipped. The whole file is checked before
// anything is stored, so a typo on line 9,000 does not leave 8,999 users behind.
int importUsers(const UserOptions& o, const Database& db, std::istream& in, std::ostream& out, std::ostream& err) {
  std::ifstream file;
  if (o.importFile != "-") {
    file.open(o.importFile);
    if (!file) {
      err << "parley: " << o.importFile << ": cannot be read\n";
      return 2;
    }
  }
  std::istream& source = o.importFile == "-" ? in : file;
  std::vector<std::pair<std::string, std::string>> users;
  std::string line;
  for (std::size_t number = 1; std::getline(source, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string::npos || colon + 1 == line.size()) {
      err << "parley: " << o.importFile << ":" << number << ": expected user:password\n";
      return 2;
    }
    users.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  auto store = openForWriting(db, err);
  if (!store) return 1;
  for (const auto& [user, password] : users) {
    if (auto r = (*store)->put(credentialsOf(user, o.realm, password)); !r) {
      return reportStoreError(err, db.path, r.error());
    }
  }
  out << users.size() << " user(s) imported into realm " << o.realm << "\n";
  return 0;
}

int removeUser(const UserOptions& o, const Database& db, std::ostream& err) {
  // Reading commands do not create a database that is not there.
  bool removed = false;
  if (std::filesystem::exists(db.path)) {
    auto store = location::SqliteCredentialStore::open(db.path, db.options);
    if (!store) return reportStoreError(err, db.path, store.error());
    auto r = (*store)->remove(o.username, o.realm);
    if (!r) return reportStoreError(err, db.path, r.error());
    removed = *r;
  }
  if (!removed) {
    err << "parley: user remove: no user " << o.username << " in realm " << o.realm << " (" << db.path << ")\n";
    return 1;
  }
  return 0;
}

int listUsers(const Database& db, std::ostream& out, std::ostream& err) {
  if (!std::filesystem::exists(db.path)) return 0;
  auto store = location::SqliteCredentialStore::open(db.path, db.options);
  if (!store) return reportStoreError(err, db.path, store.error());
  auto users = (*store)->list();
  if (!users) return reportStoreError(err, db.path, users.error());
  for (const auto& u : *users) out << u.realm << "\t" << u.username << "\n";
  return 0;
}

}  // namespace

CLI::App* addUserCommand(CLI::App& cli, UserOptions& o) {
  CLI::App* user = cli.add_subcommand("user", "Manage the digest users of the registrar");
  user->require_subcommand(1);
  user->fallthrough();  // inherited by add/remove/list: `parley user list --data-dir DIR` works
  user->add_option("-c,--config", o.configFile, "TOML configuration file (default: ./parley.toml if present)");
  user->add_option("--data-dir", o.dataDir, "Folder for the server's data (as for serve)");

  CLI::App* add = user->add_subcommand("add", "Add a user or change its password (stores HA1 values only)");
  add->add_option("USER", o.username, "User name")->required();
  add->add_option("--realm", o.realm, "Digest realm, e.g. the domain")->required();
  auto* password = add->add_option("--password", o.password, "Password (visible to other local users; prefer stdin)");
  add->add_flag("--password-stdin", o.passwordStdin, "Read the password from the first line of stdin")
      ->excludes(password);

  CLI::App* remove = user->add_subcommand("remove", "Remove a user");
  remove->add_option("USER", o.username, "User name")->required();
  remove->add_option("--realm", o.realm, "Digest realm")->required();

  CLI::App* import = user->add_subcommand("import", "Add or update many users from a file of user:password lines");
  import->add_option("FILE", o.importFile, "File with one user:password per line ('-' for stdin)")->required();
  import->add_option("--realm", o.realm, "Digest realm of every user in the file")->required();

  user->add_subcommand("list", "Print every user as realm and name (no secrets)");
  return user;
}

int runUserCommand(const CLI::App& user, const UserOptions& o, std::istream& in, std::ostream& out,
                   std::ostream& err) {
  Database db;
  try {
    db = databaseOf(o);
  } catch (const config::ConfigError& e) {
    err << "parley: configuration error: " << e.what() << "\n";
    return 2;
  }
  if (*user.get_subcommand("add")) return addUser(o, db, in, err);
  if (*user.get_subcommand("remove")) return removeUser(o, db, err);
  if (*user.get_subcommand("import")) return importUsers(o, db, in, out, err);
  return listUsers(db, out, err);
}

}  // namespace parley::app
