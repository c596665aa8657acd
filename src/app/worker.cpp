// SPDX-License-Identifier: MIT
#include "app/worker.hpp"

#include <spdlog/spdlog.h>

#include "syntax/bad_request.hpp"

namespace parley::app {
namespace {

txn::TimerConfig timersFrom(const config::ServerConfig& c) {
  txn::TimerConfig t;
  t.t1 = std::chrono::milliseconds(c.timers.t1);
  t.t2 = std::chrono::milliseconds(c.timers.t2);
  t.t4 = std::chrono::milliseconds(c.timers.t4);
  return t;
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

bool onlyCrlf(std::string_view b) {
  for (char c : b) {
    if (c != '\r' && c != '\n') return false;
  }
  return true;
}

}  // namespace

Worker::Worker(const config::ServerConfig& config, const tu::CoreConfig& core, unsigned index,
               tu::RequestHandler* registrar)
    : config_(config),
      index_(index),
      loop_(clock_),
      core_(core, random_),
      connections_(loop_, limitsFrom(config),
                   [this](transport::StreamConnection& c, std::string_view m) { onStreamMessage(c, m); }),
      table_(clock_, loop_.timers(), *this, core_, timersFrom(config)) {
  limits_.maxMessageSize = config.transport.maxMessageSize;
  core_.attach(table_);
  if (registrar != nullptr) core_.serve(syntax::Method::Register, *registrar);
}

Worker::~Worker() {
  if (thread_.joinable()) stop(Duration::zero());
}

Result<std::vector<transport::ListenAddress>> Worker::bind(const std::vector<transport::ListenAddress>& listen,
                                                           bool reusePort,
                                                           std::shared_ptr<const transport::TlsContext> tls) {
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
  if (message->isRequest() && source.kind == transport::TransportKind::Udp) {
    // §18.2.2 and RFC 3581 §4: answer to the source port when rport asked for it, otherwise to
    // the sent-by port, always at the source address (the received parameter).
    // A sent-by port of 0 cannot be answered; the source port is the only usable one then.
    const syntax::Via& via = message->topVia();
    source.port = via.rport || via.port == 0 ? from.port() : via.port.value_or(5060);
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

Result<void> Worker::send(const txn::TransportTarget& target, std::string_view bytes) noexcept {
  Result<void> sent = sendTo(target, bytes);
  if (!sent) {
    spdlog::debug("worker {}: cannot send to {}:{} ({}): {}", index_, target.address, target.port,
                  transport::viaToken(target.kind), sent.error().reasonPhrase());
  }
  return sent;
}

Result<void> Worker::sendTo(const txn::TransportTarget& target, std::string_view bytes) noexcept {
  auto address = transport::SocketAddress::fromIpPort(target.address, target.port);
  if (target.kind == transport::TransportKind::Udp) {
    // TODO(3): host names need the RFC 3263 resolver; until then only IP literals are reachable.
    if (!address) return fail(Errc::Unsupported, "no resolver yet for host names", "transport", 0);
    for (auto& u : udp_) {
      if (u->localAddress().family() == address->family()) return u->send(bytes, *address);
    }
    return fail(Errc::Io, "no UDP socket of the target's address family", "transport", 0);
  }
  if (target.flow != 0) {
    if (transport::StreamConnection* c = connections_.find(target.flow)) return c->send(bytes);
  }
  if (address) {
    if (transport::StreamConnection* c = connections_.findByRemote(target.kind, *address)) return c->send(bytes);
  }
  // TODO(3): outbound TCP/TLS connections (§18.1.1) are not implemented yet.
  return fail(Errc::Io, "no connection to the target", "transport", 0);
}

}  // namespace parley::app
