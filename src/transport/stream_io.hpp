// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

namespace parley::transport {

// What one StreamIo step achieved. WantRead/WantWrite: nothing more can be done until the socket
// is readable (or writable); a TLS layer may want to write while reading and the reverse.
enum class IoStatus : std::uint8_t { Ok, WantRead, WantWrite, Closed, Error };

struct IoResult {
  IoStatus status = IoStatus::Ok;
  std::size_t bytes = 0;  // bytes read or written when status is Ok
};

// StreamIo is the seam between a StreamConnection and the bytes on its socket (RFC 3261 §18 over
// TCP, §26.2 over TLS): plain socket calls for TCP (TcpStreamIo), an OpenSSL session for TLS
// (TlsStreamIo). Framing, keep-alives, the idle and handshake timers and the write-queue limit
// stay in StreamConnection, once for both. The connection owns its StreamIo and the socket; the
// StreamIo only uses the fd it was given. Loop thread of the connection only.
class StreamIo {
 public:
  virtual ~StreamIo() = default;

  // True until the handshake (if any) has completed; TCP has none.
  [[nodiscard]] virtual bool handshaking() const noexcept = 0;
  // One non-blocking handshake step: Ok when done, WantRead/WantWrite to be called again when the
  // socket is ready, Error when the peer failed it (wrong version, no client certificate ...).
  [[nodiscard]] virtual IoResult handshake() noexcept = 0;
  // Reads at most `size` bytes; Closed on an orderly end of stream.
  [[nodiscard]] virtual IoResult read(char* data, std::size_t size) noexcept = 0;
  // Writes a prefix of the bytes (possibly all). After WantRead/WantWrite the caller retries with
  // the same bytes first (it may append more behind them).
  [[nodiscard]] virtual IoResult write(const char* data, std::size_t size) noexcept = 0;
  // Best-effort orderly end before the socket is closed (TLS close_notify); never blocks.
  virtual void shutdown() noexcept {}

 protected:
  StreamIo() = default;
  StreamIo(const StreamIo&) = default;
  StreamIo& operator=(const StreamIo&) = default;
};

}  // namespace parley::transport
