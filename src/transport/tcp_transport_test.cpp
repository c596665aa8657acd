// SPDX-License-Identifier: MIT
// Real TCP connections on 127.0.0.1 against a TcpListener and ConnectionTable.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "fake_clock.hpp"
#include "transport/tcp_listener.hpp"

namespace parley::transport {
namespace {

using namespace std::chrono_literals;

std::string options(int n, std::string_view body = "") {
  std::string m = "OPTIONS sip:parley@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK" +
                  std::to_string(n) + "\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:parley@127.0.0.1>\r\nCall-ID: " +
                  std::to_string(n) + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: " + std::to_string(body.size()) +
                  "\r\n\r\n";
  return m + std::string(body);
}

// A blocking client socket connected to the listener.
struct Client {
  int fd = -1;
  explicit Client(const SocketAddress& to) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    EXPECT_EQ(::connect(fd, to.get(), to.length()), 0);
  }
  ~Client() {
    if (fd >= 0) ::close(fd);
  }
  void write(std::string_view s) const { ASSERT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), static_cast<ssize_t>(s.size())); }
  // What arrived within `wait` (empty on timeout); "<closed>" when the server closed.
  std::string read(int waitMs = 0) const {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, waitMs) <= 0) return "";
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return "<closed>";
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
  }
};

struct Server {
  test::FakeClock clock;
  EventLoop loop{clock};
  std::vector<std::string> messages;
  std::vector<std::uint64_t> flows;
  ConnectionTable table;
  std::unique_ptr<TcpListener> listener;

  explicit Server(ConnectionLimits limits = {})
      : table(loop, limits, [this](StreamConnection& c, std::string_view m) {
          messages.emplace_back(m);
          flows.push_back(c.flow());
        }) {
    auto l = TcpListener::listen(loop, *SocketAddress::fromIpPort("127.0.0.1", 0), false, table);
    EXPECT_TRUE(l);
    listener = std::move(*l);
  }
  void spin(int rounds = 5) {
    for (int i = 0; i < rounds; ++i) loop.runOnce(20ms);
  }
};

TEST(TcpTransport, MessageWrittenOneByteAtATime) {
  Server s;
  Client c(s.listener->localAddress());
  std::string m = options(1, "v=0\r\n");
  for (char ch : m) {
    c.write(std::string_view(&ch, 1));
    s.loop.runOnce(0ms);
  }
  s.spin();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0], m);
  EXPECT_EQ(s.table.size(), 1u);
}

TEST(TcpTransport, PipelinedMessagesInOneWrite) {
  Server s;
  Client c(s.listener->localAddress());
  c.write(options(1) + options(2, "hello") + "\r\n" + options(3));
  s.spin();
  ASSERT_EQ(s.messages.size(), 3u);
  EXPECT_EQ(s.messages[1], options(2, "hello"));
  EXPECT_EQ(s.flows[0], s.flows[2]);  // one flow
}

TEST(TcpTransport, KeepAlivePingGetsOneCrlf) {
  Server s;
  Client c(s.listener->localAddress());
  c.write("\r\n\r\n");
  s.spin();
  EXPECT_EQ(c.read(500), "\r\n");
  EXPECT_TRUE(s.messages.empty());
}

TEST(TcpTransport, SendBackOverTheSameFlow) {
  Server s;
  Client c(s.listener->localAddress());
  c.write(options(1));
  s.spin();
  ASSERT_EQ(s.flows.size(), 1u);
  StreamConnection* conn = s.table.find(s.flows[0]);
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->send("SIP/2.0 200 OK\r\n\r\n"));
  EXPECT_EQ(c.read(500), "SIP/2.0 200 OK\r\n\r\n");
  EXPECT_EQ(s.table.findByRemote(TransportKind::Tcp, conn->remote()), conn);
}

TEST(TcpTransport, IdleConnectionClosedOnTime) {
  ConnectionLimits limits;
  limits.stream.idleTimeout = 30s;
  Server s(limits);
  Client c(s.listener->localAddress());
  s.spin();
  ASSERT_EQ(s.table.size(), 1u);
  s.clock.advance(29s);
  s.spin();
  EXPECT_EQ(s.table.size(), 1u);
  c.write("\r\n\r\n");  // activity restarts the idle period
  s.spin();
  s.clock.advance(29s);
  s.spin();
  EXPECT_EQ(s.table.size(), 1u);
  s.clock.advance(2s);
  s.spin();
  EXPECT_EQ(s.table.size(), 0u);
  EXPECT_EQ(s.table.stats().closedIdle, 1u);
  EXPECT_EQ(c.read(500), "\r\n");  // the pong, then the close
  EXPECT_EQ(c.read(500), "<closed>");
}

TEST(TcpTransport, FramingErrorAndOversizeCloseTheConnection) {
  ConnectionLimits limits;
  limits.stream.maxMessageSize = 2048;
  Server s(limits);
  Client bad(s.listener->localAddress());
  bad.write("OPTIONS sip:x SIP/2.0\r\nContent-Length: -1\r\n\r\n");
  Client big(s.listener->localAddress());
  big.write("OPTIONS sip:x SIP/2.0\r\nX: " + std::string(4096, 'a'));
  // A request whose header section outgrows the limit is answered 513 before the close: the
  // lines it needs for a response (Via, From, To, Call-ID, CSeq) come first.
  Client answered(s.listener->localAddress());
  std::string head = options(7);
  answered.write(head.substr(0, head.size() - 2) + "Contact: " + std::string(4096, 'c') + "\r\n\r\n");
  s.spin(10);
  EXPECT_EQ(s.table.size(), 0u);
  EXPECT_EQ(s.table.stats().closedFraming, 3u);
  EXPECT_EQ(bad.read(500), "<closed>");
  std::string reply = answered.read(500);
  EXPECT_EQ(reply.rfind("SIP/2.0 513 ", 0), 0u) << reply;
  EXPECT_NE(reply.find("Call-ID: 7\r\n"), std::string::npos) << reply;
  EXPECT_EQ(answered.read(500), "<closed>");
}

TEST(TcpTransport, PerSourceAndTotalLimits) {
  ConnectionLimits limits;
  limits.maxPerSource = 2;
  Server s(limits);
  Client a(s.listener->localAddress()), b(s.listener->localAddress()), c(s.listener->localAddress());
  s.spin();
  EXPECT_EQ(s.table.size(), 2u);
  EXPECT_EQ(s.table.stats().refused, 1u);
  EXPECT_EQ(c.read(500), "<closed>");
}

TEST(TcpTransport, PeerThatNeverReadsIsCutOff) {
  ConnectionLimits limits;
  limits.stream.maxQueuedBytes = 64 * 1024;
  Server s(limits);
  Client c(s.listener->localAddress());
  int small = 4096;
  ::setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  c.write(options(1));
  s.spin();
  ASSERT_EQ(s.flows.size(), 1u);
  StreamConnection* conn = s.table.find(s.flows[0]);
  ASSERT_NE(conn, nullptr);
  std::string chunk(16 * 1024, 'x');
  bool failed = false;
  for (int i = 0; i < 1000 && !failed; ++i) failed = !conn->send(chunk);
  EXPECT_TRUE(failed);
  s.spin();
  EXPECT_EQ(s.table.size(), 0u);
  EXPECT_EQ(s.table.stats().closedQueueFull, 1u);
}

}  // namespace
}  // namespace parley::transport
