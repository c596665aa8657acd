// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "syntax/message.hpp"
#include "txn/transport_target.hpp"

namespace parley::txn {

// Names one transaction for the life of its table; never reused. 0 names none.
using TransactionId = std::uint64_t;
inline constexpr TransactionId kNoTransaction = 0;

// The timers whose expiry the TU must hear about: B and F are client timeouts (the TU acts as if
// a 408 was received, §8.1.3.1, §16.7), H means the ACK for a non-2xx never came (§17.2.1).
enum class Timeout : std::uint8_t { TimerB, TimerF, TimerH };

// TransactionUser is the seam to the layer above the transactions (RFC 3261 §17, "TU"): UA core,
// proxy core, registrar. The transaction machines call it; they never see its type. Every call
// happens on the event loop that owns the transaction. A callback may call back into the
// TransactionTable (respond, start a client transaction, ...); a transaction that terminates
// meanwhile stays alive until the current callback chain has returned.
// Implemented by the TU; it outlives the transaction table.
class TransactionUser {
 public:
  virtual ~TransactionUser() = default;

  // A request that created server transaction `id` (never an ACK). Retransmissions are absorbed
  // by the transaction and do not come here. Answer through TransactionTable::respond(id, ...).
  virtual void onRequest(TransactionId id, const syntax::SipMessage& request,
                         const TransportTarget& source) noexcept = 0;
  // An ACK the TU must handle: one for a 2xx (RFC 6026 §7.1) matching an Accepted server INVITE
  // transaction (`id`), or one matching no transaction (`id` is kNoTransaction, §17.2.3). ACKs for
  // non-2xx responses are absorbed by their transaction (§17.2.1).
  virtual void onAck(TransactionId id, const syntax::SipMessage& ack, const TransportTarget& source) noexcept = 0;
  // A response for client transaction `id`: provisional ones, the first non-2xx final one, and
  // every 2xx while an INVITE transaction is Accepted (RFC 6026 §8.4). Retransmitted non-2xx
  // finals are absorbed.
  virtual void onResponse(TransactionId id, const syntax::SipMessage& response) noexcept = 0;
  // A response matching no client transaction (§18.1.2: handed to the core; a proxy forwards
  // stray 2xx to INVITE statelessly, §16.7).
  virtual void onStrayResponse(const syntax::SipMessage& response) noexcept = 0;
  // Timer B, F or H fired; the transaction is terminating.
  virtual void onTimeout(TransactionId id, Timeout timer) noexcept = 0;
  // The transport failed to send for transaction `id` (§17.1.4, §17.2.4): a client TU treats it
  // as a 503 (§8.1.3.1). The transaction is terminating unless it is an Accepted INVITE server
  // transaction (RFC 6026), which stays until Timer L.
  virtual void onTransportError(TransactionId id) noexcept = 0;
  // Transaction `id` reached Terminated; its id is no longer valid.
  virtual void onTerminated(TransactionId id) noexcept = 0;
};

}  // namespace parley::txn
