// SPDX-License-Identifier: MIT
#include "transport/tls_context.hpp"

#include "transport/openssl_reason.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <signal.h>
#include <strings.h>

namespace parley::transport {
namespace {

// Same value in every context so that SSL_set_SSL_CTX (SNI) keeps session resumption working
// with client verification (OpenSSL refuses to resume without a session id context).
constexpr unsigned char kSessionIdContext[] = "parley-sip";

std::string problem(std::string_view key, const std::string& file, std::string_view what) {
  return std::string(key) + ": " + std::string(what) + " '" + file + "': " + openSslReason();
}

struct CtxFree {
  void operator()(SSL_CTX* c) const noexcept { SSL_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;

// Everything but the certificate: versions (§26.2.1 asks for TLS; 1.0 and 1.1 are broken,
// RFC 8996), ciphers, client verification. Returns an error text or "".
std::string configureCommon(SSL_CTX* ctx, const TlsSettings& s) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  // Client-initiated renegotiation costs the server a handshake per request: refused. Many SIP
  // clients close TCP without close_notify; SIP frames by Content-Length, so a truncated stream
  // loses nothing that framing would not notice: treated as an orderly close.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION |
                               SSL_OP_IGNORE_UNEXPECTED_EOF);
  // Partial and moving writes: StreamConnection retries from its queue, which may have grown or
  // moved. Released buffers: an idle connection costs no 34 KB record buffers.
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
  std::string ciphers = s.ciphers.empty() ? std::string(TlsContext::kDefaultCiphers) : s.ciphers;
  if (SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
    ERR_clear_error();
    return "tls.ciphers: no usable cipher in '" + ciphers + "'";
  }
  SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof kSessionIdContext - 1);
  if (s.verifyClient) {
    if (SSL_CTX_load_verify_locations(ctx, s.caFile.c_str(), nullptr) != 1) {
      return problem("tls.ca_file", s.caFile, "cannot load CA certificates from");
    }
    // The CA names sent in CertificateRequest help a client with several certificates choose.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(s.caFile.c_str())) {
      SSL_CTX_set_client_CA_list(ctx, names);
    }
    ERR_clear_error();
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return {};
}

tl::expected<CtxPtr, std::string> makeContext(const TlsSettings& s, const std::string& certificate,
                                              const std::string& privateKey, std::string_view certKey,
                                              std::string_view keyKey) {
  CtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return tl::unexpected("tls: cannot create an OpenSSL context: " + openSslReason());
  if (std::string e = configureCommon(ctx.get(), s); !e.empty()) return tl::unexpected(e);
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), certificate.c_str()) != 1) {
    return tl::unexpected(problem(certKey, certificate, "cannot load a PEM certificate chain from"));
  }
  auto mismatch = [&] {
    ERR_clear_error();
    return tl::unexpected(std::string(keyKey) + ": the key in '" + privateKey +
                          "' does not belong to the certificate in '" + certificate + "'");
  };
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), privateKey.c_str(), SSL_FILETYPE_PEM) != 1) {
    if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) return mismatch();
    return tl::unexpected(problem(keyKey, privateKey, "cannot load a PEM private key from"));
  }
  if (SSL_CTX_check_private_key(ctx.get()) != 1) return mismatch();
  return ctx;
}

// "*.example.com" matches "a.example.com" (one label), not "example.com" or "a.b.example.com".
bool nameMatches(std::string_view pattern, std::string_view name) noexcept {
  auto equal = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
  };
  if (pattern.size() > 2 && pattern.substr(0, 2) == "*.") {
    std::size_t dot = name.find('.');
    return dot != std::string_view::npos && dot > 0 && equal(pattern.substr(1), name.substr(dot));
  }
  return equal(pattern, name);
}

}  // namespace

TlsContext::LoadResult TlsContext::load(const TlsSettings& settings) {
  // OpenSSL's socket BIO writes with send(fd, ..., 0): a peer that resets the connection would
  // raise SIGPIPE and end the process. Plain TCP uses MSG_NOSIGNAL; TLS needs the signal ignored.
  ::signal(SIGPIPE, SIG_IGN);
  std::shared_ptr<TlsContext> self(new TlsContext());
  auto main = makeContext(settings, settings.certificate, settings.privateKey, "tls.certificate", "tls.private_key");
  if (!main) return tl::unexpected(main.error());
  self->default_ = main->release();
  for (std::size_t i = 0; i < settings.named.size(); ++i) {
    const TlsNamedCertificate& n = settings.named[i];
    std::string at = "tls.certificates[" + std::to_string(i) + "].";
    auto ctx = makeContext(settings, n.certificate, n.privateKey, at + "certificate", at + "private_key");
    if (!ctx) return tl::unexpected(ctx.error());
    self->named_.push_back(Named{n.name, ctx->release()});
  }
  if (!self->named_.empty()) {
    SSL_CTX_set_tlsext_servername_callback(self->default_, &TlsContext::onServerName);
    SSL_CTX_set_tlsext_servername_arg(self->default_, self.get());
  }
  return std::shared_ptr<const TlsContext>(std::move(self));
}

TlsContext::~TlsContext() {
  // Sessions still alive hold their own reference to their SSL_CTX; these only drop ours.
  for (Named& n : named_) SSL_CTX_free(n.ctx);
  SSL_CTX_free(default_);
}

SSL* TlsContext::newServerSession(int fd) const noexcept {
  SSL* ssl = SSL_new(default_);
  if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    ERR_clear_error();
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return ssl;
}

SSL_CTX* TlsContext::contextFor(std::string_view serverName) const noexcept {
  for (const Named& n : named_) {
    if (nameMatches(n.name, serverName)) return n.ctx;
  }
  return nullptr;
}

int TlsContext::onServerName(SSL* ssl, int* /*alert*/, void* self) {
  // RFC 6066 §3: an unknown name is not an error; the default certificate answers.
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (name == nullptr) return SSL_TLSEXT_ERR_OK;
  if (SSL_CTX* ctx = static_cast<const TlsContext*>(self)->contextFor(name)) SSL_set_SSL_CTX(ssl, ctx);
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace parley::transport
