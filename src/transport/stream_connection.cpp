// SPDX-License-Identifier: MIT
#include "transport/stream_connection.hpp"

#include "syntax/bad_request.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace parley::transport {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::uint32_t kReadEvents = EPOLLIN | EPOLLRDHUP;

}  // namespace

StreamConnection::StreamConnection(EventLoop& loop, int fd, std::unique_ptr<StreamIo> io, TransportKind kind,
                                   std::uint64_t flow, SocketAddress local, SocketAddress remote,
                                   const StreamLimits& limits, Callbacks callbacks)
    : loop_(loop),
      fd_(fd),
      io_(std::move(io)),
      kind_(kind),
      flow_(flow),
      local_(local),
      remote_(remote),
      limits_(limits),
      callbacks_(std::move(callbacks)),
      framer_(limits.maxMessageSize),
      lastActivity_(loop.clock().now()) {}

StreamConnection::~StreamConnection() {
  loop_.timers().cancel(idleTimer_);
  loop_.timers().cancel(handshakeTimer_);
  if (fd_ >= 0) {
    loop_.unwatch(fd_);
    ::close(fd_);
  }
}

Result<void> StreamConnection::start() noexcept {
  if (auto r = loop_.watch(fd_, kReadEvents, [this](std::uint32_t ev) { onEvents(ev); }); !r) return r;
  interest_ = kReadEvents;
  armIdleTimer();
  if (io_->handshaking()) armSetupTimer();
  return {};
}

Result<void> StreamConnection::startConnecting() noexcept {
  connecting_ = true;
  if (auto r = loop_.watch(fd_, kReadEvents | EPOLLOUT, [this](std::uint32_t ev) { onEvents(ev); }); !r) return r;
  interest_ = kReadEvents | EPOLLOUT;
  armIdleTimer();
  armSetupTimer();
  return {};
}

void StreamConnection::armSetupTimer() noexcept {
  // Bounds how long a peer may hold a connection slot (and its TLS session state) without
  // completing the connect and handshake: a client that connects and sends nothing, or a
  // ClientHello byte per minute, is closed here rather than by the much longer idle timeout.
  handshakeTimer_ = loop_.timers().schedule(loop_.clock().now() + limits_.handshakeTimeout, [this] {
    handshakeTimer_ = TimerId{};
    close(connecting_ ? CloseReason::ConnectFailed : CloseReason::HandshakeTimeout);
  });
}

void StreamConnection::armIdleTimer() noexcept {
  // One timer per connection, re-armed lazily: it fires at lastActivity + idle and only closes
  // the connection if nothing happened since (saves a cancel/schedule per read).
  idleTimer_ = loop_.timers().schedule(lastActivity_ + limits_.idleTimeout, [this] {
    idleTimer_ = TimerId{};
    if (loop_.clock().now() - lastActivity_ >= limits_.idleTimeout) {
      close(CloseReason::Idle);
    } else {
      armIdleTimer();
    }
  });
}

void StreamConnection::updateInterest() noexcept {
  if (fd_ < 0) return;
  // Bytes queued during the handshake wait for it; they must not keep EPOLLOUT firing meanwhile.
  bool wantOut = connecting_ || ioWantsWrite_ || (queuedBytes() > 0 && !writeWantsRead_ && !io_->handshaking());
  std::uint32_t want = kReadEvents | (wantOut ? EPOLLOUT : 0u);
  if (want == interest_) return;
  interest_ = want;
  (void)loop_.modify(fd_, want);
}

void StreamConnection::waitForSocket(IoStatus wanted) noexcept {
  ioWantsWrite_ = wanted == IoStatus::WantWrite;
  updateInterest();
}

void StreamConnection::onEvents(std::uint32_t events) noexcept {
  if (connecting_) {
    finishConnect(events);
    return;
  }
  if (events & (EPOLLERR | EPOLLHUP)) {
    close(io_->handshaking() ? CloseReason::HandshakeFailed : CloseReason::Error);
    return;
  }
  if (io_->handshaking()) {
    continueHandshake();
    return;
  }
  // Either direction may unblock the other on TLS, so every event retries both.
  if (queuedBytes() > 0) flush();
  if (fd_ >= 0) onReadable();
}

void StreamConnection::finishConnect(std::uint32_t events) noexcept {
  int error = 0;
  socklen_t len = sizeof error;
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
  if (error != 0 || (events & (EPOLLERR | EPOLLHUP)) != 0) {
    close(CloseReason::ConnectFailed);  // refused, unreachable, reset
    return;
  }
  connecting_ = false;
  if (io_->handshaking()) {
    continueHandshake();  // the TLS client speaks first
  } else {
    becomeEstablished();
  }
}

void StreamConnection::becomeEstablished() noexcept {
  loop_.timers().cancel(handshakeTimer_);
  handshakeTimer_ = TimerId{};
  lastActivity_ = loop_.clock().now();
  ioWantsWrite_ = false;
  if (callbacks_.onEstablished) callbacks_.onEstablished(*this);
  // Anything queued meanwhile goes out now; application data that came with the peer's
  // Finished may already sit in the session, so read without waiting for another event.
  if (fd_ >= 0 && queuedBytes() > 0) flush();
  if (fd_ >= 0) onReadable();
  updateInterest();
}

void StreamConnection::continueHandshake() noexcept {
  IoResult r = io_->handshake();
  switch (r.status) {
    case IoStatus::Ok:
      becomeEstablished();
      return;
    case IoStatus::WantRead:
    case IoStatus::WantWrite:
      waitForSocket(r.status);
      return;
    case IoStatus::Closed:
    case IoStatus::Error:
      close(CloseReason::HandshakeFailed);
      return;
  }
}

void StreamConnection::onReadable() noexcept {
  std::array<char, kReadChunk> chunk;
  for (;;) {
    IoResult r = io_->read(chunk.data(), chunk.size());
    switch (r.status) {
      case IoStatus::Ok:
        lastActivity_ = loop_.clock().now();
        inbox_.append(chunk.data(), r.bytes);
        deliverFrames();
        if (fd_ < 0) return;
        continue;
      case IoStatus::WantRead:
      case IoStatus::WantWrite:
        waitForSocket(r.status);
        return;
      case IoStatus::Closed:
        close(CloseReason::PeerClosed);
        return;
      case IoStatus::Error:
        close(CloseReason::Error);
        return;
    }
  }
}

void StreamConnection::deliverFrames() noexcept {
  std::size_t consumed = 0;
  while (fd_ >= 0) {
    auto frame = framer_.next(std::string_view(inbox_).substr(consumed));
    if (!frame) {
      // The stream cannot be re-synchronised after a framing error (§18.3), but the request that
      // broke it still gets its answer where the bytes allow one (513 for a message above the
      // size limit, 400 for a bad Content-Length; §21.5.14, §21.4.1) before the connection closes.
      if (auto answer = syntax::buildBadRequest(std::string_view(inbox_).substr(consumed), frame.error(), {})) {
        (void)send(*answer);
      }
      if (fd_ >= 0) close(CloseReason::Framing);
      return;
    }
    if (frame->kind == syntax::FrameKind::Incomplete) break;
    std::string_view bytes(inbox_.data() + consumed, frame->size);
    consumed += frame->size;
    if (frame->kind == syntax::FrameKind::KeepAlive) {
      (void)send("\r\n");
    } else if (frame->kind == syntax::FrameKind::Message) {
      callbacks_.onMessage(*this, bytes);
    }
  }
  if (fd_ >= 0) inbox_.erase(0, consumed);
}

Result<void> StreamConnection::send(std::string_view bytes) noexcept {
  if (fd_ < 0) return fail(Errc::Io, "connection closed", "stream", 0);
  if (queuedBytes() == 0 && !connecting_ && !io_->handshaking()) {
    IoResult r = io_->write(bytes.data(), bytes.size());
    if (r.status == IoStatus::Error || r.status == IoStatus::Closed) {
      close(CloseReason::Error);
      return fail(Errc::Io, "send failed", "stream", 0);
    }
    // After WantRead/WantWrite the same bytes head the queue, as a TLS retry requires.
    writeWantsRead_ = r.status == IoStatus::WantRead;
    if (r.status == IoStatus::Ok) bytes.remove_prefix(r.bytes);
    if (bytes.empty()) return {};
  }
  if (queuedBytes() + bytes.size() > limits_.maxQueuedBytes) {
    close(CloseReason::QueueFull);
    return fail(Errc::TooLarge, "peer is not reading", "stream", 0);
  }
  queue_.append(bytes);
  updateInterest();
  return {};
}

void StreamConnection::flush() noexcept {
  while (queuedBytes() > 0) {
    IoResult r = io_->write(queue_.data() + queueHead_, queuedBytes());
    if (r.status == IoStatus::Ok && r.bytes > 0) {
      queueHead_ += r.bytes;
      continue;
    }
    if (r.status == IoStatus::Error || r.status == IoStatus::Closed) {
      close(CloseReason::Error);
      return;
    }
    writeWantsRead_ = r.status == IoStatus::WantRead;
    updateInterest();
    return;
  }
  queue_.clear();
  queueHead_ = 0;
  writeWantsRead_ = false;
  updateInterest();
}

void StreamConnection::close(CloseReason reason) noexcept {
  if (fd_ < 0) return;
  loop_.timers().cancel(idleTimer_);
  loop_.timers().cancel(handshakeTimer_);
  if (reason != CloseReason::Error && !connecting_ && !io_->handshaking()) io_->shutdown();
  loop_.unwatch(fd_);
  ::close(fd_);
  fd_ = -1;
  if (callbacks_.onClosed) callbacks_.onClosed(*this, reason);
}

}  // namespace parley::transport
