// SPDX-License-Identifier: MIT
#include "config/config_loader.hpp"

#include <gtest/gtest.h>

namespace parley::config {
namespace {

ConfigError errorOf(std::string_view text) {
  try {
    (void)ConfigLoader::parse(text, "parley.toml");
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return ConfigError("", 0, "", "");
}

TEST(ConfigLoader, FullFile) {
  ServerConfig c = ConfigLoader::parse(R"(
[server]
listen = ["udp:127.0.0.1:5070", "tcp:[::1]:5070", "tls:0.0.0.0:5071"]
domains = ["biloxi.example.com", "atlanta.example.com"]
data_dir = "/var/lib/parley"
workers = 2
log_level = "debug"
server_name = "Parley test"

[tls]
certificate = "cert.pem"
private_key = "key.pem"
ca_file = "ca.pem"
verify_client = true

[transport]
max_message_size = 32768
tcp_idle_timeout = 60
max_connections = 1000
max_connections_per_source = 10
udp_receive_buffer = 1048576

[timers]
t1_ms = 250
t2_ms = 2000
t4_ms = 2500
)", "parley.toml");
  EXPECT_EQ(c.listen.size(), 3u);
  EXPECT_EQ(c.domains[1], "atlanta.example.com");
  EXPECT_EQ(c.dataDir, "/var/lib/parley");
  EXPECT_EQ(c.workers, 2u);
  EXPECT_EQ(c.logLevel, "debug");
  EXPECT_EQ(c.tls.caFile, "ca.pem");
  EXPECT_TRUE(c.tls.verifyClient);
  EXPECT_EQ(c.transport.maxMessageSize, 32768u);
  EXPECT_EQ(c.transport.maxConnectionsPerSource, 10u);
  EXPECT_EQ(c.transport.udpReceiveBuffer, 1048576u);
  EXPECT_EQ(c.timers.t1, 250u);
}

TEST(ConfigLoader, EmptyFileGivesDefaults) {
  ServerConfig c = ConfigLoader::parse("", "parley.toml");
  EXPECT_EQ(c.listen.size(), 3u);  // udp and tcp 5060, tls 5061 (self-signed without a certificate)
  EXPECT_EQ(c.timers.t1, 500u);
  EXPECT_EQ(c.transport.maxMessageSize, 65536u);
}

TEST(ConfigLoader, ErrorsNameFileLineKeyAndReason) {
  ConfigError unknown = errorOf("[server]\nlisten = [\"udp:127.0.0.1:5060\"]\nlsiten = 1\n");
  EXPECT_EQ(unknown.file(), "parley.toml");
  EXPECT_EQ(unknown.line(), 3u);
  EXPECT_EQ(unknown.key(), "server.lsiten");
  EXPECT_EQ(unknown.reason(), "unknown key");
  EXPECT_STREQ(unknown.what(), "parley.toml:3: server.lsiten: unknown key");

  ConfigError type = errorOf("[server]\n\nworkers = \"two\"\n");
  EXPECT_EQ(type.line(), 3u);
  EXPECT_EQ(type.key(), "server.workers");
  EXPECT_EQ(type.reason(), "must be an integer");

  ConfigError range = errorOf("[transport]\nmax_message_size = 10\n");
  EXPECT_EQ(range.line(), 2u);
  EXPECT_EQ(range.reason(), "must be between 1024 and 1048576");

  ConfigError listen = errorOf("[server]\nlisten = [\"sctp:1.2.3.4:5060\"]\n");
  EXPECT_EQ(listen.key(), "server.listen");
  EXPECT_EQ(listen.line(), 2u);
  EXPECT_NE(listen.reason().find("udp, tcp or tls"), std::string::npos);

  ConfigError syntax = errorOf("[server\nlisten = 1\n");
  EXPECT_EQ(syntax.line(), 1u);
  EXPECT_EQ(syntax.key(), "(syntax)");

  ConfigError section = errorOf("[sever]\nx = 1\n");
  EXPECT_EQ(section.key(), "sever");
  EXPECT_EQ(section.line(), 1u);

  EXPECT_EQ(errorOf("[server]\nlog_level = \"loud\"\n").key(), "server.log_level");
  EXPECT_EQ(errorOf("[timers]\nt1_ms = 5000\nt2_ms = 4000\n").key(), "timers.t2_ms");
  EXPECT_EQ(errorOf("[tls]\ncertificate = \"c.pem\"\n[server]\nlisten = [\"tls:127.0.0.1\"]\n").key(), "tls.private_key");
  EXPECT_EQ(errorOf("[tls]\nverify_client = true\n").key(), "tls.ca_file");
}

TEST(ConfigLoader, TlsCertificatesBySniName) {
  ServerConfig c = ConfigLoader::parse(R"([server]
listen = ["tls:127.0.0.1:5061"]

[tls]
certificate = "default.crt"
private_key = "default.key"
ciphers = "ECDHE-RSA-AES128-GCM-SHA256"
handshake_timeout = 5

[[tls.certificates]]
name = "sip.alpha.example"
certificate = "alpha.crt"
private_key = "alpha.key"

[[tls.certificates]]
name = "*.beta.example"
certificate = "beta.crt"
private_key = "beta.key"
)", "parley.toml");
  ASSERT_EQ(c.tls.certificates.size(), 2u);
  EXPECT_EQ(c.tls.certificates[0].name, "sip.alpha.example");
  EXPECT_EQ(c.tls.certificates[1].certificate, "beta.crt");
  EXPECT_EQ(c.tls.certificates[1].privateKey, "beta.key");
  EXPECT_EQ(c.tls.ciphers, "ECDHE-RSA-AES128-GCM-SHA256");
  EXPECT_EQ(c.tls.handshakeTimeoutSeconds, 5u);
  EXPECT_EQ(ConfigLoader::parse("", "parley.toml").tls.handshakeTimeoutSeconds, 10u);
}

TEST(ConfigLoader, TlsErrors) {
  // Without certificate and key the server makes a self-signed pair at start-up; half a pair is an error.
  EXPECT_TRUE(ConfigLoader::parse("[server]\nlisten = [\"tls:127.0.0.1\"]\n", "parley.toml").tls.certificate.empty());
  ConfigError halfPair = errorOf("[server]\nlisten = [\"tls:127.0.0.1\"]\n[tls]\ncertificate = \"a.crt\"\n");
  EXPECT_EQ(halfPair.key(), "tls.private_key");
  ConfigError typo = errorOf("[[tls.certificates]]\nname = \"a\"\ncertificate = \"a.crt\"\nprivatekey = \"a.key\"\n");
  EXPECT_EQ(typo.key(), "tls.certificates[0].privatekey");
  EXPECT_EQ(typo.line(), 4u);
  ConfigError missing = errorOf("[[tls.certificates]]\nname = \"a\"\ncertificate = \"a.crt\"\n");
  EXPECT_EQ(missing.key(), "tls.certificates[0]");
  EXPECT_EQ(missing.line(), 1u);
  EXPECT_EQ(errorOf("[tls]\ncertificates = 3\n").key(), "tls.certificates");
  EXPECT_EQ(errorOf("[tls]\nhandshake_timeout = 0\n").key(), "tls.handshake_timeout");
}

TEST(ConfigLoader, DnsSectionAndStaticHosts) {
  ServerConfig c = ConfigLoader::parse(R"([dns]
servers = ["127.0.0.1:5353", "[::1]:53", "192.0.2.53"]
timeout_ms = 500
tries = 3
[[dns.hosts]]
name = "proxy2.example.com"
address = "127.0.0.2"
[[dns.hosts]]
name = "example.com"
address = "::1"
transport = "tls"
port = 5071
[tls]
verify_server = false
)",
                                       "parley.toml");
  EXPECT_EQ(c.dns.servers, (std::vector<std::string>{"127.0.0.1:5353", "[::1]:53", "192.0.2.53"}));
  EXPECT_EQ(c.dns.timeoutMs, 500u);
  EXPECT_EQ(c.dns.tries, 3u);
  ASSERT_EQ(c.dns.hosts.size(), 2u);
  EXPECT_EQ(c.dns.hosts[0].name, "proxy2.example.com");
  EXPECT_EQ(c.dns.hosts[0].address, "127.0.0.2");
  EXPECT_EQ(c.dns.hosts[0].port, 0u);
  EXPECT_EQ(c.dns.hosts[1].transport, "tls");
  EXPECT_EQ(c.dns.hosts[1].port, 5071u);
  EXPECT_FALSE(c.tls.verifyServer);
  EXPECT_TRUE(ConfigLoader::parse("", "parley.toml").tls.verifyServer);

  ConfigError server = errorOf("[dns]\nservers = [\"dns.example.com\"]\n");
  EXPECT_EQ(server.key(), "dns.servers");
  EXPECT_EQ(server.line(), 2u);
  ConfigError address = errorOf("[[dns.hosts]]\nname = \"a\"\naddress = \"not-an-ip\"\n");
  EXPECT_EQ(address.key(), "dns.hosts[0].address");
  EXPECT_EQ(address.line(), 3u);
  EXPECT_EQ(errorOf("[[dns.hosts]]\nname = \"a\"\naddress = \"127.0.0.1\"\ntransport = \"sctp\"\n").key(),
            "dns.hosts[0].transport");
  EXPECT_EQ(errorOf("[[dns.hosts]]\nname = \"a\"\naddres = \"127.0.0.1\"\n").key(), "dns.hosts[0].addres");
  EXPECT_EQ(errorOf("[dns]\ntimeout_ms = 0\n").key(), "dns.timeout_ms");
}

TEST(ConfigLoader, RegistrarAuthAndLocationSections) {
  ServerConfig c = ConfigLoader::parse(R"([registrar]
default_expires = 1800
min_expires = 120
max_expires = 7200
max_contacts = 5
overflow = "reject"
require_tls = true
[auth]
realm = "biloxi.example.com"
algorithms = ["SHA-512-256", "SHA-256"]
qop = ["auth", "auth-int"]
nonce_lifetime = 60
one_time_nonces = true
secret_file = "/etc/parley/secret"
[location]
database = "/var/lib/parley/db"
durability = "power"
sweep_interval = 5
)", "parley.toml");
  EXPECT_EQ(c.registrar.defaultExpires, 1800u);
  EXPECT_EQ(c.registrar.minExpires, 120u);
  EXPECT_EQ(c.registrar.maxExpires, 7200u);
  EXPECT_EQ(c.registrar.maxContacts, 5u);
  EXPECT_EQ(c.registrar.overflow, "reject");
  EXPECT_TRUE(c.registrar.requireTls);
  EXPECT_EQ(c.auth.realm, "biloxi.example.com");
  EXPECT_EQ(c.auth.algorithms, (std::vector<std::string>{"SHA-512-256", "SHA-256"}));
  EXPECT_EQ(c.auth.qop, (std::vector<std::string>{"auth", "auth-int"}));
  EXPECT_EQ(c.auth.nonceLifetime, 60u);
  EXPECT_TRUE(c.auth.oneTimeNonces);
  EXPECT_EQ(c.auth.secretFile, "/etc/parley/secret");
  EXPECT_EQ(c.location.database, "/var/lib/parley/db");
  EXPECT_EQ(c.location.durability, "power");
  EXPECT_EQ(c.location.sweepInterval, 5u);
}

TEST(ConfigLoader, RegistrarAndAuthErrorsNameTheKeyAndLine) {
  ConfigError bounds = errorOf("[registrar]\nmin_expires = 600\nmax_expires = 300\ndefault_expires = 400\n");
  EXPECT_EQ(bounds.key(), "registrar.min_expires");
  EXPECT_EQ(bounds.line(), 2u);
  EXPECT_EQ(errorOf("[registrar]\noverflow = \"oldest\"\n").key(), "registrar.overflow");
  ConfigError alg = errorOf("[auth]\n\nalgorithms = [\"SHA-1\"]\n");
  EXPECT_EQ(alg.key(), "auth.algorithms");
  EXPECT_EQ(alg.line(), 3u);
  EXPECT_NE(alg.reason().find("SHA-1"), std::string::npos);
  EXPECT_EQ(errorOf("[auth]\nqop = [\"auth-int\"]\n").key(), "auth.qop");
  EXPECT_EQ(errorOf("[auth]\nnonce_lifetime = 1\n").key(), "auth.nonce_lifetime");
  EXPECT_EQ(errorOf("[location]\ndurability = \"disk\"\n").key(), "location.durability");
  EXPECT_EQ(errorOf("[registrar]\nmax_contact = 3\n").key(), "registrar.max_contact");
}

TEST(ConfigLoader, MissingFile) {
  try {
    (void)ConfigLoader::load("/nonexistent/parley.toml");
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "/nonexistent/parley.toml");
    EXPECT_EQ(e.reason(), "cannot be read");
  }
}

}  // namespace
}  // namespace parley::config
