// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "txn/transaction_user.hpp"

namespace parley::test {

// RecordingTransactionUser is a TransactionUser that records every callback as an Event, so tests
// can assert what reached the TU and in which order. `onRequestHook` lets a test answer from
// inside onRequest, as a synchronous TU would. Owned by the test; test thread only.
class RecordingTransactionUser final : public txn::TransactionUser {
 public:
  enum class Kind : std::uint8_t { Request, Ack, Response, StrayResponse, Timeout, TransportError, Terminated };

  struct Event {
    Kind kind;
    txn::TransactionId id = txn::kNoTransaction;
    std::string method;       // Request, Ack: the method; Response: the CSeq method
    std::uint16_t status = 0; // Response, StrayResponse
    txn::Timeout timeout = txn::Timeout::TimerB;
  };

  // TransactionUser
  void onRequest(txn::TransactionId id, const syntax::SipMessage& request,
                 const txn::TransportTarget& source) noexcept override;
  void onAck(txn::TransactionId id, const syntax::SipMessage& ack, const txn::TransportTarget& source) noexcept override;
  void onResponse(txn::TransactionId id, const syntax::SipMessage& response) noexcept override;
  void onStrayResponse(const syntax::SipMessage& response) noexcept override;
  void onTimeout(txn::TransactionId id, txn::Timeout timer) noexcept override;
  void onTransportError(txn::TransactionId id) noexcept override;
  void onTerminated(txn::TransactionId id) noexcept override;

  std::function<void(txn::TransactionId, const syntax::SipMessage&)> onRequestHook;

  [[nodiscard]] const std::vector<Event>& events() const noexcept { return events_; }
  [[nodiscard]] std::size_t count(Kind kind) const noexcept;
  // The kinds in order, for sequence assertions.
  [[nodiscard]] std::vector<Kind> kinds() const;
  // Status codes of Response events, in order.
  [[nodiscard]] std::vector<std::uint16_t> statuses() const;
  void clear() noexcept { events_.clear(); }

 private:
  std::vector<Event> events_;
};

}  // namespace parley::test
