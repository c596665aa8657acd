// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "transport/socket_address.hpp"

struct ssl_st;
struct ssl_ctx_st;

namespace parley::test {

// How the test client connects.
struct TlsClientOptions {
  int minVersion = 0;       // TLS1_VERSION ...; 0: OpenSSL's default
  int maxVersion = 0;
  bool legacy = false;      // security level 0, so that TLS 1.0/1.1 can at least be offered
  std::string serverName;   // SNI; empty: none
  std::string caFile;       // verify the server's chain against it; empty: no verification
  std::string certificate;  // client certificate (mutual TLS); empty: none
  std::string privateKey;
};

// TlsTestClient is an OpenSSL client on a non-blocking socket that runs in the test's own thread:
// whenever it would block it calls `pump` (one server loop iteration), so client and server make
// progress in turn without threads and the server's FakeClock stays single-threaded. Test code
// only; owned by one test.
class TlsTestClient {
 public:
  TlsTestClient(const transport::SocketAddress& to, const TlsClientOptions& options, std::function<void()> pump);
  ~TlsTestClient();
  TlsTestClient(const TlsTestClient&) = delete;
  TlsTestClient& operator=(const TlsTestClient&) = delete;

  // Runs the handshake to its end; false with error() set when it failed.
  bool handshake();
  // Writes all of `bytes` (pumping while the socket is full).
  bool write(std::string_view bytes);
  // What arrives within `rounds` pumps: the bytes, "" when nothing came, "<closed>" when the
  // server closed (close_notify, TCP close, or an alert such as "certificate required").
  std::string read(int rounds = 50);

  // OpenSSL's reason for the last failure, e.g. "tlsv1 alert protocol version".
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  // The server certificate's subject CN, and "TLSv1.3"/"TLSv1.2".
  [[nodiscard]] std::string peerCommonName() const;
  [[nodiscard]] std::string version() const;

 private:
  void noteError();

  std::function<void()> pump_;
  ssl_ctx_st* ctx_ = nullptr;
  ssl_st* ssl_ = nullptr;
  int fd_ = -1;
  std::string error_;
};

}  // namespace parley::test
