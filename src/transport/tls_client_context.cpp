// SPDX-License-Identifier: MIT
#include "transport/tls_client_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <strings.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <mutex>

#include "syntax/uri.hpp"
#include "transport/openssl_reason.hpp"
#include "transport/tls_context.hpp"

namespace parley::transport {
namespace {

// Where a session keeps the name it must find in the server's certificate.
int nameIndex() {
  static int index = -1;
  static std::once_flag once;
  std::call_once(once, [] { index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr); });
  return index;
}

bool sameName(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view asText(const ASN1_STRING* s) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<std::size_t>(ASN1_STRING_length(s))};
}

// RFC 5922 §7.1 and §7.2: the SIP domain identities of a certificate, compared with `domain`.
bool matchesSipDomain(X509* cert, std::string_view domain) {
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names != nullptr) {
    bool anyUri = false;
    bool uriMatch = false;
    bool dnsMatch = false;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
      const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
      if (n->type == GEN_URI) {
        // Only "sip:domain" (no user part) names a SIP domain (§7.1).
        auto uri = syntax::parseUri(asText(n->d.uniformResourceIdentifier));
        if (!uri || uri->scheme != syntax::UriScheme::Sip || uri->hasUserInfo) continue;
        anyUri = true;
        uriMatch = uriMatch || sameName(uri->host, domain);
      } else if (n->type == GEN_DNS) {
        dnsMatch = dnsMatch || sameName(asText(n->d.dNSName), domain);
      }
    }
    GENERAL_NAMES_free(names);
    // §7.1: sip URIs present: only they count; otherwise dNSName entries; CN never with a SAN.
    return anyUri ? uriMatch : dnsMatch;
  }
  char cn[256] = {};
  int len = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  return len > 0 && sameName(std::string_view(cn, static_cast<std::size_t>(len)), domain);
}

// OpenSSL's chain check first; then, for the server's own certificate, its identity.
int verifyServer(int preverified, X509_STORE_CTX* store) {
  if (preverified != 1) return 0;
  if (X509_STORE_CTX_get_error_depth(store) != 0) return 1;
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  const auto* name = static_cast<const std::string*>(SSL_get_ex_data(ssl, nameIndex()));
  X509* cert = X509_STORE_CTX_get_current_cert(store);
  if (name == nullptr || cert == nullptr) return 0;
  bool ok = syntax::classifyHost(*name) == syntax::HostKind::Name
                ? matchesSipDomain(cert, *name)
                : X509_check_ip_asc(cert, name->c_str(), 0) == 1;
  if (!ok) X509_STORE_CTX_set_error(store, X509_V_ERR_HOSTNAME_MISMATCH);
  return ok ? 1 : 0;
}

}  // namespace

TlsClientContext::LoadResult TlsClientContext::load(const TlsClientSettings& s) {
  // OpenSSL's socket BIO writes without MSG_NOSIGNAL: a peer's reset must not end the process.
  ::signal(SIGPIPE, SIG_IGN);
  std::shared_ptr<TlsClientContext> self(new TlsClientContext());
  self->verify_ = s.verifyServer;
  self->ctx_ = SSL_CTX_new(TLS_client_method());
  if (self->ctx_ == nullptr) return tl::unexpected("tls: cannot create an OpenSSL client context: " + openSslReason());
  SSL_CTX* ctx = self->ctx_;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);  // RFC 8996
  SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
  std::string ciphers = s.ciphers.empty() ? std::string(TlsContext::kDefaultCiphers) : s.ciphers;
  if (SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
    ERR_clear_error();
    return tl::unexpected("tls.ciphers: no usable cipher in '" + ciphers + "'");
  }
  if (s.verifyServer) {
    if (!s.caFile.empty() && ::access(s.caFile.c_str(), R_OK) != 0) {
      return tl::unexpected("tls.ca_file: cannot read '" + s.caFile + "': " + std::strerror(errno));
    }
    int loaded = s.caFile.empty() ? SSL_CTX_set_default_verify_paths(ctx)
                                  : SSL_CTX_load_verify_locations(ctx, s.caFile.c_str(), nullptr);
    if (loaded != 1) {
      return tl::unexpected("tls.ca_file: cannot load CA certificates from '" + s.caFile + "': " + openSslReason());
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, &verifyServer);
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  }
  if (!s.certificate.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx, s.certificate.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, s.privateKey.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
      return tl::unexpected("tls.certificate: cannot use '" + s.certificate +
                            "' as client certificate: " + openSslReason());
    }
  }
  return std::shared_ptr<const TlsClientContext>(std::move(self));
}

TlsClientContext::~TlsClientContext() { SSL_CTX_free(ctx_); }

SSL* TlsClientContext::newClientSession(int fd, const std::string& nameStorage) const noexcept {
  SSL* ssl = SSL_new(ctx_);
  // The verify callback only reads the name; OpenSSL's ex_data slot is not const-aware.
  void* name = const_cast<std::string*>(&nameStorage);
  if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1 || SSL_set_ex_data(ssl, nameIndex(), name) != 1) {
    SSL_free(ssl);
    ERR_clear_error();
    return nullptr;
  }
  // RFC 6066 §3: SNI carries host names only, never IP literals.
  if (syntax::classifyHost(nameStorage) == syntax::HostKind::Name) {
    SSL_set_tlsext_host_name(ssl, nameStorage.c_str());
  }
  SSL_set_connect_state(ssl);
  return ssl;
}

}  // namespace parley::transport
