// SPDX-License-Identifier: MIT
#include "transport/message_sender.hpp"

#include <optional>

#include "transport/send_rules.hpp"
#include "transport/tls_stream_io.hpp"

namespace parley::transport {
namespace {

Error closeError(CloseReason reason) noexcept {
  switch (reason) {
    case CloseReason::ConnectFailed: return {Errc::Io, 0, 0, "connection refused or timed out", "transport"};
    case CloseReason::HandshakeFailed:
      return {Errc::Io, 0, 0, "TLS handshake or certificate check failed", "transport"};
    case CloseReason::HandshakeTimeout: return {Errc::Io, 0, 0, "TLS handshake timed out", "transport"};
    default: return {Errc::Io, 0, 0, "connection closed before it was established", "transport"};
  }
}

}  // namespace

MessageSender::MessageSender(ConnectionTable& connections, SipResolver& resolver, FailureHandler onFailure)
    : connections_(connections), resolver_(resolver), onFailure_(std::move(onFailure)) {
  connections_.setFlowEvents({
      [this](StreamConnection& c) { waiting_.erase(c.flow()); },  // queued bytes are on their way
      [this](StreamConnection& c, CloseReason r) { onClosed(c, r); },
  });
}

MessageSender::~MessageSender() {
  *alive_ = false;
  connections_.setFlowEvents({});
}

std::size_t MessageSender::waitingForConnection() const noexcept {
  std::size_t n = 0;
  for (const auto& [flow, list] : waiting_) n += list.size();
  return n;
}

Result<void> MessageSender::send(const SendTarget& target, std::string_view bytes, std::string_view serverName) noexcept {
  // §18.2.2 / RFC 5626: the connection the request came on (or the flow the TU chose).
  std::uint16_t port = target.port;
  if (target.flow != 0) {
    if (StreamConnection* c = connections_.find(target.flow)) return c->send(bytes);
    // That connection is gone: a response goes to the source address at the sent-by port (the
    // source port of a closed connection is the peer's ephemeral one).
    if (isReliable(target.kind) && bytes.starts_with("SIP/")) {
      auto sentBy = sentByPortOfResponse(bytes, target.kind);
      if (!sentBy) return tl::unexpected(sentBy.error());
      port = *sentBy;
    }
  }
  TransportKind kind = target.kind;
  std::string rewritten;
  std::string_view udpFallback;
  if (needsCongestionControl(kind, bytes)) {
    auto moved = withTopViaTransport(bytes, TransportKind::Tcp);
    if (moved) {  // an unparsable request keeps UDP (it was built by us; this is not expected)
      kind = TransportKind::Tcp;
      rewritten = std::move(*moved);
      udpFallback = bytes;
      bytes = rewritten;
      ++movedToTcp_;
    }
  }
  if (auto address = SocketAddress::fromIpPort(target.host, port)) {
    return sendTo(kind, *address, serverName.empty() ? target.host : std::string(serverName), bytes, udpFallback);
  }
  // A host name: RFC 3263 §4.2 with transport and port already chosen, i.e. A/AAAA only.
  // The bytes are kept until the answer comes; an answer given at once is handled right here so
  // that an error reaches the caller as the result of send(), not as a callback inside it.
  struct Job {
    std::string bytes, udpFallback, host;
    TransportKind kind;
    bool inSend = true;
    std::optional<Result<void>> immediate;
  };
  auto job =
      std::make_shared<Job>(Job{std::string(bytes), std::string(udpFallback), target.host, kind, true, std::nullopt});
  resolver_.resolveAddress(target.host, kind, port,
                           [this, job, alive = alive_](Result<std::vector<ResolvedTarget>> targets) {
                             if (!*alive) return;
                             Result<void> r = targets ? sendTo(job->kind, targets->front().address, job->host,
                                                               job->bytes, job->udpFallback)
                                                      : Result<void>(tl::unexpected(targets.error()));
                             if (job->inSend) {
                               job->immediate = r;
                             } else if (!r) {
                               onFailure_(job->bytes, r.error());
                             }
                           });
  job->inSend = false;
  return job->immediate.value_or(Result<void>{});
}

Result<void> MessageSender::sendTo(TransportKind kind, const SocketAddress& address, const std::string& serverName,
                                   std::string_view bytes, std::string_view udpFallback) noexcept {
  if (kind == TransportKind::Udp) return sendUdp(address, bytes);
  return sendStream(kind, address, serverName, bytes, udpFallback);
}

Result<void> MessageSender::sendUdp(const SocketAddress& address, std::string_view bytes) noexcept {
  for (UdpTransport* u : udp_) {
    if (u->localAddress().family() == address.family()) return u->send(bytes, address);
  }
  return fail(Errc::Io, "no UDP socket of the target's address family", "transport", 0);
}

Result<void> MessageSender::sendStream(TransportKind kind, const SocketAddress& address, const std::string& serverName,
                                       std::string_view bytes, std::string_view udpFallback) noexcept {
  StreamConnection* c = connections_.findByRemote(kind, address);
  if (c == nullptr) {
    ConnectionTable::IoFactory makeIo;
    if (kind == TransportKind::Tls) {
      if (!tls_) return fail(Errc::Unsupported, "no TLS client configuration", "transport", 0);
      makeIo = [tls = tls_, &serverName](int fd) -> std::unique_ptr<StreamIo> {
        return TlsStreamIo::connect(tls, fd, serverName);
      };
    }
    auto flow = connections_.connect(kind, address, makeIo);
    if (!flow) {
      // §18.1.1: moved to TCP for its size and TCP is refused at once: UDP after all.
      if (!udpFallback.empty()) return sendUdp(address, udpFallback);
      return tl::unexpected(flow.error());
    }
    c = connections_.find(*flow);
    if (c == nullptr) return fail(Errc::Io, "connection closed at once", "transport", 0);
  }
  bool established = c->established();
  std::uint64_t flow = c->flow();
  if (auto r = c->send(bytes); !r) return r;
  if (!established) waiting_[flow].push_back({std::string(bytes), std::string(udpFallback), address});
  return {};
}

void MessageSender::onClosed(StreamConnection& c, CloseReason reason) noexcept {
  if (c.established()) return;
  auto it = waiting_.find(c.flow());
  if (it == waiting_.end()) return;
  std::vector<Waiting> undelivered = std::move(it->second);
  waiting_.erase(it);
  Error why = closeError(reason);
  for (Waiting& w : undelivered) {
    if (!w.udpFallback.empty() && reason == CloseReason::ConnectFailed && sendUdp(w.address, w.udpFallback)) continue;
    onFailure_(w.bytes, why);
  }
}

}  // namespace parley::transport
