// SPDX-License-Identifier: MIT
// ProxyCore, second half: the branches of a proxied request and the responses they bring
// (RFC 3261 §16.6-§16.10). Every event is handed to the request's ResponseContext, whose actions
// are carried out here.
#include <spdlog/spdlog.h>

#include "syntax/message_parser.hpp"
#include "syntax/request_builder.hpp"
#include "syntax/response_builder.hpp"
#include "tu/proxy/branch.hpp"
#include "tu/proxy/proxy_context.hpp"
#include "tu/proxy/proxy_core.hpp"

namespace parley::tu {

namespace {

std::string hopKey(const txn::TransportTarget& hop) {
  std::string key(transport::viaToken(hop.kind));
  key.push_back(':');
  key.append(hop.address);
  key.push_back(':');
  key.append(std::to_string(hop.port));
  return key;
}

// A binding's flow as the next hop (RFC 5626 §5.3, RFC 3261 §18.1.1 "reuse the connection"): only
// a connection of this node, over a stream transport, is worth more than the Contact URI.
std::optional<txn::TransportTarget> flowHop(const Target& target, const std::string& node) {
  if (!target.flow || target.flow->connection == 0 || target.flow->node != node) return std::nullopt;
  const location::FlowRef& f = *target.flow;
  if (f.transport > static_cast<std::uint8_t>(txn::TransportKind::Tls)) return std::nullopt;
  auto kind = static_cast<txn::TransportKind>(f.transport);
  if (kind == txn::TransportKind::Udp) return std::nullopt;
  return txn::TransportTarget::of(kind, f.address, f.port, f.connection);
}

}  // namespace

void ProxyCore::execute(Context& ctx, const ContextActions& actions, const syntax::SipMessage* response) noexcept {
  ++depth_;
  for (BranchIndex b : actions.start) startBranch(ctx, b);
  for (BranchIndex b : actions.cancel) cancelBranch(ctx, b);
  for (BranchIndex b : actions.armTimerC) armTimerC(ctx, b);
  if (actions.forward && response != nullptr) forwardResponse(ctx, *response, {});
  if (actions.final) sendFinal(ctx, *actions.final);
  --depth_;
}

void ProxyCore::startBranch(Context& ctx, BranchIndex b) noexcept {
  Branch& branch = *ctx.branches[b];
  const Target& target = ctx.targets.targets()[b];
  auto draft = draftBranch(ctx.request, ctx.plan, target, ctx.keepRequestUri);
  if (!draft) {
    branchFailed(ctx, b, false);  // a Route we cannot parse: nothing to send (§16.9: as a 503)
    return;
  }
  branch.draft = std::move(*draft);
  if (auto hop = flowHop(target, services_.node)) {
    branch.hops = {*hop};
    launch(ctx, b);
    return;
  }
  auto uri = syntax::parseUri(branch.draft.nextHop);
  if (!uri) {
    branchFailed(ctx, b, false);
    return;
  }
  // RFC 3263: the completion may run now or from a later DNS answer; the context may be gone then.
  const txn::TransactionId server = ctx.server;
  std::shared_ptr<bool> alive = alive_;
  resolver_.resolve(*uri, [this, alive, server, b](Result<std::vector<txn::TransportTarget>> hops) {
    if (!*alive) return;
    auto it = contexts_.find(server);
    if (it == contexts_.end()) return;
    Context& c = *it->second;
    ++depth_;
    if (!hops || hops->empty()) {
      branchFailed(c, b, false);
    } else {
      c.branches[b]->hops = std::move(*hops);
      launch(c, b);
    }
    --depth_;
    settle(server);
  });
}

void ProxyCore::launch(Context& ctx, BranchIndex b) noexcept {
  Branch& branch = *ctx.branches[b];
  while (branch.hop < branch.hops.size() && table_ != nullptr) {
    const txn::TransportTarget& hop = branch.hops[branch.hop];
    if (!unavailable_.empty()) {
      auto blocked = unavailable_.find(hopKey(hop));
      if (blocked != unavailable_.end()) {
        if (clock_.now() < blocked->second) {
          spdlog::debug("proxy: {} branch {}: {}:{} unavailable (Retry-After)", ctx.request.methodText(), b,
                        hop.address, hop.port);
          ++branch.hop;
          continue;
        }
        unavailable_.erase(blocked);
      }
    }
    std::string bytes;
    finishBranch(ctx.request, branch.draft, ctx.plan, config_, hop.kind, makeBranch(ctx.loopHash, random_, loop_),
                 bytes);
    auto request = syntax::parseMessage(std::move(bytes));
    if (!request) break;  // our own edits broke the request: nothing any hop could do with it
    launching_ = true;
    launchFailed_ = false;
    auto id = table_->sendRequest(*request, hop);
    launching_ = false;
    spdlog::debug("proxy: {} branch {} to {} {}:{}{}", ctx.request.methodText(), b, transport::viaToken(hop.kind),
                  hop.address, hop.port, id && !launchFailed_ ? "" : ": send failed");
    if (!id || launchFailed_) {
      ++branch.hop;  // §16.9 / RFC 3263 §4.3: the next address, in a new transaction
      continue;
    }
    branch.client = *id;
    branch.sent = std::move(*request);
    branch.sentTo = hop;
    clients_[*id] = BranchRef{ctx.server, b};
    if (!branch.started) {
      branch.started = true;
      execute(ctx, ctx.responses.branchStarted(b), nullptr);
    }
    return;
  }
  branchFailed(ctx, b, false);
}

void ProxyCore::branchFailed(Context& ctx, BranchIndex b, bool timedOut) noexcept {
  Branch& branch = *ctx.branches[b];
  if (branch.done) return;
  spdlog::debug("proxy: {} branch {}: {}", ctx.request.methodText(), b, timedOut ? "timed out" : "cannot be reached");
  branch.done = true;
  branch.timerC.stop();
  execute(ctx, timedOut ? ctx.responses.timeout(b) : ctx.responses.transportError(b), nullptr);
}

void ProxyCore::cancelBranch(Context& ctx, BranchIndex b) noexcept {
  Branch& branch = *ctx.branches[b];
  if (branch.cancelled || !branch.sent || table_ == nullptr) return;
  branch.cancelled = true;
  // §9.1: the CANCEL copies the INVITE's Request-URI, top Via (our branch), Call-ID, From, To,
  // Route and CSeq number, and goes where the INVITE went.
  auto cancel = syntax::parseMessage(syntax::buildCancel(*branch.sent));
  if (!cancel) return;
  launching_ = true;
  launchFailed_ = false;
  auto id = table_->sendRequest(*cancel, branch.sentTo);
  launching_ = false;
  if (id && !launchFailed_) cancels_.insert(*id);
}

void ProxyCore::armTimerC(Context& ctx, BranchIndex b) noexcept {
  const txn::TransactionId server = ctx.server;
  ctx.branches[b]->timerC.start(wheel_, clock_.now() + config_.timerC, [this, server, b] {
    auto it = contexts_.find(server);
    if (it == contexts_.end()) return;
    ++depth_;
    execute(*it->second, it->second->responses.timerC(b), nullptr);
    --depth_;
    settle(server);
  });
}

void ProxyCore::forwardResponse(Context& ctx, const syntax::SipMessage& response,
                                const std::vector<HeaderLine>& extra) noexcept {
  // §16.7 step 3: our Via comes off; step 9 sends what is left in the server transaction.
  syntax::MessageEdits edits;
  if (!syntax::popTopVia(response, edits)) return;
  for (const HeaderLine& h : extra) edits.append(h.id, h.value);
  std::string bytes;
  syntax::serialize(response, edits, bytes);
  auto upstream = syntax::parseMessage(std::move(bytes));
  if (!upstream || table_ == nullptr) return;
  if (table_->respond(ctx.server, *upstream)) return;
  // The server transaction is gone (a late 2xx after our final answer): a 2xx still goes, statelessly.
  if (upstream->statusCode() >= 200 && upstream->statusCode() < 300) onStrayResponse(response);
}

void ProxyCore::sendFinal(Context& ctx, const FinalResponse& final) noexcept {
  spdlog::debug("proxy: {} {}: final {} ({})", ctx.request.methodText(), ctx.request.requestUri().text,
                final.branch && ctx.responses.finalResponse(*final.branch) != nullptr
                    ? ctx.responses.finalResponse(*final.branch)->statusCode()
                    : final.status,
                final.branch ? "a branch's" : "ours");
  if (final.branch) {
    if (const syntax::SipMessage* chosen = ctx.responses.finalResponse(*final.branch)) {
      forwardResponse(ctx, *chosen, final.extraHeaders);
      return;
    }
  }
  // §16.7 step 6: a response of our own (408, 500 for a 503, 487, 480).
  server_.respond(ctx.server, ctx.request, ctx.source, Reply{final.status});
}

void ProxyCore::settle(txn::TransactionId server) noexcept {
  if (depth_ > 0) return;
  auto it = contexts_.find(server);
  if (it == contexts_.end() || !it->second->responses.finished()) return;
  // Client transactions still alive (an Accepted INVITE waiting for 2xx retransmissions) lose their
  // branch: what they still report is handled as stray (§16.7: 2xx forwarded statelessly).
  for (const auto& branch : it->second->branches) {
    if (branch->client != txn::kNoTransaction) clients_.erase(branch->client);
  }
  contexts_.erase(it);
}

void ProxyCore::onResponse(txn::TransactionId id, const syntax::SipMessage& response) noexcept {
  if (cancels_.contains(id)) return;  // the answer to our CANCEL (§9.1): nothing to do with it
  auto ref = clients_.find(id);
  if (ref == clients_.end()) {
    onStrayResponse(response);
    return;
  }
  const BranchRef where = ref->second;
  auto it = contexts_.find(where.server);
  if (it == contexts_.end()) return;
  Context& ctx = *it->second;
  Branch& branch = *ctx.branches[where.branch];
  branch.heard = true;
  if (response.statusCode() >= 200) {
    branch.timerC.stop();
    branch.done = true;
  }
  if (response.statusCode() == 503 && branch.hop < branch.hops.size()) {
    // §21.5.4: the server says when to come back; until then requests go elsewhere. Bounded so
    // that a hostile Retry-After cannot switch a target off for good.
    if (const auto* h = response.find(syntax::HeaderId::RetryAfter)) {
      std::uint32_t seconds = 0;
      for (char c : h->value) {
        if (c < '0' || c > '9') break;
        seconds = std::min<std::uint32_t>(seconds * 10 + static_cast<std::uint32_t>(c - '0'), 3600);
      }
      if (seconds > 0) {
        if (unavailable_.size() >= 4096) std::erase_if(unavailable_, [&](const auto& e) { return e.second <= clock_.now(); });
        unavailable_[hopKey(branch.hops[branch.hop])] = clock_.now() + std::chrono::seconds(seconds);
      }
    }
  }
  ++depth_;
  execute(ctx, ctx.responses.response(where.branch, response), &response);
  --depth_;
  settle(where.server);
}

void ProxyCore::onTimeout(txn::TransactionId id, txn::Timeout timer) noexcept {
  if (timer == txn::Timeout::TimerH) {
    server_.onTimeout(id, timer);
    return;
  }
  clientEnded(id, true);
}

void ProxyCore::onTransportError(txn::TransactionId id) noexcept {
  if (launching_) {
    launchFailed_ = true;  // launch() moves on to the next address
    return;
  }
  clientEnded(id, false);  // for a server transaction: its response could not be sent, nothing to do
}

void ProxyCore::clientEnded(txn::TransactionId id, bool timedOut) noexcept {
  if (cancels_.erase(id) > 0) return;
  auto ref = clients_.find(id);
  if (ref == clients_.end()) return;
  const BranchRef where = ref->second;
  clients_.erase(ref);
  auto it = contexts_.find(where.server);
  if (it == contexts_.end()) return;
  Context& ctx = *it->second;
  Branch& branch = *ctx.branches[where.branch];
  branch.client = txn::kNoTransaction;
  ++depth_;
  if (!branch.heard && !branch.cancelled && branch.hop + 1 < branch.hops.size()) {
    ++branch.hop;  // RFC 3263 §4.3: no answer from, or no way to, this address: try the next
    launch(ctx, where.branch);
  } else {
    branchFailed(ctx, where.branch, timedOut);
  }
  --depth_;
  settle(where.server);
}

void ProxyCore::onTerminated(txn::TransactionId id) noexcept {
  if (launching_) return;  // the transaction being started failed at once (see launch())
  cancels_.erase(id);
  auto ref = clients_.find(id);
  if (ref == clients_.end()) return;
  const BranchRef where = ref->second;
  clients_.erase(ref);
  auto it = contexts_.find(where.server);
  if (it != contexts_.end()) it->second->branches[where.branch]->client = txn::kNoTransaction;
}

}  // namespace parley::tu
