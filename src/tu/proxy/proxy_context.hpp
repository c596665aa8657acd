// SPDX-License-Identifier: MIT
// Internal to the proxy core (proxy_core.cpp, proxy_branches.cpp): the state of one proxied
// request. Not part of the library's interface.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tu/proxy/proxy_core.hpp"

namespace parley::tu {

// One branch of a proxied request (§16.6): its draft, the next-hop addresses RFC 3263 gave and
// which one is in use, the client transaction, the request as sent (for CANCEL, §9.1) and Timer C.
struct ProxyCore::Branch {
  BranchDraft draft;
  std::vector<txn::TransportTarget> hops;
  std::size_t hop = 0;
  txn::TransactionId client = txn::kNoTransaction;
  std::optional<syntax::SipMessage> sent;
  txn::TransportTarget sentTo;
  txn::TransactionTimer timerC;
  bool started = false;   // branchStarted() reported
  bool heard = false;     // a response arrived on this branch
  bool cancelled = false; // our CANCEL went out
  bool done = false;      // final response, timeout or failure reported to the context
};

// The response context of one proxied request (§16.7) with what executing its actions needs: the
// received request and where it came from, the forwarding plan, the targets and their branches.
struct ProxyCore::Context {
  Context(txn::TransactionId id, syntax::SipMessage req, txn::TransportTarget from, ForwardPlan p, TargetSet t,
          bool keep)
      : server(id),
        request(std::move(req)),
        source(std::move(from)),
        plan(std::move(p)),
        targets(std::move(t)),
        keepRequestUri(keep),
        responses(targets.groups(), request.method() == syntax::Method::Invite) {
    branches.resize(targets.targets().size());
    for (auto& b : branches) b = std::make_unique<Branch>();
  }

  txn::TransactionId server;
  syntax::SipMessage request;
  txn::TransportTarget source;
  ForwardPlan plan;
  TargetSet targets;
  bool keepRequestUri;
  std::string loopHash;  // §16.6 step 8, computed once
  ResponseContext responses;
  std::vector<std::unique_ptr<Branch>> branches;  // by target index
};

// How ProxyCore::decide() wants a request handled.
struct ProxyCore::Decision {
  enum class Kind : std::uint8_t { Server, Answer, Forward } kind = Kind::Server;
  static Decision answer(Reply r) {
    Decision d;
    d.kind = Kind::Answer;
    d.reply = std::move(r);
    return d;
  }
  Reply reply{0};
  ForwardPlan plan;
  TargetSet targets;
  bool keepRequestUri = false;
};

}  // namespace parley::tu
