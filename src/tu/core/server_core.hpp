// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include "base/random.hpp"
#include "syntax/message.hpp"
#include "tu/core/core_config.hpp"
#include "tu/core/request_handler.hpp"
#include "txn/transaction_table.hpp"
#include "txn/transaction_user.hpp"

namespace parley::tu {

// Counters of the core, read by metrics (later) and tests. Loop thread only.
struct CoreStats {
  std::uint64_t requests = 0;
  std::uint64_t strayResponses = 0;
  std::uint64_t strayAcks = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t transportErrors = 0;
};

// ServerCore is the transaction user that answers requests as the server itself (RFC 3261 §8.2,
// the UAS core's checks, in the RFC's order): 501 for an unknown method and 405 (with Allow) for
// a known one we do not serve yet (§8.2.1); 416 for an unsupported URI scheme and 404 for a
// Request-URI that is not ours (§8.2.2.1); 420 with Unsupported for a Require extension (§8.2.2.3);
// 481 for a CANCEL that matches no transaction (§9.2). OPTIONS addressed to us gets 200 OK with
// Allow, Accept, Supported and Server (§11.2). A method with a RequestHandler (REGISTER: the
// registrar, §10.3) goes to it once the shared checks pass. ACKs and stray responses are counted
// and dropped.
// One per event loop, owned by the worker next to the TransactionTable it answers through.
class ServerCore final : public txn::TransactionUser {
 public:
  ServerCore(const CoreConfig& config, Random& random) noexcept : config_(config), random_(random) {}

  // Hands every `method` request to `handler` (which outlives the core) once the §8.2 checks pass.
  // Call before the loop runs. Only REGISTER is routed this way so far.
  void serve(syntax::Method method, RequestHandler& handler) noexcept;

  // The table is created after the core (it needs the core as its TU); attach it before the loop runs.
  void attach(txn::TransactionTable& table) noexcept { table_ = &table; }

  [[nodiscard]] const CoreStats& stats() const noexcept { return stats_; }

  // True when `uri` names this server: no user part and a host that is one of our domains or
  // addresses (§11: OPTIONS to the server itself).
  [[nodiscard]] bool isAddressedToUs(const syntax::Uri& uri) const noexcept;
  [[nodiscard]] bool isOurDomain(std::string_view host) const noexcept;

  // txn::TransactionUser
  void onRequest(txn::TransactionId id, const syntax::SipMessage& request,
                 const txn::TransportTarget& source) noexcept override;
  void onAck(txn::TransactionId id, const syntax::SipMessage& ack, const txn::TransportTarget& source) noexcept override;
  void onResponse(txn::TransactionId id, const syntax::SipMessage& response) noexcept override;
  void onStrayResponse(const syntax::SipMessage& response) noexcept override;
  void onTimeout(txn::TransactionId id, txn::Timeout timer) noexcept override;
  void onTransportError(txn::TransactionId id) noexcept override;
  void onTerminated(txn::TransactionId id) noexcept override;

  // Sends `answer` to `request` in server transaction `id` (§8.2.6: a To tag above 100, Server,
  // received/rport in the top Via for `source`). Other transaction users (the proxy) answer
  // through it too.
  void respond(txn::TransactionId id, const syntax::SipMessage& request, const txn::TransportTarget& source,
               const Reply& answer) noexcept;

  // The Allow header line a 200 to OPTIONS and a 405 carry: the methods served (§20.5).
  [[nodiscard]] const std::string& allowLine() const noexcept { return allow_; }
  // Accept and Supported lines of a 200 to OPTIONS (§11.2); Supported lists CoreConfig::supported
  // (an empty list is allowed, §20.37).
  [[nodiscard]] std::string capabilityLines() const;

 private:
  // Picks the answer to a request per §8.2, asking the method's handler when there is one.
  Reply decide(const syntax::SipMessage& request, const txn::TransportTarget& source) const;
  // §8.2.2.3: the Require option tags we do not support, as an Unsupported line; empty when none.
  Result<std::string> unsupportedLine(const syntax::SipMessage& request) const;

  const CoreConfig& config_;
  Random& random_;
  txn::TransactionTable* table_ = nullptr;
  RequestHandler* registrar_ = nullptr;
  std::string allow_ = "Allow: OPTIONS, ACK, CANCEL\r\n";
  CoreStats stats_;
};

}  // namespace parley::tu
