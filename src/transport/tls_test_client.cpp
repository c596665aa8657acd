// SPDX-License-Identifier: MIT
#include "transport/tls_test_client.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace parley::test {
namespace {

constexpr int kHandshakeRounds = 400;

void waitBriefly(int fd, short events) {
  pollfd p{fd, events, 0};
  ::poll(&p, 1, 2);
}

}  // namespace

TlsTestClient::TlsTestClient(const transport::SocketAddress& to, const TlsClientOptions& o, std::function<void()> pump)
    : pump_(std::move(pump)) {
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (o.legacy) {
    SSL_CTX_set_security_level(ctx_, 0);
    SSL_CTX_set_cipher_list(ctx_, "DEFAULT:@SECLEVEL=0");
  }
  if (o.minVersion != 0) SSL_CTX_set_min_proto_version(ctx_, o.minVersion);
  if (o.maxVersion != 0) SSL_CTX_set_max_proto_version(ctx_, o.maxVersion);
  if (!o.caFile.empty()) {
    SSL_CTX_load_verify_locations(ctx_, o.caFile.c_str(), nullptr);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  }
  if (!o.certificate.empty()) {
    SSL_CTX_use_certificate_chain_file(ctx_, o.certificate.c_str());
    SSL_CTX_use_PrivateKey_file(ctx_, o.privateKey.c_str(), SSL_FILETYPE_PEM);
  }
  fd_ = ::socket(to.family(), SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // The kernel completes the TCP handshake into the listen backlog; no server step is needed.
  if (::connect(fd_, to.get(), to.length()) != 0) error_ = "connect failed";
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
  ssl_ = SSL_new(ctx_);
  SSL_set_fd(ssl_, fd_);
  if (!o.serverName.empty()) SSL_set_tlsext_host_name(ssl_, o.serverName.c_str());
  SSL_set_connect_state(ssl_);
}

TlsTestClient::~TlsTestClient() {
  SSL_free(ssl_);
  SSL_CTX_free(ctx_);
  if (fd_ >= 0) ::close(fd_);
}

void TlsTestClient::noteError() {
  unsigned long code = ERR_peek_last_error();
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  error_ = reason != nullptr ? reason : "connection closed";
  ERR_clear_error();
}

bool TlsTestClient::handshake() {
  for (int i = 0; i < kHandshakeRounds; ++i) {
    ERR_clear_error();
    int ret = SSL_do_handshake(ssl_);
    if (ret == 1) return true;
    int e = SSL_get_error(ssl_, ret);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
      noteError();
      return false;
    }
    pump_();
    waitBriefly(fd_, POLLIN);
  }
  error_ = "handshake did not finish";
  return false;
}

bool TlsTestClient::write(std::string_view bytes) {
  for (int i = 0; i < kHandshakeRounds && !bytes.empty(); ++i) {
    ERR_clear_error();
    int ret = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
    if (ret > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(ret));
      continue;
    }
    int e = SSL_get_error(ssl_, ret);
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
      noteError();
      return false;
    }
    pump_();
  }
  return bytes.empty();
}

std::string TlsTestClient::read(int rounds) {
  std::string got;
  char buf[4096];
  for (int i = 0; i < rounds; ++i) {
    ERR_clear_error();
    int ret = SSL_read(ssl_, buf, sizeof buf);
    if (ret > 0) {
      got.append(buf, static_cast<std::size_t>(ret));
      continue;  // drain what is there
    }
    int e = SSL_get_error(ssl_, ret);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
      if (!got.empty()) return got;
      pump_();
      waitBriefly(fd_, POLLIN);
      continue;
    }
    noteError();
    return got.empty() ? "<closed>" : got;
  }
  return got;
}

std::string TlsTestClient::peerCommonName() const {
  X509* peer = SSL_get0_peer_certificate(ssl_);
  if (peer == nullptr) return {};
  char cn[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
  return cn;
}

std::string TlsTestClient::version() const { return SSL_get_version(ssl_); }

}  // namespace parley::test
