// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "transport/dns_client.hpp"
#include "transport/event_loop.hpp"

struct ares_channeldata;

namespace parley::transport {

// Where DNS questions go ([dns] in the configuration). Plain value; any thread.
struct DnsSettings {
  std::vector<std::string> servers;  // "127.0.0.1:5353", "[::1]:53"; empty: /etc/resolv.conf
  Duration timeout = std::chrono::seconds(2);  // per try and server
  int tries = 2;
};

// AresDnsClient answers the DnsClient questions with c-ares (an asynchronous stub resolver)
// driven by one EventLoop: c-ares tells us which of its sockets to watch (the socket-state
// callback registers them with the loop), readiness is handed to ares_process_fd, and its
// retransmission and timeout schedule runs on one loop timer re-armed after every step. Nothing
// ever blocks the loop. Outstanding queries are dropped without completing when it is
// destroyed. Owned by the worker; loop thread only.
class AresDnsClient final : public DnsClient {
 public:
  // Start-up only: fails when c-ares cannot be initialised or a server address is invalid.
  [[nodiscard]] static Result<std::unique_ptr<AresDnsClient>> create(EventLoop& loop, const DnsSettings& settings);
  ~AresDnsClient() override;
  AresDnsClient(const AresDnsClient&) = delete;
  AresDnsClient& operator=(const AresDnsClient&) = delete;

  // DnsClient
  void query(std::string_view name, DnsType type, Completion done) noexcept override;

  [[nodiscard]] std::size_t socketsWatched() const noexcept { return watched_.size(); }

 private:
  struct Query;
  explicit AresDnsClient(EventLoop& loop) noexcept : loop_(loop) {}
  static void onSocketState(void* self, int fd, int readable, int writable);
  static void onAnswer(void* query, int status, int timeouts, unsigned char* answer, int length);
  void process(int readFd, int writeFd) noexcept;
  void rearmTimer() noexcept;

  EventLoop& loop_;
  ares_channeldata* channel_ = nullptr;
  std::unordered_set<int> watched_;
  TimerId timer_;
};

}  // namespace parley::transport
