// SPDX-License-Identifier: MIT
#include "tu/proxy/response_context.hpp"

#include <algorithm>

#include "syntax/misc_headers.hpp"

namespace parley::tu {

using syntax::HeaderId;

ResponseContext::ResponseContext(std::vector<TargetGroup> groups, bool invite)
    : groups_(std::move(groups)), invite_(invite) {
  std::size_t n = groups_.empty() ? 0 : groups_.back().first + groups_.back().count;
  branches_.resize(n);
}

ContextActions ResponseContext::start() {
  ContextActions out;
  if (started_) return out;
  started_ = true;
  if (groups_.empty() || branches_.empty()) {
    // Nothing to try (RFC 3665 §3.11); the caller may prefer statusWithoutTargets(false) = 404.
    finalSent_ = true;
    out.final = FinalResponse{std::nullopt, statusWithoutTargets(true), {}};
    return out;
  }
  startGroup(0, out);
  return out;
}

ContextActions ResponseContext::branchStarted(BranchIndex i) {
  ContextActions out;
  if (!valid(i) || branches_[i].state != BranchState::Starting) return out;
  branches_[i].state = BranchState::Calling;
  if (invite_) out.armTimerC.push_back(i);  // §16.6 step 11
  return out;
}

ContextActions ResponseContext::response(BranchIndex i, const syntax::SipMessage& m) {
  ContextActions out;
  if (!valid(i) || branches_[i].state == BranchState::Idle) return out;
  std::uint16_t status = m.statusCode();
  if (status < 200) {
    onProvisional(i, m, out);
  } else if (status < 300) {
    onSuccess(i, m, out);
  } else {
    onFailure(i, m, out);
  }
  return out;
}

void ResponseContext::onProvisional(BranchIndex i, const syntax::SipMessage& m, ContextActions& out) {
  Branch& b = branches_[i];
  if (b.state == BranchState::Completed) return;
  bool first = b.state != BranchState::Proceeding;
  b.state = BranchState::Proceeding;
  if (invite_) out.armTimerC.push_back(i);  // §16.7 step 2: provisional responses reset Timer C
  // §9.1: a CANCEL decided while the branch had heard nothing waits for its first provisional.
  if (b.cancelWanted && first && invite_) out.cancel.push_back(i);
  // §16.7 step 5: "Any provisional response other than a 100 (Trying) MUST be forwarded
  // immediately" -- while the server transaction can still send one, and not from a branch we are
  // cancelling anyway.
  out.forward = m.statusCode() != 100 && !finalSent_ && !b.cancelWanted;
}

void ResponseContext::onSuccess(BranchIndex i, const syntax::SipMessage& m, ContextActions& out) {
  Branch& b = branches_[i];
  // RFC 6026 §7.1 / §16.7 step 5: every 2xx to an INVITE goes upstream, even on a branch that
  // already completed (a second UAS answering a forked INVITE). A non-INVITE has one final answer.
  if (!invite_ && finalSent_) {
    if (b.state != BranchState::Completed) complete(i, m.statusCode(), false);
    advance(out);
    return;
  }
  out.forward = true;
  bool firstFinal = !finalSent_;
  finalSent_ = true;
  noNewBranches_ = true;
  if (b.state != BranchState::Completed) {
    complete(i, m.statusCode(), false);
    b.final = m;
  }
  // §16.7 step 10 / §16.10: the other branches are no longer wanted.
  if (firstFinal) cancelPending(out);
  advance(out);
}

void ResponseContext::onFailure(BranchIndex i, const syntax::SipMessage& m, ContextActions& out) {
  Branch& b = branches_[i];
  if (b.state == BranchState::Completed) return;  // a retransmission the transaction let through
  std::uint16_t status = m.statusCode();
  if (b.timerCFired && status == 487) {
    // §16.8: we cancelled this branch because nobody answered; upstream should hear "timeout",
    // not "you cancelled".
    complete(i, 408, true);
  } else {
    complete(i, status, false);
    b.final = m;
  }
  if (status == 503) {
    if (const syntax::HeaderField* h = m.find(HeaderId::RetryAfter)) {
      auto secs = syntax::parseRetryAfter(h->value);
      if (secs) b.retryAfter = *secs;
    }
  }
  if (status >= 600) {
    // §16.7 step 5: cancel the pending client transactions and create no new branches.
    noNewBranches_ = true;
    cancelPending(out);
  }
  advance(out);
}

ContextActions ResponseContext::timeout(BranchIndex i) {
  ContextActions out;
  if (!valid(i) || branches_[i].state == BranchState::Idle || branches_[i].state == BranchState::Completed) return out;
  complete(i, 408, true);
  advance(out);
  return out;
}

ContextActions ResponseContext::timerC(BranchIndex i) {
  ContextActions out;
  if (!valid(i) || !invite_) return out;
  Branch& b = branches_[i];
  switch (b.state) {
    case BranchState::Idle:
    case BranchState::Completed:
      return out;
    case BranchState::Starting:
    case BranchState::Calling:
      // §16.8: "If the client transaction has not received a provisional response, the proxy MUST
      // behave as if the transaction received a 408".
      complete(i, 408, true);
      advance(out);
      return out;
    case BranchState::Proceeding:
      // §16.8: "... the proxy MUST generate a CANCEL request matching that transaction."
      b.timerCFired = true;
      if (!b.cancelWanted) {
        b.cancelWanted = true;
        out.cancel.push_back(i);
      }
      return out;
  }
  return out;
}

ContextActions ResponseContext::transportError(BranchIndex i) {
  ContextActions out;
  if (!valid(i) || branches_[i].state == BranchState::Idle || branches_[i].state == BranchState::Completed) return out;
  complete(i, 503, true);  // §16.9
  advance(out);
  return out;
}

ContextActions ResponseContext::cancelReceived() {
  ContextActions out;
  if (finalSent_) return out;
  cancelledUpstream_ = true;
  noNewBranches_ = true;
  if (!started_) {
    started_ = true;
    finalSent_ = true;
    out.final = FinalResponse{std::nullopt, 487, {}};
    return out;
  }
  cancelPending(out);
  advance(out);
  return out;
}

bool ResponseContext::finished() const noexcept {
  if (!finalSent_) return false;
  return std::none_of(branches_.begin(), branches_.end(), [](const Branch& b) {
    return b.state != BranchState::Idle && b.state != BranchState::Completed;
  });
}

const syntax::SipMessage* ResponseContext::finalResponse(BranchIndex i) const noexcept {
  if (!valid(i) || !branches_[i].final) return nullptr;
  return &*branches_[i].final;
}

std::optional<std::uint32_t> ResponseContext::retryAfter(BranchIndex i) const noexcept {
  return valid(i) ? branches_[i].retryAfter : std::nullopt;
}

void ResponseContext::complete(BranchIndex i, std::uint16_t status, bool synthesized) {
  Branch& b = branches_[i];
  b.state = BranchState::Completed;
  b.outcome = BranchOutcome{status, synthesized, arrivals_++};
}

void ResponseContext::cancelPending(ContextActions& out) {
  for (BranchIndex i = 0; i < branches_.size(); ++i) {
    Branch& b = branches_[i];
    if (b.state == BranchState::Idle || b.state == BranchState::Completed || b.cancelWanted) continue;
    b.cancelWanted = true;
    // §9.1: CANCEL only a branch that heard a provisional response; the others get theirs when
    // it arrives (onProvisional). A non-INVITE is never cancelled (§9: no effect).
    if (invite_ && b.state == BranchState::Proceeding) out.cancel.push_back(i);
  }
}

void ResponseContext::startGroup(std::size_t group, ContextActions& out) {
  group_ = group;
  const TargetGroup& g = groups_[group];
  for (BranchIndex i = g.first; i < g.first + g.count; ++i) {
    branches_[i].state = BranchState::Starting;
    out.start.push_back(i);
  }
}

void ResponseContext::advance(ContextActions& out) {
  bool pending = std::any_of(branches_.begin(), branches_.end(), [](const Branch& b) {
    return b.state != BranchState::Idle && b.state != BranchState::Completed;
  });
  if (pending || finalSent_) return;
  // §16.6: the next q-value group once every branch of this one failed.
  if (!noNewBranches_ && group_ + 1 < groups_.size()) {
    startGroup(group_ + 1, out);
    return;
  }
  finalSent_ = true;
  out.final = chooseFinal();
}

FinalResponse ResponseContext::chooseFinal() const {
  std::vector<BranchOutcome> outcomes;
  outcomes.reserve(branches_.size());
  for (const Branch& b : branches_) outcomes.push_back(b.outcome);
  auto best = chooseBestResponse(outcomes);
  auto generated = [](std::uint16_t status) { return FinalResponse{std::nullopt, status, {}}; };
  if (!best) return generated(cancelledUpstream_ ? 487 : statusWithoutTargets(true));
  const Branch& chosen = branches_[*best];
  std::uint16_t status = chosen.outcome.status;
  // Upstream cancelled: what we made up (timeouts, transport errors) is just the cancellation.
  if (chosen.outcome.synthesized) return generated(cancelledUpstream_ ? 487 : upstreamStatus(status));
  if (upstreamStatus(status) != status) return generated(upstreamStatus(status));
  FinalResponse f{*best, status, {}};
  if (!isChallenge(status)) return f;
  // §16.7 step 7: every WWW-Authenticate and Proxy-Authenticate of the other 401/407 responses,
  // unchanged, so the client can answer all the challenges at once.
  for (BranchIndex i = 0; i < branches_.size(); ++i) {
    const Branch& b = branches_[i];
    if (i == *best || !b.final || !isChallenge(b.outcome.status)) continue;
    for (const syntax::HeaderField& h : b.final->headers()) {
      if (h.id == HeaderId::WwwAuthenticate || h.id == HeaderId::ProxyAuthenticate) {
        f.extraHeaders.push_back(HeaderLine{h.id, std::string(h.value)});
      }
    }
  }
  return f;
}

}  // namespace parley::tu
