// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fake_clock.hpp"
#include "fake_dns_client.hpp"
#include "transport/message_sender.hpp"
#include "transport/tcp_listener.hpp"

namespace parley::test {

// A socket of `type` (SOCK_DGRAM, SOCK_STREAM) bound to 127.0.0.1 and a port the kernel chose;
// its address in `where`. The caller closes it.
int boundSocket(int type, transport::SocketAddress& where);

// A small request; `pad` bytes of body make it as large as a test needs.
std::string sipRequest(int n, std::size_t pad = 0, std::string_view transport = "TCP");

// OutboundRig puts both ends of an outbound connection on one event loop in the test's thread:
// a listening side (TcpListener, plain or TLS, recording what arrives and on which flow) and a
// sending side (its own ConnectionTable, a SipResolver over a FakeDnsClient and a HostsTable, and
// a MessageSender recording late failures). Test code only; one test, test thread.
class OutboundRig {
 public:
  explicit OutboundRig(std::shared_ptr<const transport::TlsContext> serverTls = nullptr,
                       std::vector<transport::HostEntry> hosts = {});
  ~OutboundRig();

  // Runs the loop until `done` or `rounds` iterations passed.
  template <class Pred>
  bool spinUntil(Pred done, int rounds = 200) {
    for (int i = 0; i < rounds && !done(); ++i) loop.runOnce(std::chrono::milliseconds(5));
    return done();
  }
  [[nodiscard]] transport::SendTarget listener(transport::TransportKind kind, std::string host = "127.0.0.1") const {
    return {kind, std::move(host), serverListener->localAddress().port(), 0};
  }

  FakeClock clock;
  transport::EventLoop loop{clock};
  // Listening side.
  std::vector<std::string> serverMessages;
  std::vector<std::uint64_t> serverFlows;
  transport::ConnectionTable serverTable;
  std::unique_ptr<transport::TcpListener> serverListener;
  // Sending side.
  std::vector<std::string> clientMessages;
  std::vector<std::string> failures;  // "why: first line of the undelivered bytes"
  transport::ConnectionTable clientTable;
  FakeDnsClient dns;
  SystemRandom random{1};
  transport::SipResolver resolver;
  transport::MessageSender sender;
};

}  // namespace parley::test
