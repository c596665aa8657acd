// SPDX-License-Identifier: MIT
#include "transport/tls_stream_io.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <climits>
#include <new>

namespace parley::transport {
namespace {

// SSL_read/SSL_write take an int length.
int clampLength(std::size_t size) noexcept { return size > INT_MAX ? INT_MAX : static_cast<int>(size); }

}  // namespace

std::unique_ptr<TlsStreamIo> TlsStreamIo::accept(std::shared_ptr<const TlsContext> context, int fd) noexcept {
  SSL* ssl = context->newServerSession(fd);
  if (ssl == nullptr) return nullptr;
  return std::unique_ptr<TlsStreamIo>(new (std::nothrow) TlsStreamIo(std::move(context), ssl));
}

std::unique_ptr<TlsStreamIo> TlsStreamIo::connect(std::shared_ptr<const TlsClientContext> context, int fd,
                                                  std::string serverName) noexcept {
  std::unique_ptr<TlsStreamIo> io(new (std::nothrow) TlsStreamIo(nullptr, nullptr));
  if (!io) return nullptr;
  io->serverName_ = std::move(serverName);
  io->ssl_ = context->newClientSession(fd, io->serverName_);
  if (io->ssl_ == nullptr) return nullptr;
  io->clientContext_ = std::move(context);
  return io;
}

TlsStreamIo::TlsStreamIo(std::shared_ptr<const TlsContext> context, SSL* ssl) noexcept
    : context_(std::move(context)), ssl_(ssl) {}

TlsStreamIo::~TlsStreamIo() { SSL_free(ssl_); }

IoResult TlsStreamIo::failure(int ret) noexcept {
  int error = SSL_get_error(ssl_, ret);
  ERR_clear_error();
  switch (error) {
    case SSL_ERROR_WANT_READ: return {IoStatus::WantRead};
    case SSL_ERROR_WANT_WRITE: return {IoStatus::WantWrite};
    case SSL_ERROR_ZERO_RETURN: return {IoStatus::Closed};  // close_notify, or TCP end (see TlsContext)
    default: return {IoStatus::Error};
  }
}

IoResult TlsStreamIo::handshake() noexcept {
  ERR_clear_error();
  int ret = SSL_do_handshake(ssl_);
  if (ret == 1) {
    handshaking_ = false;
    return {};
  }
  return failure(ret);
}

IoResult TlsStreamIo::read(char* data, std::size_t size) noexcept {
  ERR_clear_error();
  int ret = SSL_read(ssl_, data, clampLength(size));
  if (ret > 0) return {IoStatus::Ok, static_cast<std::size_t>(ret)};
  return failure(ret);
}

IoResult TlsStreamIo::write(const char* data, std::size_t size) noexcept {
  if (size == 0) return {};
  ERR_clear_error();
  int ret = SSL_write(ssl_, data, clampLength(size));
  if (ret > 0) return {IoStatus::Ok, static_cast<std::size_t>(ret)};
  return failure(ret);
}

void TlsStreamIo::shutdown() noexcept {
  // One non-blocking attempt to send close_notify; we do not wait for the peer's.
  ERR_clear_error();
  (void)SSL_shutdown(ssl_);
  ERR_clear_error();
}

std::string_view TlsStreamIo::version() const noexcept { return SSL_get_version(ssl_); }

std::string TlsStreamIo::peerCommonName() const {
  X509* peer = SSL_get0_peer_certificate(ssl_);
  if (peer == nullptr || SSL_get_verify_result(ssl_) != X509_V_OK) return {};
  char cn[256] = {};
  if (X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn) < 0) return {};
  return cn;
}

}  // namespace parley::transport
