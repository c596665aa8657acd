// SPDX-License-Identifier: MIT
#include "transport/connection_table.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "transport/tcp_stream_io.hpp"

namespace parley::transport {

ConnectionTable::ConnectionTable(EventLoop& loop, ConnectionLimits limits, MessageHandler onMessage)
    : loop_(loop), limits_(limits), onMessage_(std::move(onMessage)) {}

ConnectionTable::~ConnectionTable() {
  loop_.timers().cancel(reaper_);
  closeAll();
  closed_.clear();
}

bool ConnectionTable::admits(const std::string& ip) noexcept {
  auto it = perSource_.find(ip);
  std::size_t fromSource = it == perSource_.end() ? 0 : it->second;
  return connections_.size() < limits_.maxConnections && fromSource < limits_.maxPerSource;
}

std::uint64_t ConnectionTable::adopt(int fd, TransportKind kind, const SocketAddress& local,
                                     const SocketAddress& remote, const IoFactory& makeIo) {
  // The limits are checked before makeIo, so a refused peer costs no TLS session.
  std::unique_ptr<StreamIo> io;
  if (admits(remote.ip())) io = makeIo ? makeIo(fd) : std::make_unique<TcpStreamIo>(fd);
  if (!io) {
    ::close(fd);
    ++stats_.refused;
    return 0;
  }
  std::uint64_t flow = insert(fd, kind, local, remote, std::move(io), false);
  if (flow == 0) {
    ++stats_.refused;
  } else {
    ++stats_.accepted;
  }
  return flow;
}

Result<std::uint64_t> ConnectionTable::connect(TransportKind kind, const SocketAddress& remote,
                                               const IoFactory& makeIo) noexcept {
  if (!admits(remote.ip())) return fail(Errc::TooLarge, "connection limit reached", "transport", 0);
  int fd = ::socket(remote.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(Errc::Io, "cannot create a TCP socket", "transport", 0);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, remote.get(), remote.length()) != 0 && errno != EINPROGRESS) {
    ::close(fd);
    ++stats_.connectFailed;
    return fail(Errc::Io, "connect failed", "transport", 0);
  }
  sockaddr_storage here{};
  socklen_t hereLen = sizeof here;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&here), &hereLen);
  SocketAddress local = SocketAddress::fromSockaddr(reinterpret_cast<sockaddr*>(&here), hereLen);
  std::unique_ptr<StreamIo> io = makeIo ? makeIo(fd) : std::make_unique<TcpStreamIo>(fd);
  if (!io) {
    ::close(fd);
    return fail(Errc::Io, "cannot create a TLS session", "transport", 0);
  }
  std::uint64_t flow = insert(fd, kind, local, remote, std::move(io), true);
  if (flow == 0) return fail(Errc::Io, "cannot watch the new connection", "transport", 0);
  ++stats_.connected;
  return flow;
}

std::uint64_t ConnectionTable::insert(int fd, TransportKind kind, const SocketAddress& local,
                                      const SocketAddress& remote, std::unique_ptr<StreamIo> io,
                                      bool outbound) noexcept {
  std::uint64_t flow = nextFlow_++;
  StreamConnection::Callbacks callbacks{
      [this](StreamConnection& c, std::string_view m) { onMessage_(c, m); },
      [this](StreamConnection& c, CloseReason r) { onClosed(c, r); },
      [this](StreamConnection& c) {
        if (flowEvents_.onEstablished) flowEvents_.onEstablished(c);
      },
  };
  auto conn = std::make_unique<StreamConnection>(loop_, fd, std::move(io), kind, flow, local, remote, limits_.stream,
                                                 std::move(callbacks));
  if (!(outbound ? conn->startConnecting() : conn->start())) return 0;  // the destructor closes the fd
  ++perSource_[remote.ip()];
  connections_.emplace(flow, std::move(conn));
  return flow;
}

StreamConnection* ConnectionTable::find(std::uint64_t flow) noexcept {
  auto it = connections_.find(flow);
  return it == connections_.end() ? nullptr : it->second.get();
}

StreamConnection* ConnectionTable::findByRemote(TransportKind kind, const SocketAddress& remote) noexcept {
  // Linear: used only when sending a request to a target without a known flow. A map keyed by
  // address is the upgrade when the proxy makes this frequent.
  for (auto& [flow, c] : connections_) {
    if (c->kind() == kind && c->remote() == remote) return c.get();
  }
  return nullptr;
}

void ConnectionTable::onClosed(StreamConnection& c, CloseReason reason) noexcept {
  if (reason == CloseReason::Idle) ++stats_.closedIdle;
  if (reason == CloseReason::Framing) ++stats_.closedFraming;
  if (reason == CloseReason::QueueFull) ++stats_.closedQueueFull;
  if (reason == CloseReason::HandshakeFailed) ++stats_.handshakeFailed;
  if (reason == CloseReason::HandshakeTimeout) ++stats_.handshakeTimedOut;
  if (reason == CloseReason::ConnectFailed) ++stats_.connectFailed;
  auto it = connections_.find(c.flow());
  if (it == connections_.end()) return;
  std::string ip = c.remote().ip();
  if (auto s = perSource_.find(ip); s != perSource_.end() && --s->second == 0) perSource_.erase(s);
  // The connection may be on the call stack (closing from its own callback): destroy it later.
  closed_.push_back(std::move(it->second));
  connections_.erase(it);
  if (!reaper_.valid() || !loop_.timers().pending(reaper_)) {
    reaper_ = loop_.timers().schedule(loop_.clock().now(), [this] {
      reaper_ = TimerId{};
      closed_.clear();
    });
  }
  // Last: the owner may open a new connection or send again from here (the map may rehash), and
  // must no longer find this one.
  if (flowEvents_.onClosed) flowEvents_.onClosed(c, reason);
}

void ConnectionTable::closeAll() noexcept {
  std::vector<StreamConnection*> all;
  all.reserve(connections_.size());
  for (auto& [flow, c] : connections_) all.push_back(c.get());
  for (StreamConnection* c : all) c->close(CloseReason::Local);
}

}  // namespace parley::transport
