// SPDX-License-Identifier: MIT
// ProxyCore, first half: what happens to a request that arrives (RFC 3261 §16.3-§16.5, §16.10,
// §16.11, §22.3). The branches and responses are in proxy_branches.cpp.
#include "tu/proxy/proxy_core.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "syntax/char_class.hpp"
#include "syntax/message_parser.hpp"
#include "syntax/response_builder.hpp"
#include "tu/proxy/branch.hpp"
#include "tu/proxy/proxy_context.hpp"
#include "tu/proxy/route_processing.hpp"
#include "tu/proxy/stateless_forwarding.hpp"
#include "tu/redirect/redirect_reply.hpp"
#include "tu/registrar/address_of_record.hpp"

namespace parley::tu {

using syntax::Method;

namespace {

// §16.6 step 4: requests that may create a dialog get Record-Route (RFC 3261 INVITE, RFC 6665
// SUBSCRIBE and the NOTIFY that may create its dialog, RFC 3515 REFER).
bool mayCreateDialog(const syntax::SipMessage& request) {
  std::string_view m = request.methodText();
  return request.method() == Method::Invite || m == "SUBSCRIBE" || m == "NOTIFY" || m == "REFER";
}

}  // namespace

ProxyCore::ProxyCore(const ProxyConfig& config, const CoreConfig& core, const LocalAddresses& local, ServerCore& server,
                     ProxyServices services, txn::TransactionTransport& transport, NextHopResolver& resolver,
                     const Clock& clock, TimerWheel& wheel, Random& random, unsigned loop)
    : config_(config),
      core_(core),
      ours_(local.predicate()),
      server_(server),
      services_(std::move(services)),
      transport_(transport),
      resolver_(resolver),
      clock_(clock),
      wheel_(wheel),
      random_(random),
      loop_(loop) {}

ProxyCore::~ProxyCore() { *alive_ = false; }

void ProxyCore::attach(txn::TransactionTable& table) noexcept {
  table_ = &table;
  server_.attach(table);
}

bool ProxyCore::fromOurDomain(const syntax::SipMessage& request) const noexcept {
  const syntax::Uri& from = request.from().addr.uri;
  return from.isSip() && servesHost(core_, from.host);
}

void ProxyCore::onRequest(txn::TransactionId id, const syntax::SipMessage& request,
                          const txn::TransportTarget& source) noexcept {
  if (request.method() == Method::Cancel) {
    onCancel(id, request, source);
    return;
  }
  Decision d = decide(id, request, source);
  switch (d.kind) {
    case Decision::Kind::Server: server_.onRequest(id, request, source); return;
    case Decision::Kind::Answer:
      spdlog::debug("proxy: {} {} from {}:{}: answered {} {}", request.methodText(), request.requestUri().text,
                    source.address, source.port, d.reply.status, d.reply.reason);
      server_.respond(id, request, source, d.reply);
      return;
    case Decision::Kind::Forward:
      spdlog::debug("proxy: {} {} from {}:{}: {} target(s)", request.methodText(), request.requestUri().text,
                    source.address, source.port, d.targets.targets().size());
      break;
  }
  ++stats_.proxied;
  // §16.2 / §16.7: a stateful proxy answers an INVITE with 100 Trying at once, so the caller's
  // INVITE transaction stops retransmitting while the branches are tried.
  if (request.method() == Method::Invite) server_.respond(id, request, source, Reply{100});
  auto owned = std::make_unique<Context>(id, request, source, std::move(d.plan), std::move(d.targets),
                                         d.keepRequestUri);
  Context& ctx = *owned;
  if (config_.validation.loopDetection) ctx.loopHash = loopDetectionHash(request);
  contexts_.emplace(id, std::move(owned));
  ++depth_;
  execute(ctx, ctx.responses.start(), nullptr);
  --depth_;
  settle(id);
}

ProxyCore::Decision ProxyCore::decide(txn::TransactionId, const syntax::SipMessage& request,
                                      const txn::TransportTarget& source) noexcept {
  Decision d;
  // §16.4 first, so that a request routed to us with nothing left to route is recognised as ours.
  auto routes = RouteSet::of(request);
  if (!routes) return Decision::answer(replyFor(routes.error()));
  auto pre = preprocessRoutes(request, ours_, *routes);
  if (!pre) return Decision::answer(replyFor(pre.error()));
  syntax::Uri ruri = request.requestUri();
  if (pre->requestUri) {
    auto parsed = syntax::parseUri(*pre->requestUri);
    if (!parsed) return Decision::answer(replyFor(parsed.error()));
    ruri = *parsed;  // views into pre->requestUri, which lives until this function returns
  }
  const bool inDialog = !request.to().tag.empty();
  // Ours: one of our domains (any port) or a listen address with its port. A UA on this host
  // (127.0.0.1:5062) is not us, though its host is one of our addresses. An out-of-dialog request
  // without a user part for one of our addresses is ours whatever its port (OPTIONS from a client
  // that got the port wrong still reached us); in a dialog it names a UA's contact.
  const bool toOurDomain =
      routes->empty() && ruri.isSip() &&
      (isOurUri(ours_, ruri) || (!inDialog && !ruri.hasUserInfo && servesHost(core_, ruri.host)));
  // The server itself: OPTIONS and the like to our host with no user, REGISTER for our domains
  // (§10.3 step 1: others are proxied), which the registrar behind the server core answers.
  if (toOurDomain && (!ruri.hasUserInfo || request.method() == Method::Register)) return d;

  RequestCheck check = validateRequest(request, config_.validation, ours_);
  if (check.verdict == Verdict::AnswerAsUas) return d;
  if (check.verdict == Verdict::Reject) return Decision::answer(check.reply);

  d.plan.requestUri = pre->requestUri;
  d.plan.routes = std::move(*routes);
  d.plan.inbound = source.kind;
  d.plan.recordRoute = config_.recordRoute.enabled && !inDialog && mayCreateDialog(request);
  if (auto via = syntax::topViaWithReceived(request, syntax::ViaReceived{source.address, source.port})) {
    for (std::size_t i = 0; i < request.headers().size(); ++i) {
      if (request.headers()[i].id == syntax::HeaderId::Via) {
        d.plan.receivedVia.emplace(i, std::move(*via));
        break;
      }
    }
  }

  if (!inDialog) {
    if (auto refused = authenticate(request, d.plan)) return Decision::answer(std::move(*refused));
    // No open relay: a request for another domain must come from one of our users.
    if (!toOurDomain && !config_.relayForeign && !fromOurDomain(request)) {
      return Decision::answer(Reply{403, "Relaying forbidden"});
    }
  }

  if (!toOurDomain) {
    // §16.5: the Request-URI (or the Route set, §16.6 step 7) is the only target.
    d.kind = Decision::Kind::Forward;
    d.keepRequestUri = true;
    d.targets = TargetSet({Target{std::string(request.requestUri().text), {}, std::nullopt, 1000}});
    return d;
  }

  // Our domain: the location service holds the targets (§16.5).
  auto aor = localAor(ruri, core_);
  if (!aor) return Decision::answer(replyFor(aor.error()));
  const UnixSeconds now = services_.wallClock != nullptr ? services_.wallClock->now() : 0;
  location::BindingSet bindings;
  if (services_.bindings != nullptr) {
    auto found = services_.bindings->lookup(*aor, now);
    if (!found) return Decision::answer(Reply{500, "Location service unavailable"});
    bindings = std::move(*found);
  }
  bool known = !bindings.empty();
  if (!known && services_.users != nullptr) {
    auto user = services_.users->find(syntax::unescape(ruri.user), realmFor(core_, ruri.host));
    known = user && user->has_value();
  }
  if (config_.mode == ProxyMode::Redirect) {
    ++stats_.redirected;
    return Decision::answer(redirectReply(bindings, known));
  }
  if (bindings.empty()) return Decision::answer(Reply{static_cast<std::uint16_t>(known ? 480 : 404)});
  d.kind = Decision::Kind::Forward;
  d.targets = TargetSet::fromBindings(bindings);
  // Every binding's contact was unparsable (TargetSet drops those): nobody to try.
  if (d.targets.empty()) return Decision::answer(Reply{480});
  return d;
}

std::optional<Reply> ProxyCore::authenticate(const syntax::SipMessage& request, ForwardPlan& plan) noexcept {
  const ProxyAuthPolicy& policy = config_.auth;
  if (!policy.enabled || services_.digest == nullptr || services_.users == nullptr) return std::nullopt;
  if (request.method() == Method::Ack || request.method() == Method::Cancel) return std::nullopt;  // §22.1
  const syntax::Uri& from = request.from().addr.uri;
  const bool listed = from.isSip() && std::any_of(policy.foreignDomains.begin(), policy.foreignDomains.end(),
                                                  [&](const std::string& d) { return syntax::iequals(d, from.host); });
  // RFC 3665 §3.2: other domains' users are not ours to check, unless listed (§3.3).
  if (!fromOurDomain(request) && !listed) return std::nullopt;
  if (!policy.methods.empty() &&
      std::none_of(policy.methods.begin(), policy.methods.end(),
                   [&](const std::string& m) { return syntax::iequals(m, request.methodText()); })) {
    return std::nullopt;
  }
  const std::string realm = realmFor(core_, from.host);
  const UnixSeconds now = services_.wallClock != nullptr ? services_.wallClock->now() : 0;
  auth::DigestOutcome outcome = services_.digest->verify(request, realm, true, *services_.users, now);
  if (const auto* challenge = std::get_if<auth::Challenge>(&outcome)) {
    ++stats_.challenged;
    return Reply{407, {}, services_.digest->challenge(realm, challenge->stale, true, now)};
  }
  if (const auto* rejected = std::get_if<auth::Rejected>(&outcome)) return Reply{rejected->status, rejected->reason};
  const auto& user = std::get<auth::Authenticated>(outcome);
  if (policy.identityCheck && (!from.hasUserInfo || syntax::unescape(from.user) != user.username)) {
    return Reply{403, "From is not the authenticated user"};
  }
  plan.usedCredentials = user.headerIndex;
  return std::nullopt;
}

void ProxyCore::onCancel(txn::TransactionId id, const syntax::SipMessage& cancel,
                         const txn::TransportTarget& source) noexcept {
  // §16.10: a CANCEL matching a request we proxy is answered 200 here and propagated to every
  // pending branch; the INVITE then ends with the branches' 487 (or ours).
  std::optional<txn::TransactionId> target = table_ != nullptr ? table_->findCancelTarget(cancel) : std::nullopt;
  auto it = target ? contexts_.find(*target) : contexts_.end();
  if (it == contexts_.end()) {
    // Not proxied by us: the server core answers (200 for its own transaction, 481 for none).
    server_.onRequest(id, cancel, source);
    return;
  }
  server_.respond(id, cancel, source, Reply{200});
  const txn::TransactionId server = it->first;
  ++depth_;
  execute(*it->second, it->second->responses.cancelReceived(), nullptr);
  --depth_;
  settle(server);
}

void ProxyCore::onAck(txn::TransactionId, const syntax::SipMessage& ack, const txn::TransportTarget& source) noexcept {
  // An ACK for a 2xx is its own transaction end to end (§13.2.2.4); a proxy forwards it
  // statelessly along the route set (§16.11).
  forwardAckStatelessly(ack, source);
}

void ProxyCore::forwardAckStatelessly(const syntax::SipMessage& ack, const txn::TransportTarget& source) noexcept {
  auto routes = RouteSet::of(ack);
  if (!routes) return;
  auto pre = preprocessRoutes(ack, ours_, *routes);
  if (!pre) return;
  const syntax::Uri& ruri = ack.requestUri();
  if (routes->empty() && !pre->requestUri && ruri.isSip() && isOurUri(ours_, ruri)) return;  // for us
  if (hasLooped(ack, ours_)) return;
  ForwardPlan plan;
  plan.requestUri = pre->requestUri;
  plan.routes = std::move(*routes);
  plan.inbound = source.kind;
  auto draft = draftBranch(ack, plan, Target{std::string(ruri.text), {}, std::nullopt, 1000}, true);
  if (!draft) return;
  auto hopUri = syntax::parseUri(draft->nextHop);
  if (!hopUri) return;
  ++stats_.statelessAcks;
  // The ACK and its draft travel with the completion: the resolver may answer later.
  auto keep = std::make_shared<std::pair<syntax::SipMessage, BranchDraft>>(ack, std::move(*draft));
  auto plan_ = std::make_shared<ForwardPlan>(std::move(plan));
  std::shared_ptr<bool> alive = alive_;
  resolver_.resolve(*hopUri, [this, alive, keep, plan_](Result<std::vector<txn::TransportTarget>> hops) {
    if (!*alive || !hops || hops->empty()) return;
    std::string bytes;
    finishBranch(keep->first, keep->second, *plan_, config_, hops->front().kind, makeBranch({}, random_, loop_), bytes);
    (void)transport_.send(hops->front(), bytes);
  });
}

void ProxyCore::onStrayResponse(const syntax::SipMessage& response) noexcept {
  // §16.7: a 2xx to INVITE that no client transaction wants (a retransmission after ours ended,
  // a late 2xx of a fork) is forwarded statelessly; anything else is dropped.
  auto forward = forwardStrayResponse(response, ours_);
  if (!forward) {
    ++stats_.strayDropped;
    return;
  }
  ++stats_.strayForwarded;
  (void)transport_.send(forward->target, forward->bytes);
}

}  // namespace parley::tu
