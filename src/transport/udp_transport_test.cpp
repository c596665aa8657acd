// SPDX-License-Identifier: MIT
// Real UDP sockets on 127.0.0.1 with kernel-chosen ports.
#include "transport/udp_transport.hpp"

#include <gtest/gtest.h>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <thread>

namespace parley::transport {
namespace {

using namespace std::chrono_literals;

SocketAddress loopback(std::uint16_t port = 0) { return *SocketAddress::fromIpPort("127.0.0.1", port); }

TEST(EventLoop, PostedTasksFromAnotherThreadRunOnTheLoop) {
  SteadyClock clock;
  EventLoop loop(clock);
  std::thread::id ranOn;
  std::thread poster([&] { loop.post([&] { ranOn = std::this_thread::get_id(); loop.stop(); }); });
  loop.run();
  poster.join();
  EXPECT_EQ(ranOn, std::this_thread::get_id());
}

TEST(EventLoop, TimersFireThroughRunOnce) {
  SteadyClock clock;
  EventLoop loop(clock);
  int fired = 0;
  loop.runAfter(0ms, [&] { ++fired; });
  loop.runAfter(1h, [&] { ++fired; });
  loop.runOnce(100ms);
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(loop.timers().size(), 1u);
}

// An event already returned by epoll for an fd that a callback closes, while a new socket takes the
// same fd number in the same batch, must not reach the new socket's handler.
TEST(EventLoop, StaleEventForAReusedFdIsDropped) {
  SteadyClock clock;
  EventLoop loop(clock);
  int a = ::eventfd(1, EFD_NONBLOCK);  // both readable: one epoll batch holds both events
  int b = ::eventfd(1, EFD_NONBLOCK);
  int replacement = -1;
  int reusedNumber = -1;
  int replacementCalls = 0;
  // Whichever runs first closes the other fd and opens a new one, which takes the freed number.
  auto swapOther = [&](int self, int& other) {
    if (replacement >= 0) return;
    std::uint64_t n = 0;
    [[maybe_unused]] ssize_t r = ::read(self, &n, sizeof n);
    reusedNumber = other;
    loop.unwatch(other);
    ::close(other);
    replacement = ::eventfd(0, EFD_NONBLOCK);  // not readable: any call is the stale event
    ASSERT_TRUE(loop.watch(replacement, EPOLLIN, [&](std::uint32_t) { ++replacementCalls; }));
    other = -1;
  };
  ASSERT_TRUE(loop.watch(a, EPOLLIN, [&](std::uint32_t) { swapOther(a, b); }));
  ASSERT_TRUE(loop.watch(b, EPOLLIN, [&](std::uint32_t) { swapOther(b, a); }));
  loop.runOnce(std::chrono::milliseconds(100));
  EXPECT_EQ(replacement, reusedNumber) << "the kernel did not reuse the number; the test proves nothing";
  EXPECT_EQ(replacementCalls, 0);
  for (int fd : {a, b, replacement}) {
    if (fd >= 0) {
      loop.unwatch(fd);
      ::close(fd);
    }
  }
}

TEST(UdpTransport, DatagramsBothWays) {
  SteadyClock clock;
  EventLoop loop(clock);
  std::vector<std::pair<std::string, SocketAddress>> atA, atB;
  auto a = UdpTransport::bind(loop, loopback(), false, [&](std::string_view d, const SocketAddress& s) {
    atA.emplace_back(std::string(d), s);
  });
  auto b = UdpTransport::bind(loop, loopback(), false, [&](std::string_view d, const SocketAddress& s) {
    atB.emplace_back(std::string(d), s);
  });
  ASSERT_TRUE(a && b);
  ASSERT_NE((*a)->localAddress().port(), 0);
  ASSERT_TRUE((*a)->send("OPTIONS sip:x SIP/2.0\r\n\r\n", (*b)->localAddress()));
  ASSERT_TRUE((*b)->send(std::string(60000, 'x'), (*a)->localAddress()));
  for (int i = 0; i < 50 && (atA.empty() || atB.empty()); ++i) loop.runOnce(100ms);
  ASSERT_EQ(atB.size(), 1u);
  EXPECT_EQ(atB[0].first, "OPTIONS sip:x SIP/2.0\r\n\r\n");
  EXPECT_EQ(atB[0].second, (*a)->localAddress());
  ASSERT_EQ(atA.size(), 1u);
  EXPECT_EQ(atA[0].first.size(), 60000u);
}

TEST(UdpTransport, ReceiveBufferIsEnlarged) {
  SteadyClock clock;
  EventLoop loop(clock);
  auto plain = UdpTransport::bind(loop, loopback(), false, [](std::string_view, const SocketAddress&) {});
  auto big = UdpTransport::bind(loop, loopback(), false, [](std::string_view, const SocketAddress&) {}, 4u << 20);
  ASSERT_TRUE(plain && big);
  // Without privileges the kernel caps the request at net.core.rmem_max; it never shrinks it.
  EXPECT_GE((*big)->receiveBufferBytes(), (*plain)->receiveBufferBytes());
  if (::geteuid() == 0) {
    EXPECT_GE((*big)->receiveBufferBytes(), 4u << 20);
  }
}

TEST(UdpTransport, ReusePortAllowsTwoSocketsOnOneAddress) {
  SteadyClock clock;
  EventLoop loop(clock);
  auto first = UdpTransport::bind(loop, loopback(), true, [](std::string_view, const SocketAddress&) {});
  ASSERT_TRUE(first);
  auto second = UdpTransport::bind(loop, (*first)->localAddress(), true, [](std::string_view, const SocketAddress&) {});
  EXPECT_TRUE(second);
  auto clash = UdpTransport::bind(loop, (*first)->localAddress(), false, [](std::string_view, const SocketAddress&) {});
  EXPECT_FALSE(clash);
}

}  // namespace
}  // namespace parley::transport
