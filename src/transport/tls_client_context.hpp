// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

struct ssl_st;
struct ssl_ctx_st;

namespace parley::transport {

// How Parley checks the servers it connects to over TLS ([tls] in the configuration). Plain
// value; any thread.
struct TlsClientSettings {
  std::string caFile;         // trust anchors (PEM bundle); empty: the system's default store
  bool verifyServer = true;   // false only for tests and labs: any certificate is accepted
  std::string certificate;    // offered when a server asks for a client certificate (mutual
  std::string privateKey;     // TLS between servers, RFC 3261 §26.2.1); empty: none
  std::string ciphers;        // TLS 1.2 cipher list; empty: TlsContext::kDefaultCiphers
};

// TlsClientContext models the client side of RFC 3261 §26.2.1 / §26.2.2: one OpenSSL 3 SSL_CTX
// for outbound TLS (TLS 1.2 and 1.3 only) that verifies the server's chain against the trust
// anchors and the server's identity against the SIP domain we meant to reach (RFC 5922 §7: a
// subjectAltName URI "sip:domain" if the certificate has any, else its dNSName entries, else the
// subject CN; exact, case-insensitive, no wildcards), and sends that domain as SNI (RFC 6066).
// Immutable once loaded; shared read-only by the workers, loaded at start-up (reads files).
class TlsClientContext {
 public:
  using LoadResult = tl::expected<std::shared_ptr<const TlsClientContext>, std::string>;
  [[nodiscard]] static LoadResult load(const TlsClientSettings& settings);

  ~TlsClientContext();
  TlsClientContext(const TlsClientContext&) = delete;
  TlsClientContext& operator=(const TlsClientContext&) = delete;

  // A client session on the connecting socket `fd` for the domain `serverName` (the host of the
  // URI that was resolved, or an IP literal, checked against iPAddress entries and sent without
  // SNI). `nameStorage` must outlive the session: verification reads it during the handshake.
  // nullptr when OpenSSL cannot make one; the caller frees it with SSL_free.
  [[nodiscard]] ssl_st* newClientSession(int fd, const std::string& nameStorage) const noexcept;
  [[nodiscard]] bool verifiesServer() const noexcept { return verify_; }

 private:
  TlsClientContext() = default;
  ssl_ctx_st* ctx_ = nullptr;
  bool verify_ = true;
};

}  // namespace parley::transport
