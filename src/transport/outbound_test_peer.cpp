// SPDX-License-Identifier: MIT
#include "outbound_test_peer.hpp"

#include <sys/socket.h>

#include <gtest/gtest.h>

namespace parley::test {

using namespace transport;

int boundSocket(int type, SocketAddress& where) {
  int fd = ::socket(AF_INET, type, 0);
  auto any = *SocketAddress::fromIpPort("127.0.0.1", 0);
  EXPECT_EQ(::bind(fd, any.get(), any.length()), 0);
  sockaddr_storage s{};
  socklen_t len = sizeof s;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&s), &len);
  where = SocketAddress::fromSockaddr(reinterpret_cast<sockaddr*>(&s), len);
  return fd;
}

std::string sipRequest(int n, std::size_t pad, std::string_view transport) {
  std::string body(pad, 'x');
  return "OPTIONS sip:peer@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/" + std::string(transport) +
         " 127.0.0.1:5999;branch=z9hG4bK" + std::to_string(n) +
         "\r\nMax-Forwards: 70\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:peer@127.0.0.1>\r\nCall-ID: " + std::to_string(n) +
         "\r\nCSeq: 1 OPTIONS\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

OutboundRig::OutboundRig(std::shared_ptr<const TlsContext> serverTls, std::vector<HostEntry> hosts)
    : serverTable(loop, {},
                  [this](StreamConnection& c, std::string_view m) {
                    serverMessages.emplace_back(m);
                    serverFlows.push_back(c.flow());
                  }),
      clientTable(loop, {}, [this](StreamConnection&, std::string_view m) { clientMessages.emplace_back(m); }),
      resolver(dns, random, HostsTable(std::move(hosts))),
      sender(clientTable, resolver, [this](std::string_view bytes, const Error& why) {
        failures.push_back(why.reasonPhrase() + ": " + std::string(bytes.substr(0, bytes.find('\r'))));
      }) {
  auto l = TcpListener::listen(loop, *SocketAddress::fromIpPort("127.0.0.1", 0), false, serverTable, serverTls);
  EXPECT_TRUE(l);
  serverListener = std::move(*l);
}

OutboundRig::~OutboundRig() = default;

}  // namespace parley::test
