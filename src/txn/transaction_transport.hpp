// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "base/result.hpp"
#include "txn/transport_target.hpp"

namespace parley::txn {

// TransactionTransport is the seam through which the transaction machines hand bytes to the
// transport layer (RFC 3261 §18): requests and ACKs of client transactions to their next hop,
// responses of server transactions back towards where the request came from. send() copies the
// bytes or sends them before returning; it never calls back into the transaction layer. An error
// result is a transport error in the sense of §17.1.4 / §17.2.4 (after the transport tried the
// alternatives of §18.2.2 / RFC 3263 §5); the transaction then tells the TU and terminates.
// Implemented by the layer that owns the sockets, which outlives the transaction table; called
// only on the event loop that owns the transactions.
class TransactionTransport {
 public:
  virtual ~TransactionTransport() = default;
  [[nodiscard]] virtual Result<void> send(const TransportTarget& target, std::string_view bytes) noexcept = 0;
};

}  // namespace parley::txn
