// SPDX-License-Identifier: MIT
#pragma once

#include "transport/sip_resolver.hpp"
#include "tu/proxy/next_hop.hpp"

namespace parley::app {

// SipNextHop answers the proxy core's next-hop question with the worker's RFC 3263 resolver
// (NAPTR, SRV, A/AAAA; the [[dns.hosts]] table first). Owned by the worker next to the resolver it
// wraps; loop thread only.
class SipNextHop final : public tu::NextHopResolver {
 public:
  explicit SipNextHop(transport::SipResolver& resolver) noexcept : resolver_(resolver) {}

  void resolve(const syntax::Uri& uri, Completion done) noexcept override;

 private:
  transport::SipResolver& resolver_;
};

}  // namespace parley::app
