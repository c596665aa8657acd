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
};

// ConnectionTable owns the stream connections (flows) of one event loop: it adopts accepted
// sockets within the configured limits (total and per source address), gives each a flow id that
// upper layers use to send back over the same connection (RFC 3261 §18.2.2, RFC 5626), finds a
// live connection to a remote address for reuse (§18.1.1), and destroys closed connections after
// the current callback chain returns. Owned by the worker; loop thread only.
class ConnectionTable {
 public:
  using MessageHandler = std::function<void(StreamConnection&, std::string_view message)>;
  // Makes the byte layer for an admitted socket (e.g. a TLS session); nullptr refuses it.
  using IoFactory = std::function<std::unique_ptr<StreamIo>(int fd)>;

  ConnectionTable(EventLoop& loop, ConnectionLimits limits, MessageHandler onMessage);
  ~ConnectionTable();
  ConnectionTable(const ConnectionTable&) = delete;
  ConnectionTable& operator=(const ConnectionTable&) = delete;

  // Takes ownership of a connected socket. Over a limit the socket is closed and 0 returned.
  // The limits are checked before `makeIo` runs, so a refused peer costs no TLS session; without
  // `makeIo` the connection is plain TCP.
  std::uint64_t adopt(int fd, TransportKind kind, const SocketAddress& local, const SocketAddress& remote,
                      const IoFactory& makeIo = {});

  [[nodiscard]] StreamConnection* find(std::uint64_t flow) noexcept;
  [[nodiscard]] StreamConnection* findByRemote(TransportKind kind, const SocketAddress& remote) noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return connections_.size(); }
  [[nodiscard]] const ConnectionStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const ConnectionLimits& limits() const noexcept { return limits_; }

  // Closes every connection (shutdown).
  void closeAll() noexcept;

 private:
  void onClosed(StreamConnection& c, CloseReason reason) noexcept;

  EventLoop& loop_;
  ConnectionLimits limits_;
  MessageHandler onMessage_;
  std::uint64_t nextFlow_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<StreamConnection>> connections_;
  std::unordered_map<std::string, std::size_t> perSource_;  // remote IP -> live connections
  std::vector<std::unique_ptr<StreamConnection>> closed_;   // destroyed on the next timer tick
  TimerId reaper_;
  ConnectionStats stats_;
};

}  // namespace parley::transport
