// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "txn/client_transaction.hpp"
#include "txn/server_transaction.hpp"
#include "txn/transaction_env.hpp"
#include "txn/transaction_matching.hpp"

namespace parley::txn {

// TransactionTable models the transaction layer of one event loop (RFC 3261 §17): it owns every
// live client and server transaction, matches incoming messages to them (§17.1.3, §17.2.3, with
// the RFC 2543 fallback), creates server transactions for new requests, and starts client
// transactions for the TU. Messages that match nothing go to the TU: requests through a new
// server transaction, ACKs and responses directly (§17.2.3, §18.1.2).
//
// A transaction that reaches Terminated leaves the indexes at once and is destroyed from a
// zero-delay timer, i.e. on the next TimerWheel::advance(), never while it is on the call stack.
// Owned by the event loop, created after and destroyed before the clock, wheel, transport and TU
// it references; only that loop's thread touches it.
class TransactionTable final : private TransactionOwner {
 public:
  TransactionTable(const Clock& clock, TimerWheel& wheel, TransactionTransport& transport, TransactionUser& tu,
                   TimerConfig config = {}) noexcept;
  TransactionTable(const TransactionTable&) = delete;
  TransactionTable& operator=(const TransactionTable&) = delete;
  ~TransactionTable() override;

  // A message from the transport layer, already parsed; `source` is where it came from.
  void receive(const syntax::SipMessage& message, const TransportTarget& source) noexcept;

  // Starts a client transaction for `request` towards `target` and sends it. The request's top Via
  // must carry an RFC 3261 branch unique to it (§8.1.1.7); ACK is never sent in a transaction.
  [[nodiscard]] Result<TransactionId> sendRequest(syntax::SipMessage request, TransportTarget target) noexcept;

  // The transport could not deliver `sent` after its send() had succeeded (a connection that never
  // came up, a name that did not resolve). For a request of a live client transaction, that
  // transaction reports onTransportError and terminates (§17.1.4); anything else is ignored.
  void transportError(const syntax::SipMessage& sent) noexcept;

  // Sends the TU's response in server transaction `id`.
  [[nodiscard]] Result<void> respond(TransactionId id, const syntax::SipMessage& response) noexcept;

  // §9.2: the live INVITE server transaction that `cancel` refers to.
  [[nodiscard]] std::optional<TransactionId> findCancelTarget(const syntax::SipMessage& cancel) const noexcept;

  [[nodiscard]] const Transaction* find(TransactionId id) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return transactions_.size(); }

 private:
  enum class Index : std::uint8_t { Server, Rfc2543Server, Client };
  struct Entry {
    std::unique_ptr<Transaction> owner;
    ServerTransaction* server = nullptr;
    ClientTransaction* client = nullptr;
    Index index = Index::Server;
    std::string key;
  };

  // TransactionOwner
  void retire(TransactionId id) noexcept override;

  void receiveRequest(const syntax::SipMessage& request, const TransportTarget& source) noexcept;
  void receiveResponse(const syntax::SipMessage& response) noexcept;
  [[nodiscard]] ServerTransaction* matchServer(const syntax::SipMessage& request, MatchAs as) const noexcept;
  void createServer(const syntax::SipMessage& request, const TransportTarget& source) noexcept;

  TransactionEnv env_;
  TransactionId nextId_ = 1;
  std::unordered_map<TransactionId, Entry> transactions_;
  std::unordered_map<std::string, TransactionId> servers_;                // RFC 3261 branch keys
  std::unordered_multimap<std::string, TransactionId> rfc2543Servers_;  // Call-ID + CSeq buckets
  std::unordered_map<std::string, TransactionId> clients_;
  std::vector<std::unique_ptr<Transaction>> retired_;
  TransactionTimer sweep_;
};

}  // namespace parley::txn
