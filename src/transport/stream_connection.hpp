// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/timer_wheel.hpp"
#include "syntax/stream_framer.hpp"
#include "transport/event_loop.hpp"
#include "transport/socket_address.hpp"
#include "transport/stream_io.hpp"
#include "transport/transport_kind.hpp"

namespace parley::transport {

// Limits that keep one connection from taking more than its share (issue: bad input never grows
// memory without bound).
struct StreamLimits {
  std::uint32_t maxMessageSize = 64 * 1024;        // also bounds the receive buffer
  std::uint32_t maxQueuedBytes = 1024 * 1024;      // unsent bytes before we give up on a peer
  Duration idleTimeout = std::chrono::seconds(120);
  // From accept (or connect) to the end of the TLS handshake (TCP: to the end of the connect). A
  // peer that never finishes is closed after it, so stalled handshakes cannot pile up.
  Duration handshakeTimeout = std::chrono::seconds(10);
};

// Why a connection closed; reported to the owner.
enum class CloseReason : std::uint8_t {
  PeerClosed,
  Error,
  Idle,
  Framing,
  QueueFull,
  Local,
  HandshakeFailed,   // TLS: version, cipher or certificate refused (RFC 3261 §26.2.1)
  HandshakeTimeout,  // TLS: not established within StreamLimits::handshakeTimeout
  ConnectFailed,     // outbound: refused, unreachable, or not connected within handshakeTimeout
};

// StreamConnection models one TCP or TLS connection (one "flow" of RFC 5626) carrying SIP
// messages (RFC 3261 §18.3): it drives the TLS handshake (§26.2) when its StreamIo has one, reads
// bytes, cuts messages with the StreamFramer, answers CRLFCRLF keep-alives with CRLF (RFC 5626
// §4.4.1), queues what cannot be written at once, and closes itself when idle, when the
// handshake fails or takes too long, when framing fails, or when the peer stops reading. The
// bytes go through a StreamIo (plain socket or TLS session), so all of this exists once. Owned by
// the ConnectionTable of one event loop; only that loop's thread touches it.
class StreamConnection {
 public:
  struct Callbacks {
    // One complete message; the view is valid during the call only.
    std::function<void(StreamConnection&, std::string_view message)> onMessage;
    // The connection is closed; it is destroyed right after this returns.
    std::function<void(StreamConnection&, CloseReason)> onClosed;
    // Outbound only: connected (and TLS handshake done); queued bytes are being written. Optional.
    std::function<void(StreamConnection&)> onEstablished;
  };

  // Owns `fd` and `io` (which works on `fd`).
  StreamConnection(EventLoop& loop, int fd, std::unique_ptr<StreamIo> io, TransportKind kind, std::uint64_t flow,
                   SocketAddress local, SocketAddress remote, const StreamLimits& limits, Callbacks callbacks);
  ~StreamConnection();
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;

  // Registers with the loop and arms the idle timer (and the handshake timer for TLS).
  [[nodiscard]] Result<void> start() noexcept;
  // Outbound (§18.1.1): `fd` is a socket whose non-blocking connect() is in progress. Waits for
  // it on the loop, then runs the handshake (TLS client); messages sent meanwhile are queued.
  [[nodiscard]] Result<void> startConnecting() noexcept;
  // Writes now or queues (always queues during a handshake); fails (and closes) when the queue
  // would exceed its limit.
  [[nodiscard]] Result<void> send(std::string_view bytes) noexcept;
  // Closes the connection and reports `reason` to the owner.
  void close(CloseReason reason) noexcept;

  [[nodiscard]] std::uint64_t flow() const noexcept { return flow_; }
  [[nodiscard]] TransportKind kind() const noexcept { return kind_; }
  [[nodiscard]] const SocketAddress& remote() const noexcept { return remote_; }
  [[nodiscard]] const SocketAddress& local() const noexcept { return local_; }
  [[nodiscard]] bool closed() const noexcept { return fd_ < 0; }
  [[nodiscard]] std::size_t queuedBytes() const noexcept { return queue_.size() - queueHead_; }
  // True once connected and the TLS handshake has completed (at once for accepted TCP).
  [[nodiscard]] bool established() const noexcept { return !connecting_ && !io_->handshaking(); }
  // The byte layer, for what upper layers may ask of a TLS session (peer certificate ...).
  [[nodiscard]] const StreamIo& io() const noexcept { return *io_; }

 private:
  void onEvents(std::uint32_t events) noexcept;
  void armSetupTimer() noexcept;
  void finishConnect(std::uint32_t events) noexcept;
  void continueHandshake() noexcept;
  void becomeEstablished() noexcept;
  void onReadable() noexcept;
  void flush() noexcept;
  void deliverFrames() noexcept;
  void armIdleTimer() noexcept;
  // Asks epoll for EPOLLOUT exactly when a write is pending that waits for the socket.
  void updateInterest() noexcept;
  // The handshake or a read returned WantRead/WantWrite: wait for that readiness.
  void waitForSocket(IoStatus wanted) noexcept;

  EventLoop& loop_;
  int fd_;
  std::unique_ptr<StreamIo> io_;
  TransportKind kind_;
  std::uint64_t flow_;
  SocketAddress local_;
  SocketAddress remote_;
  const StreamLimits& limits_;
  Callbacks callbacks_;
  syntax::StreamFramer framer_;
  std::string inbox_;            // received, not yet framed
  std::string queue_;            // to write; bytes before queueHead_ are already sent
  std::size_t queueHead_ = 0;
  std::uint32_t interest_ = 0;     // epoll events currently asked for
  bool connecting_ = false;        // outbound connect() not finished yet
  bool ioWantsWrite_ = false;      // the handshake or a read waits for the socket to be writable
  bool writeWantsRead_ = false;    // flushing the queue waits for the socket to be readable (TLS)
  TimePoint lastActivity_;
  TimerId idleTimer_;
  TimerId handshakeTimer_;
};

}  // namespace parley::transport
