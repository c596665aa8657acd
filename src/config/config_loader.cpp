// SPDX-License-Identifier: MIT
#include "config/config_loader.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "transport/listen_address.hpp"
#include "transport/socket_address.hpp"

namespace parley::config {
namespace {

// Walks one TOML table, taking known keys into the config and refusing the others.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, const std::string& file)
      : table_(table), prefix_(std::move(prefix)), file_(file) {}

  // Refuses every key of the table that was not asked for (a typo must not be ignored).
  void finish() const {
    for (const auto& [key, node] : table_) {
      if (!known_.count(std::string(key.str()))) fail(node, std::string(key.str()), "unknown key");
    }
  }

  void string(std::string_view key, std::string& out) {
    if (const toml::node* n = take(key)) {
      if (!n->is_string()) fail(*n, key, "must be a string");
      out = n->as_string()->get();
    }
  }
  void boolean(std::string_view key, bool& out) {
    if (const toml::node* n = take(key)) {
      if (!n->is_boolean()) fail(*n, key, "must be true or false");
      out = n->as_boolean()->get();
    }
  }
  void number(std::string_view key, std::uint32_t& out, std::int64_t min, std::int64_t max) {
    if (const toml::node* n = take(key)) {
      if (!n->is_integer()) fail(*n, key, "must be an integer");
      std::int64_t v = n->as_integer()->get();
      if (v < min || v > max) fail(*n, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      out = static_cast<std::uint32_t>(v);
    }
  }
  void strings(std::string_view key, std::vector<std::string>& out) {
    if (const toml::node* n = take(key)) {
      if (!n->is_array()) fail(*n, key, "must be an array of strings");
      out.clear();
      for (const toml::node& item : *n->as_array()) {
        if (!item.is_string()) fail(item, key, "must be an array of strings");
        out.push_back(item.as_string()->get());
      }
    }
  }
  // An array of tables ([[key]] entries); each table is read by the caller.
  const toml::array* tables(std::string_view key) {
    const toml::node* n = take(key);
    if (n == nullptr) return nullptr;
    if (!n->is_array_of_tables()) fail(*n, key, "must be [[" + prefix_ + std::string(key) + "]] tables");
    return n->as_array();
  }
  const toml::table* table(std::string_view key) {
    if (const toml::node* n = take(key)) {
      if (!n->is_table()) fail(*n, key, "must be a table");
      return n->as_table();
    }
    return nullptr;
  }

  [[noreturn]] void fail(const toml::node& n, std::string_view key, const std::string& reason) const {
    throw ConfigError(file_, static_cast<std::uint32_t>(n.source().begin.line), prefix_ + std::string(key), reason);
  }

 private:
  const toml::node* take(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
  }

  const toml::table& table_;
  std::string prefix_;
  const std::string& file_;
  std::set<std::string> known_;
};

void validateRegistrar(const ServerConfig& c, const std::string& origin) {
  const RegistrarSection& r = c.registrar;
  if (r.minExpires > r.maxExpires) throw ConfigError(origin, 0, "registrar.min_expires", "must not exceed max_expires");
  if (r.defaultExpires < r.minExpires || r.defaultExpires > r.maxExpires) {
    throw ConfigError(origin, 0, "registrar.default_expires", "must lie between min_expires and max_expires");
  }
  if (r.overflow != "drop-oldest" && r.overflow != "reject") {
    throw ConfigError(origin, 0, "registrar.overflow", "must be \"drop-oldest\" or \"reject\"");
  }
  static const std::set<std::string> kAlgorithms{"MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256",
                                                 "SHA-512-256-sess"};
  if (c.auth.algorithms.empty()) throw ConfigError(origin, 0, "auth.algorithms", "needs at least one algorithm");
  for (const std::string& a : c.auth.algorithms) {
    if (!kAlgorithms.count(a)) {
      throw ConfigError(origin, 0, "auth.algorithms",
                        "'" + a + "' is not one of MD5, SHA-256, SHA-512-256 (or their -sess forms)");
    }
  }
  if (c.auth.qop.empty()) throw ConfigError(origin, 0, "auth.qop", "needs \"auth\"");
  for (const std::string& q : c.auth.qop) {
    if (q != "auth" && q != "auth-int") throw ConfigError(origin, 0, "auth.qop", "'" + q + "' is not auth or auth-int");
  }
  if (std::find(c.auth.qop.begin(), c.auth.qop.end(), "auth") == c.auth.qop.end()) {
    throw ConfigError(origin, 0, "auth.qop", "must include \"auth\" (every SIP client supports it)");
  }
  if (c.location.durability != "process" && c.location.durability != "power") {
    throw ConfigError(origin, 0, "location.durability", "must be \"process\" or \"power\"");
  }
}

// "192.0.2.1", "192.0.2.1:5353", "[2001:db8::1]:53": an IP literal and an optional port.
bool isDnsServer(std::string_view s) {
  std::string_view host = s;
  std::string_view port;
  if (!s.empty() && s.front() == '[') {
    std::size_t close = s.find(']');
    if (close == std::string_view::npos) return false;
    host = s.substr(1, close - 1);
    if (close + 1 < s.size()) {
      if (s[close + 1] != ':') return false;
      port = s.substr(close + 2);
    }
  } else if (std::size_t colon = s.find(':');
             colon != std::string_view::npos && s.find(':', colon + 1) == std::string_view::npos) {
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  if (!port.empty() && (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
                        std::stoul(std::string(port)) > 65535)) {
    return false;
  }
  return transport::SocketAddress::fromIpPort(host, 53).has_value();
}

void validateDns(const DnsConfig& d, const std::string& origin) {
  for (const std::string& s : d.servers) {
    if (!isDnsServer(s)) {
      throw ConfigError(origin, 0, "dns.servers", "'" + s + "' is not an IP address with an optional :port");
    }
  }
  for (std::size_t i = 0; i < d.hosts.size(); ++i) {
    const DnsHostConfig& h = d.hosts[i];
    std::string at = "dns.hosts[" + std::to_string(i) + "]";
    if (h.name.empty()) throw ConfigError(origin, 0, at, "needs a name");
    if (!transport::SocketAddress::fromIpPort(h.address, 5060)) {
      throw ConfigError(origin, 0, at + ".address", "'" + h.address + "' is not an IP address");
    }
    if (!h.transport.empty() && h.transport != "udp" && h.transport != "tcp" && h.transport != "tls") {
      throw ConfigError(origin, 0, at + ".transport", "must be \"udp\", \"tcp\" or \"tls\"");
    }
  }
}

std::uint32_t lineOf(const toml::table& root, std::string_view path) {
  const toml::node* n = root.at_path(path).node();
  return n != nullptr ? static_cast<std::uint32_t>(n->source().begin.line) : 0;
}

}  // namespace

ConfigError::ConfigError(std::string file, std::uint32_t line, std::string key, std::string reason)
    : std::runtime_error(file + ":" + std::to_string(line) + ": " + key + ": " + reason),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      reason_(std::move(reason)) {}

ServerConfig ConfigLoader::parse(std::string_view text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw ConfigError(file, static_cast<std::uint32_t>(e.source().begin.line), "(syntax)", std::string(e.description()));
  }
  ServerConfig c;
  {
    TableReader top(root, "", file);
    if (const toml::table* t = top.table("server")) {
      TableReader r(*t, "server.", file);
      r.strings("listen", c.listen);
      r.strings("domains", c.domains);
      r.string("data_dir", c.dataDir);
      r.number("workers", c.workers, 0, 256);
      r.string("log_level", c.logLevel);
      r.string("server_name", c.serverName);
      r.string("mode", c.mode);
      r.finish();
    }
    if (const toml::table* t = top.table("tls")) {
      TableReader r(*t, "tls.", file);
      r.string("certificate", c.tls.certificate);
      r.string("private_key", c.tls.privateKey);
      r.string("ca_file", c.tls.caFile);
      r.boolean("verify_client", c.tls.verifyClient);
      r.boolean("verify_server", c.tls.verifyServer);
      r.string("ciphers", c.tls.ciphers);
      r.number("handshake_timeout", c.tls.handshakeTimeoutSeconds, 1, 300);
      if (const toml::array* list = r.tables("certificates")) {
        for (std::size_t i = 0; i < list->size(); ++i) {
          TableReader e(*list->get(i)->as_table(), "tls.certificates[" + std::to_string(i) + "].", file);
          TlsCertificateConfig& cert = c.tls.certificates.emplace_back();
          e.string("name", cert.name);
          e.string("certificate", cert.certificate);
          e.string("private_key", cert.privateKey);
          e.finish();
        }
      }
      r.finish();
    }
    if (const toml::table* t = top.table("transport")) {
      TableReader r(*t, "transport.", file);
      r.number("max_message_size", c.transport.maxMessageSize, 1024, 1024 * 1024);
      r.number("tcp_idle_timeout", c.transport.tcpIdleTimeoutSeconds, 1, 86400);
      r.number("max_connections", c.transport.maxConnections, 1, 1000000);
      r.number("max_connections_per_source", c.transport.maxConnectionsPerSource, 1, 1000000);
      r.number("udp_receive_buffer", c.transport.udpReceiveBuffer, 65536, 256 * 1024 * 1024);
      r.finish();
    }
    if (const toml::table* t = top.table("dns")) {
      TableReader r(*t, "dns.", file);
      r.strings("servers", c.dns.servers);
      r.number("timeout_ms", c.dns.timeoutMs, 50, 60000);
      r.number("tries", c.dns.tries, 1, 10);
      if (const toml::array* list = r.tables("hosts")) {
        for (std::size_t i = 0; i < list->size(); ++i) {
          TableReader e(*list->get(i)->as_table(), "dns.hosts[" + std::to_string(i) + "].", file);
          DnsHostConfig& h = c.dns.hosts.emplace_back();
          e.string("name", h.name);
          e.string("address", h.address);
          e.string("transport", h.transport);
          e.number("port", h.port, 1, 65535);
          e.finish();
        }
      }
      r.finish();
    }
    if (const toml::table* t = top.table("timers")) {
      TableReader r(*t, "timers.", file);
      r.number("t1_ms", c.timers.t1, 10, 60000);
      r.number("t2_ms", c.timers.t2, 100, 600000);
      r.number("t4_ms", c.timers.t4, 100, 600000);
      r.finish();
    }
    if (const toml::table* t = top.table("registrar")) {
      TableReader r(*t, "registrar.", file);
      r.number("default_expires", c.registrar.defaultExpires, 1, 0x7fffffff);
      r.number("min_expires", c.registrar.minExpires, 0, 0x7fffffff);
      r.number("max_expires", c.registrar.maxExpires, 1, 0x7fffffff);
      r.number("max_contacts", c.registrar.maxContacts, 1, 1000);
      r.string("overflow", c.registrar.overflow);
      r.boolean("require_tls", c.registrar.requireTls);
      r.finish();
    }
    if (const toml::table* t = top.table("auth")) {
      TableReader r(*t, "auth.", file);
      r.boolean("enabled", c.auth.enabled);
      r.string("realm", c.auth.realm);
      r.strings("algorithms", c.auth.algorithms);
      r.strings("qop", c.auth.qop);
      r.number("nonce_lifetime", c.auth.nonceLifetime, 10, 86400);
      r.boolean("one_time_nonces", c.auth.oneTimeNonces);
      r.string("secret_file", c.auth.secretFile);
      r.finish();
    }
    if (const toml::table* t = top.table("proxy")) {
      TableReader r(*t, "proxy.", file);
      r.boolean("record_route", c.proxy.recordRoute);
      r.boolean("auth", c.proxy.auth);
      r.strings("auth_methods", c.proxy.authMethods);
      r.strings("auth_domains", c.proxy.authDomains);
      r.boolean("identity_check", c.proxy.identityCheck);
      r.boolean("loop_detection", c.proxy.loopDetection);
      r.boolean("relay", c.proxy.relay);
      r.number("timer_c", c.proxy.timerC, 1, 86400);
      r.finish();
    }
    if (const toml::table* t = top.table("location")) {
      TableReader r(*t, "location.", file);
      r.string("database", c.location.database);
      r.string("durability", c.location.durability);
      r.number("sweep_interval", c.location.sweepInterval, 1, 3600);
      r.finish();
    }
    top.finish();
  }
  try {
    validate(c, file);
  } catch (const ConfigError& e) {
    // Point at the line of the offending key when the file has it.
    std::string path = e.key();
    throw ConfigError(file, lineOf(root, path), e.key(), e.reason());
  }
  return c;
}

ServerConfig ConfigLoader::load(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, 0, "(file)", "cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file);
}

void ConfigLoader::validate(const ServerConfig& c, const std::string& origin) {
  if (c.listen.empty()) throw ConfigError(origin, 0, "server.listen", "needs at least one address");
  bool tls = false;
  for (const std::string& l : c.listen) {
    auto parsed = transport::ListenAddress::parse(l);
    if (!parsed) throw ConfigError(origin, 0, "server.listen", "'" + l + "': " + std::string(parsed.error().what));
    tls = tls || parsed->kind == transport::TransportKind::Tls;
  }
  static const std::set<std::string> kLevels{"trace", "debug", "info", "warn", "error", "off"};
  if (!kLevels.count(c.logLevel)) {
    throw ConfigError(origin, 0, "server.log_level", "must be one of trace, debug, info, warn, error, off");
  }
  if (c.timers.t2 < c.timers.t1) throw ConfigError(origin, 0, "timers.t2_ms", "must not be below timers.t1_ms");
  if (tls && c.tls.certificate.empty() != c.tls.privateKey.empty()) {
    throw ConfigError(origin, 0, "tls.private_key", "certificate and private_key go together");
  }
  // A tls: listener without a certificate gets a self-signed one made at start-up (app/), with a
  // warning: fine to try Parley out, never what a phone should trust in production.
  for (std::size_t i = 0; i < c.tls.certificates.size(); ++i) {
    const TlsCertificateConfig& e = c.tls.certificates[i];
    std::string at = "tls.certificates[" + std::to_string(i) + "]";
    if (e.name.empty()) throw ConfigError(origin, 0, at, "needs a name (the SNI host name it serves)");
    if (e.certificate.empty() || e.privateKey.empty()) {
      throw ConfigError(origin, 0, at, "needs both certificate and private_key");
    }
  }
  validateRegistrar(c, origin);
  if (c.mode != "proxy" && c.mode != "redirect") {
    throw ConfigError(origin, 0, "server.mode", "must be \"proxy\" or \"redirect\"");
  }
  validateDns(c.dns, origin);
  if (c.tls.verifyClient && c.tls.caFile.empty()) {
    throw ConfigError(origin, 0, "tls.ca_file", "needed when verify_client is true");
  }
}

}  // namespace parley::config
