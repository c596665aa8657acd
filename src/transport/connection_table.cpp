// SPDX-License-Identifier: MIT
#include "transport/connection_table.hpp"

#include <unistd.h>

#include "transport/tcp_stream_io.hpp"

namespace parley::transport {

ConnectionTable::ConnectionTable(EventLoop& loop, ConnectionLimits limits, MessageHandler onMessage)
    : loop_(loop), limits_(limits), onMessage_(std::move(onMessage)) {}

ConnectionTable::~ConnectionTable() {
  loop_.timers().cancel(reaper_);
  closeAll();
  closed_.clear();
}

std::uint64_t ConnectionTable::adopt(int fd, TransportKind kind, const SocketAddress& local,
                                     const SocketAddress& remote, const IoFactory& makeIo) {
  std::string ip = remote.ip();
  std::size_t& fromSource = perSource_[ip];
  if (connections_.size() >= limits_.maxConnections || fromSource >= limits_.maxPerSource) {
    if (fromSource == 0) perSource_.erase(ip);
    ::close(fd);
    ++stats_.refused;
    return 0;
  }
  std::unique_ptr<StreamIo> io = makeIo ? makeIo(fd) : std::make_unique<TcpStreamIo>(fd);
  if (!io) {
    if (fromSource == 0) perSource_.erase(ip);
    ::close(fd);
    ++stats_.refused;
    return 0;
  }
  std::uint64_t flow = nextFlow_++;
  StreamConnection::Callbacks callbacks{
      [this](StreamConnection& c, std::string_view m) { onMessage_(c, m); },
      [this](StreamConnection& c, CloseReason r) { onClosed(c, r); },
  };
  auto conn = std::make_unique<StreamConnection>(loop_, fd, std::move(io), kind, flow, local, remote, limits_.stream,
                                                 std::move(callbacks));
  if (!conn->start()) {
    ++stats_.refused;
    if (fromSource == 0) perSource_.erase(ip);
    return 0;  // the connection's destructor closes the fd
  }
  ++fromSource;
  ++stats_.accepted;
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
}

void ConnectionTable::closeAll() noexcept {
  std::vector<StreamConnection*> all;
  all.reserve(connections_.size());
  for (auto& [flow, c] : connections_) all.push_back(c.get());
  for (StreamConnection* c : all) c->close(CloseReason::Local);
}

}  // namespace parley::transport
