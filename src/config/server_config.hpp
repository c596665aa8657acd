// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace parley::config {

// One more certificate, chosen by the name a TLS client asks for (SNI, RFC 6066 §3);
// [[tls.certificates]] entries.
struct TlsCertificateConfig {
  std::string name;          // "sip.example.com", or "*.example.com" for one label
  std::string certificate;   // PEM chain file
  std::string privateKey;    // PEM key file
};

// TLS settings ([tls] in the file). SIGHUP re-reads the files named here.
struct TlsConfig {
  std::string certificate;   // PEM chain file: the certificate when no SNI name matches
  std::string privateKey;    // PEM key file
  // CA bundle for client certificates (mutual TLS) and for the servers we connect to (§26.2.2);
  // empty: outbound connections trust the system's default store.
  std::string caFile;
  bool verifyClient = false;
  bool verifyServer = true;  // outbound: chain and RFC 5922 domain checked; false for tests only
  std::vector<TlsCertificateConfig> certificates;
  std::string ciphers;       // TLS 1.2 cipher list (OpenSSL syntax); empty: Parley's default
  std::uint32_t handshakeTimeoutSeconds = 10;  // from accept to an established session
};

// One static name ([[dns.hosts]]): an A/AAAA override, or with transport and port an SRV-like
// answer for the name (RFC 3263 §4 uses it instead of asking DNS).
struct DnsHostConfig {
  std::string name;
  std::string address;    // IP literal
  std::string transport;  // "", "udp", "tcp" or "tls"
  std::uint32_t port = 0;  // 0: none
};

// DNS for sending requests to host names ([dns]), RFC 3263.
struct DnsConfig {
  std::vector<std::string> servers;  // "ip:port" / "[ipv6]:port"; empty: /etc/resolv.conf
  std::uint32_t timeoutMs = 2000;    // per try and server
  std::uint32_t tries = 2;
  std::vector<DnsHostConfig> hosts;
};

// Transport limits ([transport]).
struct TransportConfig {
  std::uint32_t maxMessageSize = 64 * 1024;
  std::uint32_t tcpIdleTimeoutSeconds = 120;
  std::uint32_t maxConnections = 20000;
  std::uint32_t maxConnectionsPerSource = 200;
  // UDP socket receive buffer in bytes (SO_RCVBUF). The kernel default (~208 KB, about 200
  // datagrams) overflows while a worker is briefly off the CPU at 10,000 requests/s and more.
  std::uint32_t udpReceiveBuffer = 4 * 1024 * 1024;
};

// RFC 3261 §17 timer bases ([timers]), in milliseconds.
struct TimerValues {
  std::uint32_t t1 = 500;
  std::uint32_t t2 = 4000;
  std::uint32_t t4 = 5000;
};

// Registrar settings ([registrar]): RFC 3261 §10.3 expiry bounds and binding limits.
struct RegistrarSection {
  std::uint32_t defaultExpires = 3600;
  std::uint32_t minExpires = 60;
  std::uint32_t maxExpires = 86400;
  std::uint32_t maxContacts = 10;        // per AOR
  std::string overflow = "drop-oldest";  // "drop-oldest" or "reject" (403) when over max_contacts
  bool requireTls = false;               // refuse REGISTER over UDP/TCP
};

// Digest authentication settings ([auth]), RFC 7616 / RFC 8760.
struct AuthSection {
  bool enabled = true;                                          // challenge REGISTER (and calls, later)
  std::string realm;                                            // empty: each domain is its own realm
  std::vector<std::string> algorithms = {"SHA-256", "MD5"};     // offered, strongest first
  std::vector<std::string> qop = {"auth"};                      // "auth", "auth-int"
  std::uint32_t nonceLifetime = 300;                            // seconds
  bool oneTimeNonces = false;
  // File holding the nonce secret; empty: <data_dir>/nonce.secret, created on first start.
  // Nodes sharing a realm must share this file.
  std::string secretFile;
};

// Proxy settings ([proxy]), RFC 3261 §16 and RFC 3665 §3.
struct ProxySection {
  bool recordRoute = true;                // §16.6 step 4: stay on the path of dialogs
  bool auth = true;                       // 407 for out-of-dialog requests From our domains (needs [auth] enabled)
  std::vector<std::string> authMethods;   // empty: every method but ACK and CANCEL
  std::vector<std::string> authDomains;   // other domains whose users are challenged too (RFC 3665 §3.3)
  bool identityCheck = true;              // the authenticated user must be the From user (403)
  bool loopDetection = true;              // §16.3 step 4 (482)
  bool relay = false;                     // forward out-of-dialog requests between two foreign domains
  std::uint32_t timerC = 181;             // seconds (§16.6 step 11: more than 3 minutes)
};

// Location service settings ([location]).
struct LocationSection {
  std::string database;          // SQLite file; empty: <data_dir>/parley.db
  std::string durability = "process";  // "process": survives kill -9; "power": fsync each commit
  std::uint32_t sweepInterval = 10;    // seconds between removals of expired bindings
};

// ServerConfig models the whole configuration of one `parley serve` process: what the TOML file
// and the command-line flags say, after validation. Built once at start-up by ConfigLoader (the
// only place, with app/, allowed to throw); read-only afterwards and shared by every worker.
struct ServerConfig {
  // transport:ip[:port]; the default tls: listener uses a self-signed certificate unless [tls] names one
  std::vector<std::string> listen = {"udp:0.0.0.0:5060", "tcp:0.0.0.0:5060", "tls:0.0.0.0:5061"};
  std::vector<std::string> domains;
  std::string dataDir = "data";
  std::uint32_t workers = 0;  // 0: one per core
  std::string logLevel = "info";
  std::string serverName = "Parley";
  std::string mode = "proxy";  // "proxy" (registrar + stateful proxy) or "redirect" (registrar + 302)
  TlsConfig tls;
  TransportConfig transport;
  DnsConfig dns;
  TimerValues timers;
  RegistrarSection registrar;
  AuthSection auth;
  ProxySection proxy;
  LocationSection location;
};

}  // namespace parley::config
