// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

struct ssl_st;
struct ssl_ctx_st;

namespace parley::transport {

// One certificate chosen by SNI (RFC 6066 §3) for the names it serves.
struct TlsNamedCertificate {
  std::string name;         // "sip.example.com", or "*.example.com" for one label
  std::string certificate;  // PEM chain, leaf first
  std::string privateKey;   // PEM key
};

// Where the TLS material lives and how peers are checked. Plain value built from the
// configuration ([tls]); any thread.
struct TlsSettings {
  std::string certificate;  // PEM chain for connections without a matching SNI name
  std::string privateKey;
  std::vector<TlsNamedCertificate> named;
  std::string caFile;       // CA bundle that client certificates must chain to
  bool verifyClient = false;  // mutual TLS: a client without a valid certificate is refused
  std::string ciphers;      // TLS 1.2 cipher list (OpenSSL syntax); empty: kDefaultCiphers
};

// TlsContext models the server side of RFC 3261 §26.2.1 for one loaded set of TLS material: an
// OpenSSL 3 SSL_CTX for the default certificate plus one per SNI name, all limited to TLS 1.2 and
// 1.3, with the same cipher list and the same client-certificate rules. It is immutable once
// loaded; SIGHUP loads a new one and the listeners switch to it for new connections, while each
// existing session keeps the context it started with (TlsStreamIo holds a shared_ptr).
// Created on any thread; shared read-only by the workers (OpenSSL locks its session cache).
class TlsContext {
 public:
  // ECDHE only (forward secrecy), AEAD first, then the RFC 3261 §26.2.1 mandatory
  // TLS_RSA_WITH_AES_128_CBC_SHA last so that old SIP phones can still connect; the server's
  // order wins. TLS 1.3 uses OpenSSL's default suites.
  static constexpr std::string_view kDefaultCiphers =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
      "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:AES128-SHA";

  // The error text names the setting and the file, e.g.
  // "tls.private_key: cannot load '/etc/parley/key.pem': No such file or directory".
  using LoadResult = tl::expected<std::shared_ptr<const TlsContext>, std::string>;

  // Reads every file named by `settings`. Start-up and reload only (reads files).
  [[nodiscard]] static LoadResult load(const TlsSettings& settings);

  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A new server-side session on the connected socket `fd`; nullptr when OpenSSL cannot make one.
  // The caller frees it with SSL_free.
  [[nodiscard]] ssl_st* newServerSession(int fd) const noexcept;

  // The context for an SNI name, or nullptr for the default. Exact match, case-insensitive;
  // "*.example.com" matches one label in front of example.com.
  [[nodiscard]] ssl_ctx_st* contextFor(std::string_view serverName) const noexcept;

 private:
  struct Named {
    std::string name;
    ssl_ctx_st* ctx = nullptr;
  };

  TlsContext() = default;
  static int onServerName(ssl_st* ssl, int* alert, void* self);

  ssl_ctx_st* default_ = nullptr;
  std::vector<Named> named_;
};

}  // namespace parley::transport
