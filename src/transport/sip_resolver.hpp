// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/random.hpp"
#include "base/result.hpp"
#include "syntax/uri.hpp"
#include "transport/dns_client.hpp"
#include "transport/hosts_table.hpp"
#include "transport/socket_address.hpp"
#include "transport/transport_kind.hpp"

namespace parley::transport {

// What RFC 3263 §4 starts from: the TARGET host (maddr if present, else the URI host), the port and
// transport parameter if the URI has them, and whether it is a sips URI. Plain value; any thread.
struct SipTarget {
  std::string host;  // name or IP literal (IPv6 without brackets)
  std::optional<std::uint16_t> port;
  std::optional<TransportKind> transport;  // from ;transport=
  bool secure = false;                     // sips: only TLS is acceptable (RFC 3263 §4.1)

  // From a SIP or SIPS URI; fails for other schemes and for transports Parley does not speak.
  [[nodiscard]] static Result<SipTarget> fromUri(const syntax::Uri& uri) noexcept;
};

// One place to send to, in the order RFC 3263 gives. `serverName` is the domain the TLS
// certificate must match (RFC 5922 §4: the host of the URI, not the SRV target).
struct ResolvedTarget {
  TransportKind kind = TransportKind::Udp;
  SocketAddress address;
  std::string serverName;
};

// SipResolver models the client side of RFC 3263 §4: for a SIP/SIPS URI it produces the ordered
// list of (transport, IP, port) to try — numeric hosts as they are, an explicit port with A/AAAA
// only, otherwise NAPTR (order, preference; SIPS+D2T only for sips), then SRV (priority, weighted
// random choice of RFC 2782), then A/AAAA. The caller walks the list on failure (§4.3: a new
// transaction per target). The static HostsTable overrides DNS for every name it holds. DNS is
// asked through the DnsClient seam; randomness comes from the injected Random.
// Owned by the worker; loop thread only. Completions run on the loop (possibly inside resolve()).
class SipResolver {
 public:
  using Completion = std::function<void(Result<std::vector<ResolvedTarget>>)>;

  SipResolver(DnsClient& dns, Random& random, HostsTable hosts);
  ~SipResolver();
  SipResolver(const SipResolver&) = delete;
  SipResolver& operator=(const SipResolver&) = delete;

  // The whole RFC 3263 §4 walk. Errors: Errc::Missing when the name has no usable record,
  // Errc::Io when DNS failed (timeout, server failure) and nothing else was found,
  // Errc::Unsupported for sips with transport=udp.
  void resolve(const SipTarget& target, Completion done) noexcept;

  // A/AAAA only (hosts table first) for a next hop whose transport and port are already chosen.
  void resolveAddress(std::string_view host, TransportKind kind, std::uint16_t port, Completion done) noexcept;

 private:
  class Resolution;
  DnsClient& dns_;
  Random& random_;
  HostsTable hosts_;
  // Alive while a resolution may still complete; a resolution outliving the resolver (a late DNS
  // answer during shutdown) finds it reset and completes nothing.
  std::shared_ptr<bool> alive_;
};

// RFC 2782 ordering: ascending priority; within one priority, repeated weighted random choice
// (weight 0 records first in the running list, so they are chosen only by a zero draw or last).
[[nodiscard]] std::vector<SrvRecord> orderSrv(std::vector<SrvRecord> records, Random& random);

// RFC 3263 §4.1: the NAPTR records a client may use, in (order, preference) order: flag "s" and a
// service Parley speaks (SIP+D2U, SIP+D2T, SIPS+D2T; for sips only SIPS+D2T), each with its
// transport.
struct NaptrChoice {
  TransportKind kind;
  std::string srvName;
};
[[nodiscard]] std::vector<NaptrChoice> usableNaptr(std::vector<NaptrRecord> records, bool secure);

}  // namespace parley::transport
