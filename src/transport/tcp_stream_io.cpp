// SPDX-License-Identifier: MIT
#include "transport/tcp_stream_io.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace parley::transport {

IoResult TcpStreamIo::read(char* data, std::size_t size) noexcept {
  for (;;) {
    ssize_t n = ::recv(fd_, data, size, 0);
    if (n > 0) return {IoStatus::Ok, static_cast<std::size_t>(n)};
    if (n == 0) return {IoStatus::Closed};
    if (errno == EINTR) continue;
    return {errno == EAGAIN || errno == EWOULDBLOCK ? IoStatus::WantRead : IoStatus::Error};
  }
}

IoResult TcpStreamIo::write(const char* data, std::size_t size) noexcept {
  for (;;) {
    ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return {IoStatus::Ok, static_cast<std::size_t>(n)};
    if (errno == EINTR) continue;
    return {errno == EAGAIN || errno == EWOULDBLOCK ? IoStatus::WantWrite : IoStatus::Error};
  }
}

}  // namespace parley::transport
