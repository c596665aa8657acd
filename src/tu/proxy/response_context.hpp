// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "syntax/message.hpp"
#include "tu/proxy/response_selection.hpp"
#include "tu/proxy/target_set.hpp"

namespace parley::tu {

// A branch is named by the index of its target in the TargetSet.
using BranchIndex = std::size_t;

// Timer C (RFC 3261 §16.6 step 11): "MUST be larger than 3 minutes". The caller schedules it per
// INVITE branch when told to (ContextActions::armTimerC) and reports expiry with timerC().
inline constexpr std::chrono::seconds kTimerC{181};

// One header line to add to the forwarded final response (merged challenges, §16.7 step 7).
struct HeaderLine {
  syntax::HeaderId id = syntax::HeaderId::Unknown;
  std::string value;

  friend bool operator==(const HeaderLine&, const HeaderLine&) = default;
};

// The final response the context chose for upstream (§16.7 step 6). With `branch` set: forward
// the response received on that branch (ResponseContext::finalResponse, top Via removed, §16.7
// step 3) with `extraHeaders` appended. Without: generate `status` for the original request
// (408 when every branch timed out, 500 for a 503, 487 after our caller cancelled, 480 when
// nothing could be tried).
struct FinalResponse {
  std::optional<BranchIndex> branch;
  std::uint16_t status = 0;
  std::vector<HeaderLine> extraHeaders;
};

// What the caller must do after an event, in this order: start the targets in `start` (a client
// transaction each, then branchStarted() or transportError()), send CANCEL for `cancel` (§9.1,
// §16.10), (re)arm Timer C for `armTimerC`, forward the response just reported when `forward`,
// and send `final` upstream. Plain value.
struct ContextActions {
  std::vector<BranchIndex> start;
  std::vector<BranchIndex> cancel;
  std::vector<BranchIndex> armTimerC;
  bool forward = false;
  std::optional<FinalResponse> final;
};

// ResponseContext models the response context of RFC 3261 §16.7 for one proxied request: which
// branches were started, what each answered, whether a final response went upstream. It runs the
// forking of §16.6 by q-value (the first group in parallel, each later group only after the one
// before failed) and the decisions of §16.7: provisional responses other than 100 forwarded;
// every 2xx to an INVITE forwarded as it comes (one for other methods) and the other branches
// cancelled; a 6xx cancels the others and opens no new branch; otherwise, once every branch is
// done, the best response is chosen (response_selection.hpp) with the challenges of every 401/407
// merged (§16.7 step 7). Timeouts count as 408, transport errors as 503 (§16.9), both advance to
// the next group; a branch cancelled by Timer C that answers 487 counts as a 408 (§16.8). It does
// no I/O: every event returns ContextActions for the caller to carry out, so it runs in tests
// without transactions or clocks. A 2xx to an INVITE that arrives after a non-2xx final went
// upstream is still reported with `forward`: the server transaction can no longer send it, so the
// caller forwards it statelessly (§16.7, as for a 2xx matching no client transaction).
// Owned by the proxy core, one per server transaction it forwards, until finished(); the loop
// thread of that transaction only.
class ResponseContext {
 public:
  ResponseContext(std::vector<TargetGroup> groups, bool invite);

  // Starts the first group; with no targets at all, the final answer is 480.
  [[nodiscard]] ContextActions start();
  // The client transaction of `branch` exists and sent the request.
  [[nodiscard]] ContextActions branchStarted(BranchIndex branch);
  // A response arrived on `branch` (already matched to its client transaction).
  [[nodiscard]] ContextActions response(BranchIndex branch, const syntax::SipMessage& response);
  // Timer B or F fired for `branch` (§16.7 step 6: treated as a 408).
  [[nodiscard]] ContextActions timeout(BranchIndex branch);
  // Timer C fired for `branch` (§16.8): a CANCEL after a provisional response, else a 408.
  [[nodiscard]] ContextActions timerC(BranchIndex branch);
  // The transport could not deliver on `branch` (§16.9: treated as a 503).
  [[nodiscard]] ContextActions transportError(BranchIndex branch);
  // The caller's CANCEL matched this request (§16.10): cancel every pending branch, open none.
  [[nodiscard]] ContextActions cancelReceived();

  // A final response went upstream (a 2xx forwarded or `final` handed out).
  [[nodiscard]] bool finalSent() const noexcept { return finalSent_; }
  // Final response sent and every started branch done: the context may be destroyed.
  [[nodiscard]] bool finished() const noexcept;
  // The final response received on `branch`, if any (nullptr for none or a synthesized one).
  [[nodiscard]] const syntax::SipMessage* finalResponse(BranchIndex branch) const noexcept;
  // Retry-After (seconds) of a 503 received on `branch`: information for the caller's next-hop
  // choice (§21.5.4), not a reason to wait.
  [[nodiscard]] std::optional<std::uint32_t> retryAfter(BranchIndex branch) const noexcept;

 private:
  enum class BranchState : std::uint8_t { Idle, Starting, Calling, Proceeding, Completed };
  struct Branch {
    BranchState state = BranchState::Idle;
    bool cancelWanted = false;
    bool timerCFired = false;
    BranchOutcome outcome;
    std::optional<syntax::SipMessage> final;
    std::optional<std::uint32_t> retryAfter;
  };

  void onProvisional(BranchIndex i, const syntax::SipMessage& m, ContextActions& out);
  void onSuccess(BranchIndex i, const syntax::SipMessage& m, ContextActions& out);
  void onFailure(BranchIndex i, const syntax::SipMessage& m, ContextActions& out);
  void complete(BranchIndex i, std::uint16_t status, bool synthesized);
  void cancelPending(ContextActions& out);
  void startGroup(std::size_t group, ContextActions& out);
  // After a branch completed: start the next group or choose the final response when due.
  void advance(ContextActions& out);
  [[nodiscard]] FinalResponse chooseFinal() const;
  [[nodiscard]] bool valid(BranchIndex i) const noexcept { return i < branches_.size(); }

  std::vector<TargetGroup> groups_;
  std::vector<Branch> branches_;
  bool invite_;
  std::size_t group_ = 0;        // the group being tried
  bool started_ = false;
  bool noNewBranches_ = false;   // after a 2xx, a 6xx or the caller's CANCEL (§16.7 step 5, §16.10)
  bool cancelledUpstream_ = false;
  bool finalSent_ = false;
  std::uint32_t arrivals_ = 0;
};

}  // namespace parley::tu
