// SPDX-License-Identifier: MIT
#include "transport/tcp_listener.hpp"

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>

#include "transport/tls_stream_io.hpp"

namespace parley::transport {
namespace {

// Connections accepted per readiness event before yielding to the other sockets.
constexpr int kAcceptBudget = 64;

}  // namespace

Result<std::unique_ptr<TcpListener>> TcpListener::listen(EventLoop& loop, const SocketAddress& local, bool reusePort,
                                                         ConnectionTable& table, std::shared_ptr<const TlsContext> tls) {
  int fd = ::socket(local.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(Errc::Io, "cannot create TCP socket", "tcp", 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // restart while old flows linger in TIME_WAIT
  if (reusePort) ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  if (local.isIPv6()) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (::bind(fd, local.get(), local.length()) != 0 || ::listen(fd, 1024) != 0) {
    ::close(fd);
    return fail(Errc::Io, "cannot listen on TCP address (in use or not local)", "tcp", 0);
  }
  SocketAddress bound;
  socklen_t len = sizeof(sockaddr_storage);
  ::getsockname(fd, bound.get(), &len);
  bound = SocketAddress::fromSockaddr(bound.get(), len);
  std::unique_ptr<TcpListener> l(new TcpListener(loop, fd, bound, table));
  l->tls_ = std::move(tls);
  TcpListener* self = l.get();
  if (auto r = loop.watch(fd, EPOLLIN, [self](std::uint32_t) { self->onAcceptable(); }); !r) {
    return tl::unexpected(r.error());
  }
  return l;
}

TcpListener::TcpListener(EventLoop& loop, int fd, SocketAddress local, ConnectionTable& table)
    : loop_(loop), fd_(fd), local_(local), table_(table) {}

TcpListener::~TcpListener() {
  loop_.unwatch(fd_);
  ::close(fd_);
}

void TcpListener::onAcceptable() noexcept {
  for (int i = 0; i < kAcceptBudget; ++i) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or a connection reset before we accepted it
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // The local address of this flow (differs from local_ when listening on a wildcard address).
    sockaddr_storage here{};
    socklen_t hereLen = sizeof here;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&here), &hereLen);
    SocketAddress local = SocketAddress::fromSockaddr(reinterpret_cast<sockaddr*>(&here), hereLen);
    SocketAddress remote = SocketAddress::fromSockaddr(reinterpret_cast<sockaddr*>(&peer), len);
    if (tls_) {
      table_.adopt(fd, TransportKind::Tls, local, remote, [this](int s) { return TlsStreamIo::accept(tls_, s); });
    } else {
      table_.adopt(fd, TransportKind::Tcp, local, remote);
    }
  }
}

}  // namespace parley::transport
