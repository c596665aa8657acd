// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/clock.hpp"
#include "base/random.hpp"
#include "base/timer_wheel.hpp"
#include "base/wall_clock.hpp"
#include "location/credential_store.hpp"
#include "location/location_store.hpp"
#include "tu/auth/digest_authenticator.hpp"
#include "tu/core/core_config.hpp"
#include "tu/core/server_core.hpp"
#include "tu/proxy/branch_request.hpp"
#include "tu/proxy/local_addresses.hpp"
#include "tu/proxy/next_hop.hpp"
#include "tu/proxy/proxy_config.hpp"
#include "tu/proxy/response_context.hpp"
#include "txn/transaction_table.hpp"
#include "txn/transaction_timer.hpp"
#include "txn/transaction_transport.hpp"
#include "txn/transaction_user.hpp"

namespace parley::tu {

// What the proxy core reads beyond its own loop, shared by every worker and owned by the
// application: the location service (§10; null: no user is registered), the user database and
// digest authenticator for 407 (null: no proxy authentication), the wall clock of bindings and
// nonces, and this process's node id (a binding's connection is usable only on its own node).
struct ProxyServices {
  location::LocationStore* bindings = nullptr;
  location::CredentialStore* users = nullptr;
  auth::DigestAuthenticator* digest = nullptr;
  const WallClock* wallClock = nullptr;
  std::string node;
};

// Counters of one proxy core; loop thread only (metrics read them through the worker later).
struct ProxyStats {
  std::uint64_t proxied = 0;       // requests that got a response context
  std::uint64_t challenged = 0;    // 407s sent
  std::uint64_t redirected = 0;    // 302s sent
  std::uint64_t statelessAcks = 0;
  std::uint64_t strayForwarded = 0;
  std::uint64_t strayDropped = 0;
};

// ProxyCore is the transaction user of a Parley worker when it proxies (RFC 3261 §16): requests
// addressed to the server itself (OPTIONS to us, REGISTER for our domains, CANCEL of what we did
// not proxy) go to the ServerCore; every other request is validated (§16.3), has its Route set
// preprocessed (§16.4), is authenticated with 407 when it comes from one of our users (§22.3,
// RFC 3665 §3.2), gets its target set from the location service (our domains) or its Request-URI
// / Route (others, in-dialog requests) (§16.5), and is forked through client transactions, one
// per target, by a ResponseContext (§16.6, §16.7) that decides which responses go upstream.
// CANCEL is answered and propagated (§16.10), Timer C runs per INVITE branch (§16.8), a branch
// whose next hop fails moves to the next RFC 3263 address (§16.9), ACKs for 2xx and stray 2xx
// are forwarded statelessly (§16.11, §16.7). In redirect mode a request for one of our users is
// answered 302 with the contacts instead (§8.3, RFC 3665 §3.6).
// One per event loop, owned by the worker next to the TransactionTable it uses; loop thread only.
class ProxyCore final : public txn::TransactionUser {
 public:
  // `loop` names this event loop in the branches it makes (makeBranch), so responses can be
  // routed to it. Every reference outlives the core.
  ProxyCore(const ProxyConfig& config, const CoreConfig& core, const LocalAddresses& local, ServerCore& server,
            ProxyServices services, txn::TransactionTransport& transport, NextHopResolver& resolver,
            const Clock& clock, TimerWheel& wheel, Random& random, unsigned loop);
  ~ProxyCore() override;
  ProxyCore(const ProxyCore&) = delete;
  ProxyCore& operator=(const ProxyCore&) = delete;

  // The table is created after the core (it needs it as its TU); attach before the loop runs.
  void attach(txn::TransactionTable& table) noexcept;

  [[nodiscard]] const ProxyStats& stats() const noexcept { return stats_; }
  // Response contexts alive (requests being proxied); 0 when the proxy is idle.
  [[nodiscard]] std::size_t activeContexts() const noexcept { return contexts_.size(); }

  // txn::TransactionUser
  void onRequest(txn::TransactionId id, const syntax::SipMessage& request,
                 const txn::TransportTarget& source) noexcept override;
  void onAck(txn::TransactionId id, const syntax::SipMessage& ack, const txn::TransportTarget& source) noexcept override;
  void onResponse(txn::TransactionId id, const syntax::SipMessage& response) noexcept override;
  void onStrayResponse(const syntax::SipMessage& response) noexcept override;
  void onTimeout(txn::TransactionId id, txn::Timeout timer) noexcept override;
  void onTransportError(txn::TransactionId id) noexcept override;
  void onTerminated(txn::TransactionId id) noexcept override;

 private:
  struct Branch;
  struct Context;
  // How a request is served: by the server itself, answered here, or forwarded to targets.
  struct Decision;

  [[nodiscard]] Decision decide(txn::TransactionId id, const syntax::SipMessage& request,
                                const txn::TransportTarget& source) noexcept;
  [[nodiscard]] std::optional<Reply> authenticate(const syntax::SipMessage& request, ForwardPlan& plan) noexcept;
  [[nodiscard]] bool fromOurDomain(const syntax::SipMessage& request) const noexcept;
  void onCancel(txn::TransactionId id, const syntax::SipMessage& cancel, const txn::TransportTarget& source) noexcept;

  void execute(Context& ctx, const ContextActions& actions, const syntax::SipMessage* response) noexcept;
  void startBranch(Context& ctx, BranchIndex b) noexcept;
  void launch(Context& ctx, BranchIndex b) noexcept;
  void branchFailed(Context& ctx, BranchIndex b, bool timedOut) noexcept;
  // Client transaction `id` timed out or failed to send: the next address, or the branch failed.
  void clientEnded(txn::TransactionId id, bool timedOut) noexcept;
  void cancelBranch(Context& ctx, BranchIndex b) noexcept;
  void armTimerC(Context& ctx, BranchIndex b) noexcept;
  void forwardResponse(Context& ctx, const syntax::SipMessage& response,
                       const std::vector<HeaderLine>& extra) noexcept;
  void sendFinal(Context& ctx, const FinalResponse& final) noexcept;
  // Destroys contexts whose work is done, outside every callback that may still use them.
  void settle(txn::TransactionId server) noexcept;

  void forwardAckStatelessly(const syntax::SipMessage& ack, const txn::TransportTarget& source) noexcept;

  const ProxyConfig& config_;
  const CoreConfig& core_;
  IsOurAddress ours_;
  ServerCore& server_;
  ProxyServices services_;
  txn::TransactionTransport& transport_;
  NextHopResolver& resolver_;
  const Clock& clock_;
  TimerWheel& wheel_;
  Random& random_;
  unsigned loop_;
  txn::TransactionTable* table_ = nullptr;

  std::unordered_map<txn::TransactionId, std::unique_ptr<Context>> contexts_;  // by server transaction
  struct BranchRef {
    txn::TransactionId server;
    BranchIndex branch;
  };
  std::unordered_map<txn::TransactionId, BranchRef> clients_;  // client transaction -> its branch
  std::unordered_set<txn::TransactionId> cancels_;             // our CANCEL client transactions
  // Next hops that answered 503 with Retry-After (§21.5.4), by "transport:address:port": not
  // tried again before the time given; branches to them fail over at once.
  std::unordered_map<std::string, TimePoint> unavailable_;
  // A client transaction being started: its synchronous send failure is noted here (the id is
  // not known until sendRequest returns).
  bool launching_ = false;
  bool launchFailed_ = false;
  int depth_ = 0;  // nesting of execute(); contexts are destroyed only at depth 0
  ProxyStats stats_;
  // Resolutions completing after the core is gone do nothing.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace parley::tu
