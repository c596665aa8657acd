// SPDX-License-Identifier: MIT
#include "app/sip_next_hop.hpp"

#include <utility>

namespace parley::app {

void SipNextHop::resolve(const syntax::Uri& uri, Completion done) noexcept {
  auto target = transport::SipTarget::fromUri(uri);
  if (!target) {
    done(tl::unexpected(target.error()));
    return;
  }
  resolver_.resolve(*target, [done = std::move(done)](Result<std::vector<transport::ResolvedTarget>> found) {
    if (!found) {
      done(tl::unexpected(found.error()));
      return;
    }
    // TLS checks the certificate against the URI's domain, not the address it resolved to.
    std::vector<txn::TransportTarget> hops;
    hops.reserve(found->size());
    for (const transport::ResolvedTarget& r : *found) {
      hops.push_back(txn::TransportTarget::of(r.kind, r.address.ip(), r.address.port()));
      if (r.kind == transport::TransportKind::Tls) hops.back().serverName = r.serverName;
    }
    done(std::move(hops));
  });
}

}  // namespace parley::app
