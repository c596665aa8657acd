// SPDX-License-Identifier: MIT
#include "transport/sip_resolver.hpp"

#include <strings.h>

#include <algorithm>
#include <map>

namespace parley::transport {
namespace {

constexpr std::uint16_t defaultPort(TransportKind k) noexcept { return k == TransportKind::Tls ? 5061 : 5060; }

bool equalsNoCase(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// RFC 3263 §4.1 services and the SRV prefixes of RFC 3263 §4.1 / RFC 2782.
std::optional<TransportKind> serviceKind(std::string_view service) noexcept {
  if (equalsNoCase(service, "SIP+D2U")) return TransportKind::Udp;
  if (equalsNoCase(service, "SIP+D2T")) return TransportKind::Tcp;
  if (equalsNoCase(service, "SIPS+D2T")) return TransportKind::Tls;
  return std::nullopt;
}

std::string srvName(TransportKind k, std::string_view domain) {
  std::string_view prefix = k == TransportKind::Udp   ? "_sip._udp."
                            : k == TransportKind::Tcp ? "_sip._tcp."
                                                      : "_sips._tcp.";
  return std::string(prefix) + std::string(domain);
}

// A place to look up before its addresses are known.
struct Candidate {
  TransportKind kind;
  std::string host;
  std::uint16_t port;
};

}  // namespace

Result<SipTarget> SipTarget::fromUri(const syntax::Uri& uri) noexcept {
  if (!uri.isSip()) return fail(Errc::Unsupported, "not a SIP or SIPS URI", "Request-URI", 416);
  SipTarget t;
  t.secure = uri.scheme == syntax::UriScheme::Sips;
  t.port = uri.port;
  // RFC 3263 §4: maddr, when present, is the TARGET instead of the host.
  std::string_view host = uri.host;
  if (auto maddr = uri.param("maddr"); maddr && !maddr->empty()) host = *maddr;
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  t.host = std::string(host);
  if (auto tp = uri.param("transport")) {
    if (equalsNoCase(*tp, "udp")) {
      t.transport = TransportKind::Udp;
    } else if (equalsNoCase(*tp, "tcp")) {
      t.transport = t.secure ? TransportKind::Tls : TransportKind::Tcp;  // sips over TCP is TLS
    } else if (equalsNoCase(*tp, "tls")) {
      t.transport = TransportKind::Tls;  // deprecated by RFC 3261 §26.2.2 but still written
    } else {
      return fail(Errc::Unsupported, "transport not supported", "Request-URI", 0);
    }
  }
  return t;
}

std::vector<SrvRecord> orderSrv(std::vector<SrvRecord> records, Random& random) {
  std::stable_sort(records.begin(), records.end(),
                   [](const SrvRecord& a, const SrvRecord& b) { return a.priority < b.priority; });
  std::vector<SrvRecord> out;
  out.reserve(records.size());
  for (std::size_t begin = 0; begin < records.size();) {
    std::size_t end = begin;
    while (end < records.size() && records[end].priority == records[begin].priority) ++end;
    std::vector<SrvRecord> group(records.begin() + static_cast<std::ptrdiff_t>(begin),
                                 records.begin() + static_cast<std::ptrdiff_t>(end));
    std::stable_partition(group.begin(), group.end(), [](const SrvRecord& r) { return r.weight == 0; });
    while (!group.empty()) {
      std::uint64_t sum = 0;
      for (const SrvRecord& r : group) sum += r.weight;
      std::uint64_t draw = random.next() % (sum + 1);
      std::uint64_t running = 0;
      auto pick = group.begin();
      for (; pick != group.end(); ++pick) {
        running += pick->weight;
        if (running >= draw) break;
      }
      if (pick == group.end()) pick = std::prev(group.end());
      out.push_back(std::move(*pick));
      group.erase(pick);
    }
    begin = end;
  }
  return out;
}

std::vector<NaptrChoice> usableNaptr(std::vector<NaptrRecord> records, bool secure) {
  std::stable_sort(records.begin(), records.end(), [](const NaptrRecord& a, const NaptrRecord& b) {
    return a.order != b.order ? a.order < b.order : a.preference < b.preference;
  });
  std::vector<NaptrChoice> out;
  for (const NaptrRecord& r : records) {
    auto kind = serviceKind(r.service);
    // §4.1: only "s" records lead to SRV; a sips URI discards every service without SIPS.
    if (!kind || !equalsNoCase(r.flags, "s") || r.replacement.empty()) continue;
    if (secure && *kind != TransportKind::Tls) continue;
    out.push_back({*kind, r.replacement});
  }
  return out;
}

// One RFC 3263 walk in progress. Shared by the DNS completions it waits for; the last one to run
// moves it to its next step. Loop thread only.
class SipResolver::Resolution : public std::enable_shared_from_this<Resolution> {
 public:
  Resolution(SipResolver& owner, SipTarget target, Completion done)
      : owner_(owner), alive_(owner.alive_), target_(std::move(target)), done_(std::move(done)) {
    kind_ = target_.transport.value_or(target_.secure ? TransportKind::Tls : TransportKind::Udp);
  }

  void start() noexcept;
  void lookupAddresses(std::vector<Candidate> candidates) noexcept;

 private:
  void afterNaptr(Result<DnsAnswer> answer) noexcept;
  void querySrv(std::vector<NaptrChoice> services) noexcept;
  void fallbackToAddresses() noexcept { lookupAddresses({{kind_, target_.host, defaultPort(kind_)}}); }
  void fromHostsTable(const std::vector<const HostEntry*>& entries) noexcept;
  void noteError(const Result<DnsAnswer>& r) noexcept {
    if (!r) dnsError_ = r.error();
  }
  void finish(Result<std::vector<ResolvedTarget>> result) noexcept {
    if (finished_ || !*alive_) return;
    finished_ = true;
    if (result && result->empty()) {
      result = dnsError_ ? Unexpected(*dnsError_) : fail(Errc::Missing, "no address for the host", "DNS", 0);
    }
    done_(std::move(result));
  }

  SipResolver& owner_;
  std::shared_ptr<bool> alive_;
  SipTarget target_;
  Completion done_;
  TransportKind kind_;
  std::optional<Error> dnsError_;
  bool finished_ = false;
};

void SipResolver::Resolution::start() noexcept {
  if (target_.secure && kind_ == TransportKind::Udp) {
    finish(fail(Errc::Unsupported, "sips over UDP", "Request-URI", 0));
    return;
  }
  // §4.2: a numeric host is used as it is.
  if (syntax::classifyHost(target_.host) != syntax::HostKind::Name) {
    auto address = SocketAddress::fromIpPort(target_.host, target_.port.value_or(defaultPort(kind_)));
    if (!address) {
      finish(tl::unexpected(address.error()));
      return;
    }
    finish(std::vector<ResolvedTarget>{{kind_, *address, target_.host}});
    return;
  }
  if (auto entries = owner_.hosts_.find(target_.host); !entries.empty()) {
    fromHostsTable(entries);
    return;
  }
  if (target_.port) {  // §4.2: an explicit port means A/AAAA only
    lookupAddresses({{kind_, target_.host, *target_.port}});
    return;
  }
  if (target_.transport) {  // §4.1: the transport is known, NAPTR is skipped
    querySrv({{kind_, srvName(kind_, target_.host)}});
    return;
  }
  auto self = shared_from_this();
  owner_.dns_.query(target_.host, DnsType::Naptr, [self](Result<DnsAnswer> a) {
    if (*self->alive_) self->afterNaptr(std::move(a));
  });
}

void SipResolver::Resolution::fromHostsTable(const std::vector<const HostEntry*>& entries) noexcept {
  std::vector<ResolvedTarget> out;
  for (const HostEntry* e : entries) {
    // An entry with a transport is an SRV-like answer: used only when it fits what the URI asks.
    TransportKind kind = kind_;
    if (e->transport && !target_.port) {
      if (target_.transport && *e->transport != *target_.transport) continue;
      if (target_.secure && *e->transport != TransportKind::Tls) continue;
      kind = *e->transport;
    }
    std::uint16_t port = target_.port.value_or(e->port.value_or(defaultPort(kind)));
    if (auto address = SocketAddress::fromIpPort(e->address, port)) out.push_back({kind, *address, target_.host});
  }
  finish(std::move(out));
}

void SipResolver::Resolution::afterNaptr(Result<DnsAnswer> answer) noexcept {
  noteError(answer);
  std::vector<NaptrChoice> services;
  if (answer) services = usableNaptr(std::move(answer->naptr), target_.secure);
  if (services.empty()) {
    // §4.1: no NAPTR: an SRV query per supported transport ("_sips" for sips, "_sip" otherwise).
    if (target_.secure) {
      services.push_back({TransportKind::Tls, srvName(TransportKind::Tls, target_.host)});
    } else {
      services.push_back({TransportKind::Udp, srvName(TransportKind::Udp, target_.host)});
      services.push_back({TransportKind::Tcp, srvName(TransportKind::Tcp, target_.host)});
    }
  }
  querySrv(std::move(services));
}

void SipResolver::Resolution::querySrv(std::vector<NaptrChoice> services) noexcept {
  struct Pending {
    std::vector<NaptrChoice> services;
    std::vector<std::vector<SrvRecord>> answers;
    std::size_t left;
  };
  auto pending = std::make_shared<Pending>(Pending{std::move(services), {}, 0});
  pending->answers.resize(pending->services.size());
  pending->left = pending->services.size();
  auto self = shared_from_this();
  for (std::size_t i = 0; i < pending->services.size(); ++i) {
    owner_.dns_.query(pending->services[i].srvName, DnsType::Srv, [self, pending, i](Result<DnsAnswer> a) {
      if (!*self->alive_) return;  // the resolver (and its Random) is gone
      self->noteError(a);
      if (a) pending->answers[i] = std::move(a->srv);
      if (--pending->left > 0) return;
      std::vector<Candidate> candidates;
      for (std::size_t s = 0; s < pending->services.size(); ++s) {
        for (SrvRecord& r : orderSrv(std::move(pending->answers[s]), self->owner_.random_)) {
          if (r.target == "." || r.target.empty()) continue;  // RFC 2782: service not offered here
          candidates.push_back({pending->services[s].kind, std::move(r.target), r.port});
        }
      }
      if (candidates.empty()) {
        self->fallbackToAddresses();  // §4.2: no SRV: A/AAAA of the domain, default port
      } else {
        self->lookupAddresses(std::move(candidates));
      }
    });
  }
}

void SipResolver::Resolution::lookupAddresses(std::vector<Candidate> candidates) noexcept {
  struct Pending {
    std::vector<Candidate> candidates;
    std::map<std::string, std::vector<std::string>> addresses;  // host -> A then AAAA
    std::size_t left = 0;
  };
  auto pending = std::make_shared<Pending>();
  pending->candidates = std::move(candidates);
  std::vector<std::string> ask;
  for (const Candidate& c : pending->candidates) {
    if (pending->addresses.contains(c.host)) continue;
    auto& list = pending->addresses[c.host];
    if (auto entries = owner_.hosts_.find(c.host); !entries.empty()) {
      for (const HostEntry* e : entries) list.push_back(e->address);  // the table overrides DNS
    } else {
      ask.push_back(c.host);
    }
  }
  auto self = shared_from_this();
  auto complete = [self, pending] {
    std::vector<ResolvedTarget> out;
    for (const Candidate& c : pending->candidates) {
      for (const std::string& ip : pending->addresses[c.host]) {
        if (auto a = SocketAddress::fromIpPort(ip, c.port)) out.push_back({c.kind, *a, self->target_.host});
      }
    }
    self->finish(std::move(out));
  };
  if (ask.empty()) {
    complete();
    return;
  }
  pending->left = ask.size() * 2;
  for (const std::string& host : ask) {
    for (DnsType type : {DnsType::A, DnsType::Aaaa}) {
      owner_.dns_.query(host, type, [self, pending, host, type, complete](Result<DnsAnswer> a) {
        self->noteError(a);
        if (a) {
          auto& list = pending->addresses[host];
          // A records first, AAAA after, whatever order the answers arrive in.
          auto at = type == DnsType::A ? list.begin() : list.end();
          list.insert(at, a->addresses.begin(), a->addresses.end());
        }
        if (--pending->left == 0) complete();
      });
    }
  }
}

SipResolver::SipResolver(DnsClient& dns, Random& random, HostsTable hosts)
    : dns_(dns), random_(random), hosts_(std::move(hosts)), alive_(std::make_shared<bool>(true)) {}

SipResolver::~SipResolver() { *alive_ = false; }

void SipResolver::resolve(const SipTarget& target, Completion done) noexcept {
  std::make_shared<Resolution>(*this, target, std::move(done))->start();
}

void SipResolver::resolveAddress(std::string_view host, TransportKind kind, std::uint16_t port,
                                 Completion done) noexcept {
  SipTarget target{std::string(host), port, kind, kind == TransportKind::Tls};
  std::make_shared<Resolution>(*this, std::move(target), std::move(done))->start();
}

}  // namespace parley::transport
