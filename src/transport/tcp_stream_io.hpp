// SPDX-License-Identifier: MIT
#pragma once

#include "transport/stream_io.hpp"

namespace parley::transport {

// TcpStreamIo is the StreamIo of a plain TCP connection (RFC 3261 §18): recv/send on a
// non-blocking socket, no handshake. Owned by its StreamConnection; loop thread only.
class TcpStreamIo final : public StreamIo {
 public:
  explicit TcpStreamIo(int fd) noexcept : fd_(fd) {}

  [[nodiscard]] bool handshaking() const noexcept override { return false; }
  [[nodiscard]] IoResult handshake() noexcept override { return {}; }
  [[nodiscard]] IoResult read(char* data, std::size_t size) noexcept override;
  [[nodiscard]] IoResult write(const char* data, std::size_t size) noexcept override;

 private:
  int fd_;
};

}  // namespace parley::transport
