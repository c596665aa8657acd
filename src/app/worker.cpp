// SPDX-License-Identifier: MIT
#include "app/worker.hpp"

#include <spdlog/spdlog.h>

#include "syntax/bad_request.hpp"
#include "transport/send_rules.hpp"
#include "tu/proxy/branch.hpp"

namespace parley::app {
namespace {

txn::TimerConfig timersFrom(const config::ServerConfig& c) {
  txn::TimerConfig t;
  t.t1 = std::chrono::milliseconds(c.timers.t1);
  t.t2 = std::chrono::milliseconds(c.timers.t2);
  t.t4 = std::chrono::milliseconds(c.timers.t4);
  return t;
}

transport::TlsClientSettings tlsClientSettingsFrom(const config::TlsConfig& c) {
  return {c.caFile, c.verifyServer, c.certificate, c.privateKey, c.ciphers};
}

transport::ConnectionLimits limitsFrom(const config::ServerConfig& c) {
  transport::ConnectionLimits l;
  l.maxConnections = c.transport.maxConnections;
  l.maxPerSource = c.transport.maxConnectionsPerSource;
  l.stream.maxMessageSize = c.transport.maxMessageSize;
  l.stream.idleTimeout = std::chrono::seconds(c.transport.tcpIdleTimeoutSeconds);
  l.stream.handshakeTimeout = std::chrono::seconds(c.tls.handshakeTimeoutSeconds);
  return l;
}

transport::HostsTable hostsFrom(const config::ServerConfig& c) {
  std::vector<transport::HostEntry> entries;
  for (const config::DnsHostConfig& h : c.dns.hosts) {
    transport::HostEntry e{h.name, h.address, std::nullopt, std::nullopt};
    if (!h.transport.empty()) {
      e.transport = h.transport == "udp" ? transport::TransportKind::Udp
                    : h.transport == "tcp" ? transport::TransportKind::Tcp
                                           : transport::TransportKind::Tls;
    }
    if (h.port != 0) e.port = static_cast<std::uint16_t>(h.port);
    entries.push_back(std::move(e));
  }
  return transport::HostsTable(std::move(entries));
}

// c-ares on this worker's loop. The server addresses were validated with the configuration, so a
// failure here is a start-up failure: STYLE §6 ends the process with a clear message.
std::unique_ptr<transport::AresDnsClient> makeDns(transport::EventLoop& loop, const config::ServerConfig& c) {
  transport::DnsSettings s;
  s.servers = c.dns.servers;
  s.timeout = std::chrono::milliseconds(c.dns.timeoutMs);
  s.tries = static_cast<int>(c.dns.tries);
  auto dns = transport::AresDnsClient::create(loop, s);
  if (!dns) {
    spdlog::critical("cannot start the DNS resolver: {}", dns.error().reasonPhrase());
    std::abort();
  }
  return std::move(*dns);
}

bool onlyCrlf(std::string_view b) {
  for (char c : b) {
    if (c != '\r' && c != '\n') return false;
  }
  return true;
}

std::unique_ptr<tu::ProxyCore> makeProxy(const Worker::ProxyWiring* wiring, const tu::CoreConfig& core,
                                          tu::ServerCore& server, txn::TransactionTransport& transport,
                                          tu::NextHopResolver& nextHop, const Clock& clock, TimerWheel& wheel,
                                          Random& random, unsigned index) {
  if (wiring == nullptr) return nullptr;
  return std::make_unique<tu::ProxyCore>(wiring->config, core, wiring->local, server, wiring->services, transport,
                                         nextHop, clock, wheel, random, index);
}

constexpr unsigned kFlowShift = 48;  // flow ids: worker index above, a per-worker count below

}  // namespace

Worker::Worker(const config::ServerConfig& config, const tu::CoreConfig& core, unsigned index,
               tu::RequestHandler* registrar, const ProxyWiring* proxy)
    : config_(config),
      index_(index),
      loop_(clock_),
      core_(core, random_),
      connections_(loop_, limitsFrom(config),
                   [this](transport::StreamConnection& c, std::string_view m) { onStreamMessage(c, m); }),
      dns_(makeDns(loop_, config)),
      resolver_(*dns_, random_, hostsFrom(config)),
      sender_(connections_, resolver_,
              [this](std::string_view bytes, const Error& why) { onUndelivered(bytes, why); }),
      nextHop_(resolver_),
      proxy_(makeProxy(proxy, core, core_, *this, nextHop_, clock_, loop_.timers(), random_, index)),
      table_(clock_, loop_.timers(), *this, proxy_ ? static_cast<txn::TransactionUser&>(*proxy_) : core_,
             timersFrom(config)) {
  limits_.maxMessageSize = config.transport.maxMessageSize;
  connections_.setFirstFlow((static_cast<std::uint64_t>(index) << kFlowShift) + 1);
  if (proxy_) {
    proxy_->attach(table_);
  } else {
    core_.attach(table_);
  }
  if (registrar != nullptr) core_.serve(syntax::Method::Register, *registrar);
}

Worker::~Worker() {
  if (thread_.joinable()) stop(Duration::zero());
}

Result<std::vector<transport::ListenAddress>> Worker::bind(const std::vector<transport::ListenAddress>& listen,
                                                           bool reusePort,
                                                           std::shared_ptr<const transport::TlsContext> tls) {
  // Outbound TLS (§26.2.2) is set up with the sockets: start-up, so a bad CA file stops the start.
  auto client = transport::TlsClientContext::load(tlsClientSettingsFrom(config_.tls));
  if (!client) {
    spdlog::error("{}", client.error());
    return fail(Errc::Io, "cannot load the TLS client settings", "tls", 0);
  }
  sender_.setTlsClientContext(*client);
  std::vector<transport::ListenAddress> bound;
  for (const transport::ListenAddress& l : listen) {
    transport::ListenAddress actual = l;
    if (l.kind == transport::TransportKind::Udp) {
      // Stateless replies leave from the socket that received (what NATs and clients expect).
      std::size_t slot = udp_.size();
      auto udp = transport::UdpTransport::bind(
          loop_, l.address, reusePort,
          [this, slot](std::string_view b, const transport::SocketAddress& from) { onDatagram(*udp_[slot], b, from); },
          config_.transport.udpReceiveBuffer);
      if (!udp) return tl::unexpected(udp.error());
      if (index_ == 0) {
        spdlog::debug("udp:{}: receive buffer {} bytes", (*udp)->localAddress().toString(),
                      (*udp)->receiveBufferBytes());
      }
      actual.address = (*udp)->localAddress();
      sender_.addUdp(**udp);
      udp_.push_back(std::move(*udp));
    } else {
      // TCP, or TLS over TCP (§26.2): one listener type, TLS when given a context.
      bool secure = l.kind == transport::TransportKind::Tls;
      if (secure && !tls) return fail(Errc::Missing, "a tls: listener needs a certificate", "listen", 0);
      auto tcp = transport::TcpListener::listen(loop_, l.address, reusePort, connections_, secure ? tls : nullptr);
      if (!tcp) return tl::unexpected(tcp.error());
      actual.address = (*tcp)->localAddress();
      tcp_.push_back(std::move(*tcp));
    }
    bound.push_back(actual);
  }
  return bound;
}

void Worker::setTlsContext(std::shared_ptr<const transport::TlsContext> tls) {
  loop_.post([this, tls = std::move(tls)] {
    for (auto& l : tcp_) l->setTlsContext(tls);  // TCP listeners ignore it
  });
}

void Worker::startThread() {
  thread_ = std::thread([this] { loop_.run(); });
}

void Worker::stop(Duration grace) {
  loop_.post([this] { tcp_.clear(); });  // stop accepting new connections
  if (grace > Duration::zero()) std::this_thread::sleep_for(grace);
  loop_.post([this] { connections_.closeAll(); });
  loop_.stop();
  if (thread_.joinable()) thread_.join();
  // The loop's thread has ended: its tables can be read here. Tests read this line to prove that
  // no transaction or proxied request outlived its timers.
  spdlog::info("worker {}: {} transaction(s), {} proxied request(s) alive at stop", index_, table_.size(),
               proxy_ ? proxy_->activeContexts() : 0);
}

template <class Answer>
void Worker::deliver(std::string_view bytes, syntax::Framing framing, const transport::SocketAddress& from,
                     txn::TransportTarget source, Answer&& answer) {
  ++stats_.messages;
  auto buffer = std::make_shared<const std::string>(bytes);
  auto message = syntax::parseMessage(buffer, *buffer, framing, limits_);
  if (!message) {
    ++stats_.parseErrors;
    if (auto reply = syntax::buildBadRequest(*buffer, message.error(), config_.serverName)) {
      ++stats_.badRequestsAnswered;
      answer(*reply);
    } else {
      ++stats_.malformedDropped;  // a broken response or ACK: dropped (§17.2.1, §18.1.2)
    }
    spdlog::debug("worker {}: unparsable message from {}: {}", index_, from.toString(), message.error().reasonPhrase());
    return;
  }
  if (message->isResponse() && peers_.size() > 1) {
    // A response for a client transaction of another worker (the shared socket chose us).
    auto loop = tu::loopOfBranch(message->topVia().branch);
    if (loop && *loop != index_ && *loop < peers_.size()) {
      Worker* owner = peers_[*loop];
      owner->loop_.post([owner, m = std::move(*message), source] { owner->table_.receive(m, source); });
      return;
    }
  }
  if (message->isRequest() && source.kind == transport::TransportKind::Udp) {
    // §18.2.2 and RFC 3581 §4: to maddr if present; else the source address (the received
    // parameter) at the source port when rport asked for it, otherwise at the sent-by port.
    transport::ResponseAddress reply = transport::unreliableResponseAddress(message->topVia(), from);
    source.address = std::move(reply.host);  // the source address, or maddr
    source.port = reply.port;
  }
  table_.receive(*message, source);
}

void Worker::onDatagram(transport::UdpTransport& udp, std::string_view bytes, const transport::SocketAddress& from) {
  if (onlyCrlf(bytes)) return;  // a CRLF keep-alive on UDP needs no answer
  txn::TransportTarget source = txn::TransportTarget::of(transport::TransportKind::Udp, from.ip(), from.port());
  deliver(bytes, syntax::Framing::Datagram, from, std::move(source),
          [&](std::string_view reply) { (void)udp.send(reply, from); });
}

void Worker::onStreamMessage(transport::StreamConnection& conn, std::string_view bytes) {
  txn::TransportTarget source =
      txn::TransportTarget::of(conn.kind(), conn.remote().ip(), conn.remote().port(), conn.flow());
  deliver(bytes, syntax::Framing::Stream, conn.remote(), std::move(source),
          [&](std::string_view reply) { (void)conn.send(reply); });
}

Worker* Worker::ownerOf(std::uint64_t flow) const noexcept {
  const auto index = static_cast<std::size_t>(flow >> kFlowShift);
  return index != index_ && index < peers_.size() ? peers_[index] : nullptr;
}

Result<void> Worker::send(const txn::TransportTarget& target, std::string_view bytes) noexcept {
  if (Worker* owner = target.flow != 0 ? ownerOf(target.flow) : nullptr) {
    // Another worker's connection: it sends. A failure there is not reported back to our
    // transaction, which then ends by its timer (Timer B/F) instead of at once.
    owner->loop_.post([owner, target, copy = std::string(bytes)] { (void)owner->send(target, copy); });
    return {};
  }
  Result<void> sent = sender_.send({target.kind, target.address, target.port, target.flow}, bytes, target.serverName);
  if (!sent) {
    spdlog::debug("worker {}: cannot send to {}:{} ({}): {}", index_, target.address, target.port,
                  transport::viaToken(target.kind), sent.error().reasonPhrase());
  }
  return sent;
}

void Worker::onUndelivered(std::string_view bytes, const Error& why) noexcept {
  auto message = syntax::parseMessage(std::string(bytes));
  spdlog::debug("worker {}: {} not delivered: {}", index_,
                message && message->isRequest() ? "request" : "message", why.reasonPhrase());
  // §17.1.4: the client transaction that sent it reports a transport error to the TU.
  if (message) table_.transportError(*message);
}

}  // namespace parley::app
