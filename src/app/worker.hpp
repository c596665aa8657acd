// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "base/random.hpp"
#include "config/server_config.hpp"
#include "syntax/message_parser.hpp"
#include "transport/ares_dns_client.hpp"
#include "transport/connection_table.hpp"
#include "transport/event_loop.hpp"
#include "transport/listen_address.hpp"
#include "transport/message_sender.hpp"
#include "transport/sip_resolver.hpp"
#include "transport/tcp_listener.hpp"
#include "transport/tls_context.hpp"
#include "transport/udp_transport.hpp"
#include "app/sip_next_hop.hpp"
#include "tu/core/server_core.hpp"
#include "tu/proxy/proxy_core.hpp"
#include "txn/transaction_table.hpp"
#include "txn/transaction_transport.hpp"

namespace parley::app {

// Counters one worker keeps; read from other threads (relaxed atomics).
struct WorkerStats {
  std::atomic<std::uint64_t> messages{0};
  std::atomic<std::uint64_t> parseErrors{0};
  std::atomic<std::uint64_t> badRequestsAnswered{0};
  std::atomic<std::uint64_t> malformedDropped{0};
};

// Worker models one event-loop thread of the server (STYLE §7): its own UDP sockets and TCP and
// TLS listeners (SO_REUSEPORT spreads the traffic across workers), its connection table, transaction
// table and server core. It is the transport layer's user: it parses what the sockets deliver,
// answers what does not parse (stateless 400, RFC 3261 §8.2 / §21.4.1), and hands the rest to the
// transaction table; and it is the transaction layer's TransactionTransport: its MessageSender
// chooses the socket or connection for each send (§18.1.1 for requests: DNS per RFC 3263 §4.2,
// outbound TCP/TLS connections, the 1300-byte rule; §18.2.2 with RFC 3581 for responses), and a
// request that could not be delivered after all is reported back to its client transaction.
// With a proxy, its ProxyCore is the transaction user (and hands what is addressed to the server
// itself to the ServerCore). Several workers share the listen sockets, so a response may reach
// another worker than the one whose client transaction sent the request: the branch names the
// sending worker (tu::makeBranch) and the message is passed to it; likewise a request for a
// connection another worker owns (flow ids carry their worker's index) is sent by that worker.
// Created and destroyed by Server on the main thread; everything else runs on its own thread.
class Worker final : public txn::TransactionTransport {
 public:
  // What a proxying worker shares with the others; every reference outlives the worker.
  struct ProxyWiring {
    const tu::ProxyConfig& config;
    const tu::LocalAddresses& local;
    tu::ProxyServices services;
  };

  // `registrar` (shared by every worker; may be null) answers REGISTER; `proxy` (may be null:
  // the server answers everything itself) makes the worker a proxy.
  Worker(const config::ServerConfig& config, const tu::CoreConfig& core, unsigned index,
         tu::RequestHandler* registrar = nullptr, const ProxyWiring* proxy = nullptr);
  ~Worker() override;
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Binds every listen address (before the thread starts, so errors reach the caller). Port 0 is
  // resolved by the kernel; the bound addresses are returned in the same order. `tls` is needed
  // for tls: addresses.
  [[nodiscard]] Result<std::vector<transport::ListenAddress>> bind(const std::vector<transport::ListenAddress>& listen,
                                                                  bool reusePort,
                                                                  std::shared_ptr<const transport::TlsContext> tls);
  // TLS connections accepted from now on use `tls` (SIGHUP); open ones keep theirs. Any thread.
  void setTlsContext(std::shared_ptr<const transport::TlsContext> tls);
  // Every worker of the server, by index (this one included); before startThread().
  void setPeers(std::vector<Worker*> peers) { peers_ = std::move(peers); }
  void startThread();
  // Stops accepting connections, then ends the loop after `grace`. Any thread; joins.
  void stop(Duration grace);

  [[nodiscard]] const WorkerStats& stats() const noexcept { return stats_; }

  // txn::TransactionTransport
  [[nodiscard]] Result<void> send(const txn::TransportTarget& target, std::string_view bytes) noexcept override;

 private:
  // A message MessageSender accepted but could not deliver (connect refused, TLS check, DNS).
  void onUndelivered(std::string_view bytes, const Error& why) noexcept;
  void onDatagram(transport::UdpTransport& udp, std::string_view bytes, const transport::SocketAddress& from);
  void onStreamMessage(transport::StreamConnection& conn, std::string_view bytes);
  // Parses and dispatches one message; `answer` sends a stateless reply back the way it came.
  template <class Answer>
  void deliver(std::string_view bytes, syntax::Framing framing, const transport::SocketAddress& from,
               txn::TransportTarget source, Answer&& answer);

  // The worker a flow id belongs to (its index is in the top 16 bits), nullptr for this one.
  [[nodiscard]] Worker* ownerOf(std::uint64_t flow) const noexcept;

  const config::ServerConfig& config_;
  unsigned index_;
  std::vector<Worker*> peers_;
  syntax::ParseLimits limits_;
  SteadyClock clock_;
  transport::EventLoop loop_;
  SystemRandom random_;
  tu::ServerCore core_;
  transport::ConnectionTable connections_;
  std::unique_ptr<transport::AresDnsClient> dns_;
  transport::SipResolver resolver_;
  transport::MessageSender sender_;  // after connections_ and resolver_, which it uses
  SipNextHop nextHop_;
  std::unique_ptr<tu::ProxyCore> proxy_;
  txn::TransactionTable table_;
  std::vector<std::unique_ptr<transport::UdpTransport>> udp_;
  std::vector<std::unique_ptr<transport::TcpListener>> tcp_;  // TCP and TLS
  std::thread thread_;
  WorkerStats stats_;
};

}  // namespace parley::app
