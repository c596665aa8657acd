// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "transport/stream_io.hpp"
#include "transport/tls_client_context.hpp"
#include "transport/tls_context.hpp"

namespace parley::transport {

// TlsStreamIo is the StreamIo of a TLS connection (RFC 3261 §26.2.1): one OpenSSL session on a
// non-blocking socket, server side for accepted connections, client side for the ones we open
// (§26.2.2, the server's identity checked against the domain we meant to reach). It keeps the
// context it was made from alive, so a reload never pulls the certificate from under a handshake
// in progress. Owned by its StreamConnection;
// loop thread only.
class TlsStreamIo final : public StreamIo {
 public:
  // A server session on the accepted socket `fd`; nullptr when OpenSSL cannot make one.
  [[nodiscard]] static std::unique_ptr<TlsStreamIo> accept(std::shared_ptr<const TlsContext> context,
                                                           int fd) noexcept;
  // A client session on the connecting socket `fd` that expects `serverName` (RFC 5922 domain or
  // IP literal) in the server's certificate; nullptr when OpenSSL cannot make one.
  [[nodiscard]] static std::unique_ptr<TlsStreamIo> connect(std::shared_ptr<const TlsClientContext> context, int fd,
                                                            std::string serverName) noexcept;
  ~TlsStreamIo() override;
  TlsStreamIo(const TlsStreamIo&) = delete;
  TlsStreamIo& operator=(const TlsStreamIo&) = delete;

  // StreamIo
  [[nodiscard]] bool handshaking() const noexcept override { return handshaking_; }
  [[nodiscard]] IoResult handshake() noexcept override;
  [[nodiscard]] IoResult read(char* data, std::size_t size) noexcept override;
  [[nodiscard]] IoResult write(const char* data, std::size_t size) noexcept override;
  void shutdown() noexcept override;

  // After the handshake: "TLSv1.3" or "TLSv1.2".
  [[nodiscard]] std::string_view version() const noexcept;
  // The subject CN of the client certificate verified against tls.ca_file (mutual TLS), or ""
  // when none was asked for. For §26.3.2.2-style checks by the registrar or proxy.
  [[nodiscard]] std::string peerCommonName() const;

 private:
  TlsStreamIo(std::shared_ptr<const TlsContext> context, ssl_st* ssl) noexcept;
  // Maps an OpenSSL result <= 0 to an IoStatus and clears the thread's error queue.
  IoResult failure(int ret) noexcept;

  std::shared_ptr<const TlsContext> context_;
  std::shared_ptr<const TlsClientContext> clientContext_;
  std::string serverName_;  // client side: read by the certificate check during the handshake
  ssl_st* ssl_;
  bool handshaking_ = true;
};

}  // namespace parley::transport
