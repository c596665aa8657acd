// SPDX-License-Identifier: MIT
#include "transport/ares_dns_client.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ares.h>
#include <sys/epoll.h>

#include <mutex>
#include <new>

namespace parley::transport {
namespace {

int recordType(DnsType t) noexcept {
  switch (t) {
    case DnsType::Naptr: return ns_t_naptr;
    case DnsType::Srv: return ns_t_srv;
    case DnsType::A: return ns_t_a;
    case DnsType::Aaaa: return ns_t_aaaa;
  }
  return ns_t_a;
}

template <class Char>
std::string text(const Char* s) {
  return s != nullptr ? std::string(reinterpret_cast<const char*>(s)) : std::string();
}

// A or AAAA records as text, through c-ares' parser for that type.
template <class Ttl, class Parser, class Field>
int parseAddresses(Parser parser, Field field, int family, const unsigned char* buf, int len, DnsAnswer& out) {
  Ttl records[32];
  int n = 32;
  int status = parser(buf, len, nullptr, records, &n);
  char ip[INET6_ADDRSTRLEN];
  for (int i = 0; status == ARES_SUCCESS && i < n; ++i) {
    if (inet_ntop(family, &(records[i].*field), ip, sizeof ip) != nullptr) out.addresses.emplace_back(ip);
  }
  return status;
}

// Parses one answer of the type asked for. ARES_ENODATA (no records of that type) is an empty
// answer, like NXDOMAIN.
int parse(DnsType type, const unsigned char* buf, int len, DnsAnswer& out) {
  switch (type) {
    case DnsType::Naptr: {
      ares_naptr_reply* list = nullptr;
      int status = ares_parse_naptr_reply(buf, len, &list);
      for (ares_naptr_reply* r = list; r != nullptr; r = r->next) {
        out.naptr.push_back({r->order, r->preference, text(r->flags), text(r->service), text(r->replacement)});
      }
      ares_free_data(list);
      return status;
    }
    case DnsType::Srv: {
      ares_srv_reply* list = nullptr;
      int status = ares_parse_srv_reply(buf, len, &list);
      for (ares_srv_reply* r = list; r != nullptr; r = r->next) {
        out.srv.push_back({r->priority, r->weight, r->port, r->host != nullptr ? r->host : ""});
      }
      ares_free_data(list);
      return status;
    }
    case DnsType::A:
      return parseAddresses<ares_addrttl>(&ares_parse_a_reply, &ares_addrttl::ipaddr, AF_INET, buf, len, out);
    case DnsType::Aaaa:
      return parseAddresses<ares_addr6ttl>(&ares_parse_aaaa_reply, &ares_addr6ttl::ip6addr, AF_INET6, buf, len, out);
  }
  return ARES_EBADRESP;
}

}  // namespace

struct AresDnsClient::Query {
  DnsType type;
  Completion done;
};

Result<std::unique_ptr<AresDnsClient>> AresDnsClient::create(EventLoop& loop, const DnsSettings& settings) {
  static std::once_flag once;
  static int initialised = ARES_SUCCESS;
  std::call_once(once, [] { initialised = ares_library_init(ARES_LIB_INIT_ALL); });
  if (initialised != ARES_SUCCESS) return fail(Errc::Io, "cannot initialise c-ares", "dns", 0);

  std::unique_ptr<AresDnsClient> self(new AresDnsClient(loop));
  ares_options options{};
  options.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;  // SIP names are fully qualified
  options.timeout = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(settings.timeout).count());
  options.tries = settings.tries;
  options.sock_state_cb = &AresDnsClient::onSocketState;
  options.sock_state_cb_data = self.get();
  int mask = ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB;
  if (ares_init_options(&self->channel_, &options, mask) != ARES_SUCCESS) {
    return fail(Errc::Io, "cannot create a c-ares channel", "dns", 0);
  }
  if (!settings.servers.empty()) {
    std::string csv;
    for (const std::string& s : settings.servers) csv += (csv.empty() ? "" : ",") + s;
    if (ares_set_servers_ports_csv(self->channel_, csv.c_str()) != ARES_SUCCESS) {
      return fail(Errc::Malformed, "invalid DNS server address", "dns.servers", 0);
    }
  }
  return self;
}

AresDnsClient::~AresDnsClient() {
  loop_.timers().cancel(timer_);
  // ares_destroy completes every outstanding query with ARES_EDESTRUCTION; onAnswer drops those.
  if (channel_ != nullptr) ares_destroy(channel_);
  for (int fd : watched_) loop_.unwatch(fd);
}

void AresDnsClient::query(std::string_view name, DnsType type, Completion done) noexcept {
  auto* q = new (std::nothrow) Query{type, std::move(done)};
  if (q == nullptr) return;  // out of memory: STYLE §6 ends the process elsewhere; nothing to complete
  std::string owned(name);
  ares_query(channel_, owned.c_str(), ns_c_in, recordType(type), &AresDnsClient::onAnswer, q);
  rearmTimer();
}

void AresDnsClient::onAnswer(void* arg, int status, int /*timeouts*/, unsigned char* answer, int length) {
  std::unique_ptr<Query> q(static_cast<Query*>(arg));
  if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) return;
  DnsAnswer out;
  if (status == ARES_SUCCESS) status = parse(q->type, answer, length, out);
  if (status == ARES_SUCCESS || status == ARES_ENOTFOUND || status == ARES_ENODATA) {
    q->done(std::move(out));
    return;
  }
  // ares_strerror returns static text ("Timeout while contacting DNS servers" ...).
  q->done(fail(Errc::Io, ares_strerror(status), "DNS", 0));
}

void AresDnsClient::onSocketState(void* arg, int fd, int readable, int writable) {
  auto* self = static_cast<AresDnsClient*>(arg);
  std::uint32_t events = (readable ? EPOLLIN : 0u) | (writable ? EPOLLOUT : 0u);
  if (events == 0) {
    self->loop_.unwatch(fd);
    self->watched_.erase(fd);
    return;
  }
  if (self->watched_.contains(fd)) {
    (void)self->loop_.modify(fd, events);
    return;
  }
  auto watched = self->loop_.watch(fd, events, [self, fd](std::uint32_t ev) {
    bool in = (ev & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0;
    self->process(in ? fd : ARES_SOCKET_BAD, (ev & EPOLLOUT) != 0 ? fd : ARES_SOCKET_BAD);
  });
  if (watched) self->watched_.insert(fd);
}

void AresDnsClient::process(int readFd, int writeFd) noexcept {
  ares_process_fd(channel_, readFd, writeFd);
  rearmTimer();
}

void AresDnsClient::rearmTimer() noexcept {
  loop_.timers().cancel(timer_);
  timer_ = TimerId{};
  timeval tv{};
  if (ares_timeout(channel_, nullptr, &tv) == nullptr) return;  // nothing outstanding
  auto delay = std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
  timer_ = loop_.runAfter(std::chrono::duration_cast<Duration>(delay), [this] {
    timer_ = TimerId{};
    process(ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  });
}

}  // namespace parley::transport
