// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "transport/stream_connection.hpp"

namespace parley::transport {

struct ConnectionLimits {
  std::size_t maxConnections = 20000;  // per event loop
  std::size_t maxPerSource = 200;      // per remote IP address
  StreamLimits stream;
};

struct ConnectionStats {
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;        // over a limit
  std::uint64_t closedIdle = 0;
  std::uint64_t closedFraming = 0;  // framing errors and oversize messages
  std::uint64_t closedQueueFull = 0;
  std::uint64_t handshakeFailed = 0;    // TLS handshakes the peer failed (version, certificate ...)
  std::uint64_t handshakeTimedOut = 0;  // TLS handshakes not finished in time
  std::uint64_t connected = 0;          // outbound connections opened (§18.1.1)
  std::uint64_t connectFailed = 0;      // outbound connections refused, unreachable or timed out
};

// ConnectionTable owns the stream connections (flows) of one event loop: it adopts accepted
// sockets within the configured limits (total and per source address), gives each a flow id that
// upper layers use to send back over the same connection (RFC 3261 §18.2.2, RFC 5626), finds a
// live connection to a remote address for reuse (§18.1.1), opens outbound connections when there
// is none, and destroys closed connections after the current callback chain returns. Owned by the
// worker; loop thread only.
class ConnectionTable {
 public:
  using MessageHandler = std::function<void(StreamConnection&, std::string_view message)>;
  // Makes the byte layer for an admitted socket (e.g. a TLS session); nullptr refuses it.
  using IoFactory = std::function<std::unique_ptr<StreamIo>(int fd)>;

  // What the owner of outbound connections hears about a flow: established (connected, TLS
  // handshake done) and closed (with `established()` still telling whether it ever was).
  struct FlowEvents {
    std::function<void(StreamConnection&)> onEstablished;
    std::function<void(StreamConnection&, CloseReason)> onClosed;
  };

  ConnectionTable(EventLoop& loop, ConnectionLimits limits, MessageHandler onMessage);
  ~ConnectionTable();
  ConnectionTable(const ConnectionTable&) = delete;
  ConnectionTable& operator=(const ConnectionTable&) = delete;

  // Takes ownership of a connected socket. Over a limit the socket is closed and 0 returned.
  // The limits are checked before `makeIo` runs, so a refused peer costs no TLS session; without
  // `makeIo` the connection is plain TCP.
  std::uint64_t adopt(int fd, TransportKind kind, const SocketAddress& local, const SocketAddress& remote,
                      const IoFactory& makeIo = {});

  // Opens a connection to `remote` (RFC 3261 §18.1.1): a non-blocking connect on the loop; the
  // byte layer comes from `makeIo` (TLS client session) or is plain TCP. Bytes sent on the new
  // connection are queued until it is established. Returns its flow id; fails at once when over a
  // limit or when the kernel refuses the connect immediately. Later failures close the connection
  // with CloseReason::ConnectFailed / HandshakeFailed / HandshakeTimeout (see FlowEvents).
  [[nodiscard]] Result<std::uint64_t> connect(TransportKind kind, const SocketAddress& remote,
                                              const IoFactory& makeIo = {}) noexcept;
  void setFlowEvents(FlowEvents events) { flowEvents_ = std::move(events); }

  // Flow ids count up from `first` (a worker puts its index in the top bits); before any connection.
  void setFirstFlow(std::uint64_t first) noexcept { nextFlow_ = first; }
  [[nodiscard]] StreamConnection* find(std::uint64_t flow) noexcept;
  [[nodiscard]] StreamConnection* findByRemote(TransportKind kind, const SocketAddress& remote) noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return connections_.size(); }
  [[nodiscard]] const ConnectionStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const ConnectionLimits& limits() const noexcept { return limits_; }

  // Closes every connection (shutdown).
  void closeAll() noexcept;

 private:
  void onClosed(StreamConnection& c, CloseReason reason) noexcept;
  // Checks the limits for `remote`; on success the caller must insert() (which counts it).
  [[nodiscard]] bool admits(const std::string& ip) noexcept;
  // Makes the connection and registers it (startConnecting for outbound); 0 when it failed.
  std::uint64_t insert(int fd, TransportKind kind, const SocketAddress& local, const SocketAddress& remote,
                       std::unique_ptr<StreamIo> io, bool outbound) noexcept;

  EventLoop& loop_;
  ConnectionLimits limits_;
  MessageHandler onMessage_;
  FlowEvents flowEvents_;
  std::uint64_t nextFlow_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<StreamConnection>> connections_;
  std::unordered_map<std::string, std::size_t> perSource_;  // remote IP -> live connections
  std::vector<std::unique_ptr<StreamConnection>> closed_;   // destroyed on the next timer tick
  TimerId reaper_;
  ConnectionStats stats_;
};

}  // namespace parley::transport
