// SPDX-License-Identifier: MIT
#include "tu/proxy/request_validation.hpp"

#include <algorithm>

#include "syntax/char_class.hpp"
#include "syntax/misc_headers.hpp"
#include "syntax/scanner.hpp"
#include "tu/proxy/branch.hpp"

namespace parley::tu {
namespace {

using syntax::HeaderId;

RequestCheck reject(std::uint16_t status, std::string reason = {}, std::string headers = {}) {
  return RequestCheck{Verdict::Reject, Reply(status, std::move(reason), std::move(headers))};
}

bool schemeUnderstood(const syntax::Uri& uri, const ValidationPolicy& policy) noexcept {
  return uri.isSip() || (policy.allowTel && uri.scheme == syntax::UriScheme::Tel);
}

// §16.3 step 5: the Unsupported line for the Proxy-Require tags we do not know; empty if none.
Result<std::string> unsupportedLine(const syntax::SipMessage& request, const ValidationPolicy& policy) {
  auto tags = syntax::parseTokenList(request, HeaderId::ProxyRequire);
  if (!tags) return tl::unexpected(tags.error());
  std::string line;
  for (std::string_view tag : *tags) {
    bool known = std::any_of(policy.proxySupported.begin(), policy.proxySupported.end(),
                             [&](const std::string& s) { return syntax::iequals(s, tag); });
    if (known) continue;
    line.append(line.empty() ? "Unsupported: " : ", ");
    line.append(tag);
  }
  if (!line.empty()) line.append("\r\n");
  return line;
}

}  // namespace

bool hasLooped(const syntax::SipMessage& request, const IsOurAddress& ours) noexcept {
  std::string hash;  // computed on the first Via of ours only: most requests have none
  for (const syntax::HeaderField& h : request.headers()) {
    if (h.id != HeaderId::Via) continue;
    syntax::Scanner s(h.value, "Via");
    while (!s.atEnd()) {
      auto via = syntax::parseVia(s);
      if (!via) break;  // the parser checked the top Via only; a broken lower one proves nothing
      if (isOurVia(ours, *via)) {
        auto carried = loopHashOf(via->branch);
        if (carried) {
          if (hash.empty()) hash = loopDetectionHash(request);
          if (*carried == hash) return true;
        }
      }
      s.skipLws();
      if (!s.separator(',')) break;
    }
  }
  return false;
}

RequestCheck validateRequest(const syntax::SipMessage& request, const ValidationPolicy& policy,
                             const IsOurAddress& ours) noexcept {
  const syntax::Uri& target = request.requestUri();
  if (!schemeUnderstood(target, policy)) return reject(416);
  if (request.maxForwards() == std::optional<std::uint8_t>(0)) {
    // §16.3 step 3: "If the request is an OPTIONS request, the element MAY act as the final
    // recipient". We do so only for OPTIONS to the server itself; the rest get 483.
    bool toUs = target.isSip() && !target.hasUserInfo && isOurUri(ours, target);
    if (request.method() == syntax::Method::Options && toUs) return RequestCheck{Verdict::AnswerAsUas, Reply(0)};
    return reject(483);
  }
  if (policy.loopDetection && hasLooped(request, ours)) return reject(482);
  auto unsupported = unsupportedLine(request, policy);
  if (!unsupported) return reject(400, unsupported.error().reasonPhrase());
  if (!unsupported->empty()) return reject(420, {}, std::move(*unsupported));
  return RequestCheck{};
}

}  // namespace parley::tu
