// SPDX-License-Identifier: MIT
#include "tu/proxy/branch.hpp"

#include <array>

#include "syntax/scanner.hpp"

namespace parley::tu {
namespace {

constexpr std::string_view kCookie = "z9hG4bK";
constexpr std::size_t kHashDigits = 16;
constexpr std::string_view kLoopTags = "0123456789abcdefghijklmnopqrstuvwxyz";

// FNV-1a 64: stable across processes and restarts, which a loop check comparing a hash we wrote
// earlier needs; collisions only cost a spurious 482, at odds of 2^-64.
class Fnv1a {
 public:
  // Each field is preceded by its length so that ("ab", "c") and ("a", "bc") differ.
  void field(std::string_view s) noexcept {
    std::uint64_t n = s.size();
    for (int i = 0; i < 8; ++i) byte(static_cast<unsigned char>(n >> (8 * i)));
    for (char c : s) byte(static_cast<unsigned char>(c));
  }
  [[nodiscard]] std::uint64_t value() const noexcept { return h_; }

 private:
  void byte(unsigned char c) noexcept {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

// The first Route value as written (the whole line when it does not parse: the hash only needs to
// be the same both times).
std::string_view topRouteText(const syntax::SipMessage& m) noexcept {
  const syntax::HeaderField* route = m.find(syntax::HeaderId::Route);
  if (route == nullptr) return {};
  syntax::Scanner s(route->value, "Route");
  auto first = syntax::parseNameAddr(s, true);
  return first ? first->text : route->value;
}

bool isHex(std::string_view s) noexcept {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string loopDetectionHash(const syntax::SipMessage& request) {
  Fnv1a h;
  h.field(request.requestUri().text);
  h.field(topRouteText(request));
  syntax::forEachHeader(request, syntax::HeaderId::ProxyRequire, [&](const syntax::HeaderField& f) { h.field(f.value); });
  syntax::forEachHeader(request, syntax::HeaderId::ProxyAuthorization,
                        [&](const syntax::HeaderField& f) { h.field(f.value); });
  h.field(request.to().tag);
  h.field(request.from().tag);
  h.field(request.callId());
  std::array<char, 4> cseq{};
  for (std::size_t i = 0; i < cseq.size(); ++i) cseq[i] = static_cast<char>(request.cseq().number >> (8 * i));
  h.field(std::string_view(cseq.data(), cseq.size()));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(kHashDigits, '0');
  std::uint64_t v = h.value();
  for (std::size_t i = kHashDigits; i-- > 0; v >>= 4) out[i] = kDigits[v & 0xf];
  return out;
}

std::string makeBranch(std::string_view loopHash, Random& random, std::optional<unsigned> loop) {
  std::string b(kCookie);
  if (!loopHash.empty()) {
    b.append(loopHash);
    b.push_back('.');
  }
  if (loop) {
    b.push_back(kLoopTags[*loop % kLoopTags.size()]);
    b.append(random.token(11));
  } else {
    b.append(random.token(12));
  }
  return b;
}

std::optional<unsigned> loopOfBranch(std::string_view branch) noexcept {
  if (branch.size() <= kCookie.size() || branch.substr(0, kCookie.size()) != kCookie) return {};
  std::size_t at = loopHashOf(branch) ? kCookie.size() + kHashDigits + 1 : kCookie.size();
  if (at >= branch.size()) return {};
  std::size_t tag = kLoopTags.find(branch[at]);
  if (tag == std::string_view::npos) return {};
  return static_cast<unsigned>(tag);
}

std::optional<std::string_view> loopHashOf(std::string_view branch) noexcept {
  if (branch.size() <= kCookie.size() + kHashDigits + 1 || branch.substr(0, kCookie.size()) != kCookie) return {};
  std::string_view hash = branch.substr(kCookie.size(), kHashDigits);
  if (branch[kCookie.size() + kHashDigits] != '.' || !isHex(hash)) return {};
  return hash;
}

std::string viaValue(txn::TransportKind transport, std::string_view host, std::uint16_t port,
                     std::string_view branch, bool rport) {
  std::string v = "SIP/2.0/";
  v.append(transport::viaToken(transport));
  v.push_back(' ');
  bool bracket = host.find(':') != std::string_view::npos && host.front() != '[';
  if (bracket) v.push_back('[');
  v.append(host);
  if (bracket) v.push_back(']');
  v.push_back(':');
  v.append(std::to_string(port));
  v.append(";branch=");
  v.append(branch);
  if (rport) v.append(";rport");
  return v;
}

}  // namespace parley::tu
