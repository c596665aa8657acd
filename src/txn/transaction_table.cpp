// SPDX-License-Identifier: MIT
#include "txn/transaction_table.hpp"

#include <utility>

#include "txn/client_invite_transaction.hpp"
#include "txn/client_non_invite_transaction.hpp"
#include "txn/server_invite_transaction.hpp"
#include "txn/server_non_invite_transaction.hpp"

namespace parley::txn {

using syntax::Method;
using syntax::SipMessage;

TransactionTable::TransactionTable(const Clock& clock, TimerWheel& wheel, TransactionTransport& transport,
                                   TransactionUser& tu, TimerConfig config) noexcept
    : env_{clock, wheel, transport, tu, *this, config} {}

TransactionTable::~TransactionTable() = default;

void TransactionTable::receive(const SipMessage& message, const TransportTarget& source) noexcept {
  if (message.isResponse()) {
    receiveResponse(message);
  } else {
    receiveRequest(message, source);
  }
}

void TransactionTable::receiveRequest(const SipMessage& request, const TransportTarget& source) noexcept {
  if (ServerTransaction* server = matchServer(request, MatchAs::Itself)) {
    server->receiveRequest(request, source);
  } else if (request.method() == Method::Ack) {
    // §17.2.3: an ACK matching no transaction (the ACK for a 2xx has its own branch) is the TU's.
    env_.tu.onAck(kNoTransaction, request, source);
  } else {
    createServer(request, source);
  }
}

void TransactionTable::receiveResponse(const SipMessage& response) noexcept {
  const auto it = clients_.find(clientKey(response));
  if (it == clients_.end()) {
    env_.tu.onStrayResponse(response);
    return;
  }
  transactions_.at(it->second).client->receiveResponse(response);
}

ServerTransaction* TransactionTable::matchServer(const SipMessage& request, MatchAs as) const noexcept {
  if (request.topVia().hasRfc3261Branch()) {
    const auto it = servers_.find(serverKey(request, as));
    return it == servers_.end() ? nullptr : transactions_.at(it->second).server;
  }
  const auto [first, last] = rfc2543Servers_.equal_range(rfc2543Bucket(request));
  for (auto it = first; it != last; ++it) {
    ServerTransaction* server = transactions_.at(it->second).server;
    if (rfc2543Matches(server->request(), server->responseToTag(), request, as)) return server;
  }
  return nullptr;
}

void TransactionTable::createServer(const SipMessage& request, const TransportTarget& source) noexcept {
  const TransactionId id = nextId_++;
  Entry entry;
  if (request.method() == Method::Invite) {
    entry.owner = std::make_unique<ServerInviteTransaction>(env_, id, request, source);
  } else {
    entry.owner = std::make_unique<ServerNonInviteTransaction>(env_, id, request, source);
  }
  entry.server = static_cast<ServerTransaction*>(entry.owner.get());
  if (request.topVia().hasRfc3261Branch()) {
    entry.index = Index::Server;
    entry.key = serverKey(request);
    servers_.emplace(entry.key, id);
  } else {
    entry.index = Index::Rfc2543Server;
    entry.key = rfc2543Bucket(request);
    rfc2543Servers_.emplace(entry.key, id);
  }
  ServerTransaction* server = entry.server;
  transactions_.emplace(id, std::move(entry));
  server->start();
}

Result<TransactionId> TransactionTable::sendRequest(SipMessage request, TransportTarget target) noexcept {
  if (!request.isRequest()) return fail(Errc::Internal, "not a request", "Request-Line", 0);
  if (request.method() == Method::Ack) {
    return fail(Errc::Unsupported, "ACK is sent outside transactions (§17.1.1.3, §13.2.2.4)", "Request-Line", 0);
  }
  if (!request.topVia().hasRfc3261Branch()) {
    return fail(Errc::Missing, "client transactions need an RFC 3261 branch", "Via", 0);
  }
  std::string key = clientKey(request);
  if (clients_.contains(key)) return fail(Errc::Conflict, "branch already in use", "Via", 0);

  const TransactionId id = nextId_++;
  Entry entry;
  if (request.method() == Method::Invite) {
    entry.owner = std::make_unique<ClientInviteTransaction>(env_, id, std::move(request), std::move(target));
  } else {
    entry.owner = std::make_unique<ClientNonInviteTransaction>(env_, id, std::move(request), std::move(target));
  }
  entry.client = static_cast<ClientTransaction*>(entry.owner.get());
  entry.index = Index::Client;
  entry.key = key;
  ClientTransaction* client = entry.client;
  clients_.emplace(std::move(key), id);
  transactions_.emplace(id, std::move(entry));
  client->start();
  return id;
}

Result<void> TransactionTable::respond(TransactionId id, const SipMessage& response) noexcept {
  const auto it = transactions_.find(id);
  if (it == transactions_.end() || it->second.server == nullptr) {
    return fail(Errc::Missing, "no such server transaction", "", 0);
  }
  return it->second.server->respond(response);
}

void TransactionTable::transportError(const SipMessage& sent) noexcept {
  if (!sent.isRequest()) return;
  const auto it = clients_.find(clientKey(sent));
  if (it != clients_.end()) transactions_.at(it->second).client->transportFailed();
}

std::optional<TransactionId> TransactionTable::findCancelTarget(const SipMessage& cancel) const noexcept {
  const ServerTransaction* server = matchServer(cancel, MatchAs::TargetOfCancel);
  if (server == nullptr) return std::nullopt;
  return server->id();
}

const Transaction* TransactionTable::find(TransactionId id) const noexcept {
  const auto it = transactions_.find(id);
  return it == transactions_.end() ? nullptr : it->second.owner.get();
}

void TransactionTable::retire(TransactionId id) noexcept {
  const auto it = transactions_.find(id);
  if (it == transactions_.end()) return;
  Entry& entry = it->second;
  switch (entry.index) {
    case Index::Server: servers_.erase(entry.key); break;
    case Index::Client: clients_.erase(entry.key); break;
    case Index::Rfc2543Server: {
      const auto [first, last] = rfc2543Servers_.equal_range(entry.key);
      for (auto b = first; b != last; ++b) {
        if (b->second == id) {
          rfc2543Servers_.erase(b);
          break;
        }
      }
      break;
    }
  }
  // The transaction is on the call stack: destroy it later, from the wheel.
  retired_.push_back(std::move(entry.owner));
  transactions_.erase(it);
  if (!sweep_.running()) {
    sweep_.start(env_.wheel, env_.clock.now(), [this] { retired_.clear(); });
  }
}

}  // namespace parley::txn
