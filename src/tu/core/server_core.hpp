// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include "base/random.hpp"
#include "syntax/message.hpp"
#include "tu/core/core_config.hpp"
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
// Allow, Accept, Supported and Server (§11.2). The registrar and proxy take over REGISTER and the
// forwarding cases in later issues. ACKs and stray responses are counted and dropped.
// One per event loop, owned by the worker next to the TransactionTable it answers through.
class ServerCore final : public txn::TransactionUser {
 public:
  ServerCore(const CoreConfig& config, Random& random) noexcept : config_(config), random_(random) {}

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

  // The header lines a 200 to OPTIONS and a 405 carry (Allow, Accept, Supported).
  // Supported is empty until an extension is implemented (§20.37 allows an empty list).
  static constexpr std::string_view kAllow = "Allow: OPTIONS, ACK, CANCEL\r\n";
  static constexpr std::string_view kCapabilities = "Accept: application/sdp\r\nSupported: \r\n";

 private:
  // Picks the status (and extra header lines) for a request per §8.2.
  std::uint16_t decide(const syntax::SipMessage& request, std::string& extraHeaders) const;
  void reply(txn::TransactionId id, const syntax::SipMessage& request, const txn::TransportTarget& source,
             std::uint16_t status, std::string_view extraHeaders) noexcept;

  const CoreConfig& config_;
  Random& random_;
  txn::TransactionTable* table_ = nullptr;
  CoreStats stats_;
};

}  // namespace parley::tu
