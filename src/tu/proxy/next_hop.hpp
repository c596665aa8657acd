// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <vector>

#include "base/result.hpp"
#include "syntax/uri.hpp"
#include "txn/transport_target.hpp"

namespace parley::tu {

// NextHopResolver is the proxy core's seam to RFC 3263 §4: the ordered (transport, address,
// port) list to try for the URI of a next hop (top Route value, else the Request-URI). The proxy
// starts a client transaction to the first and moves to the next when the transport fails or the
// transaction times out (§4.3). `done` runs on the calling loop, possibly before resolve()
// returns; an error means nothing could be found (the branch counts as a 503, §16.9).
// Implemented by the application over transport::SipResolver; tests give a table. Owned by the
// worker; loop thread only.
class NextHopResolver {
 public:
  using Completion = std::function<void(Result<std::vector<txn::TransportTarget>>)>;
  virtual ~NextHopResolver() = default;
  virtual void resolve(const syntax::Uri& uri, Completion done) noexcept = 0;
};

}  // namespace parley::tu
