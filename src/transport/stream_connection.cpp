// SPDX-License-Identifier: MIT
#include "transport/stream_connection.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace parley::transport {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

}  // namespace

StreamConnection::StreamConnection(EventLoop& loop, int fd, TransportKind kind, std::uint64_t flow,
                                   SocketAddress local, SocketAddress remote, const StreamLimits& limits,
                                   Callbacks callbacks)
    : loop_(loop),
      fd_(fd),
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
  if (fd_ >= 0) {
    loop_.unwatch(fd_);
    ::close(fd_);
  }
}

Result<void> StreamConnection::start() noexcept {
  if (auto r = loop_.watch(fd_, EPOLLIN | EPOLLRDHUP, [this](std::uint32_t ev) { onEvents(ev); }); !r) return r;
  armIdleTimer();
  return {};
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

void StreamConnection::onEvents(std::uint32_t events) noexcept {
  if (events & (EPOLLERR | EPOLLHUP)) {
    close(CloseReason::Error);
    return;
  }
  if (events & EPOLLOUT) onWritable();
  if (fd_ >= 0 && (events & (EPOLLIN | EPOLLRDHUP))) onReadable();
}

void StreamConnection::onReadable() noexcept {
  std::array<char, kReadChunk> chunk;
  for (;;) {
    ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n > 0) {
      lastActivity_ = loop_.clock().now();
      inbox_.append(chunk.data(), static_cast<std::size_t>(n));
      deliverFrames();
      if (fd_ < 0) return;
      continue;
    }
    if (n == 0) {
      close(CloseReason::PeerClosed);
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      close(CloseReason::Error);
    }
    return;
  }
}

void StreamConnection::deliverFrames() noexcept {
  std::size_t consumed = 0;
  while (fd_ >= 0) {
    auto frame = framer_.next(std::string_view(inbox_).substr(consumed));
    if (!frame) {
      // The stream cannot be re-synchronised after a framing error (§18.3).
      close(CloseReason::Framing);
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
  if (fd_ < 0) return fail(Errc::Io, "connection closed", "tcp", 0);
  if (queuedBytes() == 0) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      close(CloseReason::Error);
      return fail(Errc::Io, "send failed", "tcp", 0);
    }
    if (n > 0) bytes.remove_prefix(static_cast<std::size_t>(n));
    if (bytes.empty()) return {};
  }
  if (queuedBytes() + bytes.size() > limits_.maxQueuedBytes) {
    close(CloseReason::QueueFull);
    return fail(Errc::TooLarge, "peer is not reading", "tcp", 0);
  }
  queue_.append(bytes);
  if (!wantWrite_) {
    wantWrite_ = true;
    (void)loop_.modify(fd_, EPOLLIN | EPOLLRDHUP | EPOLLOUT);
  }
  return {};
}

void StreamConnection::onWritable() noexcept {
  while (queuedBytes() > 0) {
    ssize_t n = ::send(fd_, queue_.data() + queueHead_, queuedBytes(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
      close(CloseReason::Error);
      return;
    }
    queueHead_ += static_cast<std::size_t>(n);
  }
  queue_.clear();
  queueHead_ = 0;
  wantWrite_ = false;
  (void)loop_.modify(fd_, EPOLLIN | EPOLLRDHUP);
}

void StreamConnection::close(CloseReason reason) noexcept {
  if (fd_ < 0) return;
  loop_.timers().cancel(idleTimer_);
  loop_.unwatch(fd_);
  ::close(fd_);
  fd_ = -1;
  if (callbacks_.onClosed) callbacks_.onClosed(*this, reason);
}

}  // namespace parley::transport
