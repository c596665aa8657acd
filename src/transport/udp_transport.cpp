// SPDX-License-Identifier: MIT
#include "transport/udp_transport.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <memory>

namespace parley::transport {
namespace {

// Datagrams larger than this cannot be SIP over UDP anyway (IPv4 limit is 65,507 bytes).
constexpr std::size_t kMaxDatagram = 65535;
// Datagrams read per readiness event before yielding to other sockets and timers.
constexpr int kReadBudget = 64;
// Datagrams one recvmmsg() call may return. A call that returns fewer found the queue empty, so
// the loop stops without the extra recvfrom() that only learns EAGAIN (one system call per
// wake-up saved, more when datagrams queue up under load).
constexpr unsigned kBatch = 8;

// The receive buffers of one thread: every UdpTransport on a loop reads into them in turn.
struct ReceiveBatch {
  std::array<std::array<char, kMaxDatagram>, kBatch> data;
  std::array<sockaddr_storage, kBatch> from;
  std::array<iovec, kBatch> iov;
  std::array<mmsghdr, kBatch> headers;
};

}  // namespace

Result<std::unique_ptr<UdpTransport>> UdpTransport::bind(EventLoop& loop, const SocketAddress& local, bool reusePort,
                                                         Receiver receiver, std::uint32_t receiveBuffer) {
  int fd = ::socket(local.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(Errc::Io, "cannot create UDP socket", "udp", 0);
  int one = 1;
  // No SO_REUSEADDR: on Linux it lets a second UDP socket bind the same address silently, so a
  // second server started by mistake would take part of the traffic instead of failing to start.
  if (reusePort) ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  if (local.isIPv6()) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (receiveBuffer > 0) {
    int size = static_cast<int>(receiveBuffer);
    // SO_RCVBUFFORCE passes net.core.rmem_max when we may (root / CAP_NET_ADMIN); otherwise the
    // kernel caps SO_RCVBUF at rmem_max.
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0) {
      ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    }
  }
  if (::bind(fd, local.get(), local.length()) != 0) {
    ::close(fd);
    return fail(Errc::Io, "cannot bind UDP socket (address in use or not local)", "udp", 0);
  }
  SocketAddress bound;
  socklen_t len = sizeof(sockaddr_storage);
  ::getsockname(fd, bound.get(), &len);
  bound = SocketAddress::fromSockaddr(bound.get(), len);
  std::unique_ptr<UdpTransport> t(new UdpTransport(loop, fd, bound, std::move(receiver)));
  UdpTransport* self = t.get();
  if (auto r = loop.watch(fd, EPOLLIN, [self](std::uint32_t) { self->onReadable(); }); !r) {
    return tl::unexpected(r.error());
  }
  return t;
}

UdpTransport::UdpTransport(EventLoop& loop, int fd, SocketAddress local, Receiver receiver)
    : loop_(loop), fd_(fd), local_(local), receiver_(std::move(receiver)) {}

UdpTransport::~UdpTransport() {
  loop_.unwatch(fd_);
  ::close(fd_);
}

void UdpTransport::onReadable() {
  static thread_local auto batch = std::make_unique<ReceiveBatch>();
  ReceiveBatch& b = *batch;
  for (int read = 0; read < kReadBudget;) {
    for (unsigned i = 0; i < kBatch; ++i) {
      b.iov[i] = iovec{b.data[i].data(), b.data[i].size()};
      b.headers[i] = mmsghdr{};
      b.headers[i].msg_hdr.msg_name = &b.from[i];
      b.headers[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      b.headers[i].msg_hdr.msg_iov = &b.iov[i];
      b.headers[i].msg_hdr.msg_iovlen = 1;
    }
    int n = ::recvmmsg(fd_, b.headers.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) return;  // EAGAIN, or an ICMP error queued on the socket: nothing to read
    for (int i = 0; i < n; ++i) {
      ++received_;
      const msghdr& h = b.headers[static_cast<unsigned>(i)].msg_hdr;
      receiver_(std::string_view(b.data[static_cast<unsigned>(i)].data(), b.headers[static_cast<unsigned>(i)].msg_len),
                SocketAddress::fromSockaddr(reinterpret_cast<const sockaddr*>(h.msg_name), h.msg_namelen));
    }
    read += n;
    if (static_cast<unsigned>(n) < kBatch) return;  // the queue is empty for now
  }
}

std::uint32_t UdpTransport::receiveBufferBytes() const noexcept {
  int size = 0;
  socklen_t len = sizeof size;
  if (::getsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, &len) != 0 || size < 0) return 0;
  return static_cast<std::uint32_t>(size);
}

Result<void> UdpTransport::send(std::string_view bytes, const SocketAddress& destination) noexcept {
  ssize_t n = ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL, destination.get(),
                       destination.length());
  if (n < 0 || static_cast<std::size_t>(n) != bytes.size()) return fail(Errc::Io, "sendto failed", "udp", 0);
  return {};
}

}  // namespace parley::transport
