// SPDX-License-Identifier: MIT
#include "recording_transaction_user.hpp"

#include <algorithm>

namespace parley::test {

void RecordingTransactionUser::onRequest(txn::TransactionId id, const syntax::SipMessage& request,
                                         const txn::TransportTarget& /*source*/) noexcept {
  events_.push_back(Event{Kind::Request, id, std::string(request.methodText()), 0, {}});
  if (onRequestHook) onRequestHook(id, request);
}

void RecordingTransactionUser::onAck(txn::TransactionId id, const syntax::SipMessage& ack,
                                     const txn::TransportTarget& /*source*/) noexcept {
  events_.push_back(Event{Kind::Ack, id, std::string(ack.methodText()), 0, {}});
}

void RecordingTransactionUser::onResponse(txn::TransactionId id, const syntax::SipMessage& response) noexcept {
  events_.push_back(Event{Kind::Response, id, std::string(response.cseq().methodText), response.statusCode(), {}});
}

void RecordingTransactionUser::onStrayResponse(const syntax::SipMessage& response) noexcept {
  events_.push_back(Event{Kind::StrayResponse, txn::kNoTransaction, std::string(response.cseq().methodText),
                          response.statusCode(), {}});
}

void RecordingTransactionUser::onTimeout(txn::TransactionId id, txn::Timeout timer) noexcept {
  events_.push_back(Event{Kind::Timeout, id, {}, 0, timer});
}

void RecordingTransactionUser::onTransportError(txn::TransactionId id) noexcept {
  events_.push_back(Event{Kind::TransportError, id, {}, 0, {}});
}

void RecordingTransactionUser::onTerminated(txn::TransactionId id) noexcept {
  events_.push_back(Event{Kind::Terminated, id, {}, 0, {}});
}

std::size_t RecordingTransactionUser::count(Kind kind) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(events_.begin(), events_.end(), [kind](const Event& e) { return e.kind == kind; }));
}

std::vector<RecordingTransactionUser::Kind> RecordingTransactionUser::kinds() const {
  std::vector<Kind> out;
  for (const Event& e : events_) out.push_back(e.kind);
  return out;
}

std::vector<std::uint16_t> RecordingTransactionUser::statuses() const {
  std::vector<std::uint16_t> out;
  for (const Event& e : events_) {
    if (e.kind == Kind::Response) out.push_back(e.status);
  }
  return out;
}

}  // namespace parley::test
