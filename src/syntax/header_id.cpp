// SPDX-License-Identifier: MIT
#include "syntax/header_id.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "syntax/char_class.hpp"

namespace parley::syntax {
namespace {

using H = HeaderId;

// Kept in HeaderId order; a static_assert below checks the count and a unit test the order.
constexpr std::array<HeaderInfo, kHeaderIdCount> kHeaders{{
    {H::Unknown, "", 0, ""},
    {H::Accept, "Accept", 0, "RFC 3261"},
    {H::AcceptContact, "Accept-Contact", 'a', "RFC 3841"},
    {H::AcceptEncoding, "Accept-Encoding", 0, "RFC 3261"},
    {H::AcceptLanguage, "Accept-Language", 0, "RFC 3261"},
    {H::AlertInfo, "Alert-Info", 0, "RFC 3261"},
    {H::Allow, "Allow", 0, "RFC 3261"},
    {H::AllowEvents, "Allow-Events", 'u', "RFC 6665"},
    {H::AuthenticationInfo, "Authentication-Info", 0, "RFC 3261"},
    {H::Authorization, "Authorization", 0, "RFC 3261"},
    {H::CallId, "Call-ID", 'i', "RFC 3261"},
    {H::CallInfo, "Call-Info", 0, "RFC 3261"},
    {H::Contact, "Contact", 'm', "RFC 3261"},
    {H::ContentDisposition, "Content-Disposition", 0, "RFC 3261"},
    {H::ContentEncoding, "Content-Encoding", 'e', "RFC 3261"},
    {H::ContentLanguage, "Content-Language", 0, "RFC 3261"},
    {H::ContentLength, "Content-Length", 'l', "RFC 3261"},
    {H::ContentType, "Content-Type", 'c', "RFC 3261"},
    {H::CSeq, "CSeq", 0, "RFC 3261"},
    {H::Date, "Date", 0, "RFC 3261"},
    {H::ErrorInfo, "Error-Info", 0, "RFC 3261"},
    {H::Event, "Event", 'o', "RFC 6665"},
    {H::Expires, "Expires", 0, "RFC 3261"},
    {H::FlowTimer, "Flow-Timer", 0, "RFC 5626"},
    {H::From, "From", 'f', "RFC 3261"},
    {H::Identity, "Identity", 'y', "RFC 8224"},
    {H::InReplyTo, "In-Reply-To", 0, "RFC 3261"},
    {H::MaxForwards, "Max-Forwards", 0, "RFC 3261"},
    {H::MinExpires, "Min-Expires", 0, "RFC 3261"},
    {H::MinSE, "Min-SE", 0, "RFC 4028"},
    {H::MimeVersion, "MIME-Version", 0, "RFC 3261"},
    {H::Organization, "Organization", 0, "RFC 3261"},
    {H::PAssertedIdentity, "P-Asserted-Identity", 0, "RFC 3325"},
    {H::PPreferredIdentity, "P-Preferred-Identity", 0, "RFC 3325"},
    {H::Path, "Path", 0, "RFC 3327"},
    {H::Priority, "Priority", 0, "RFC 3261"},
    {H::Privacy, "Privacy", 0, "RFC 3323"},
    {H::ProxyAuthenticate, "Proxy-Authenticate", 0, "RFC 3261"},
    {H::ProxyAuthorization, "Proxy-Authorization", 0, "RFC 3261"},
    {H::ProxyRequire, "Proxy-Require", 0, "RFC 3261"},
    {H::RAck, "RAck", 0, "RFC 3262"},
    {H::Reason, "Reason", 0, "RFC 3326"},
    {H::RecordRoute, "Record-Route", 0, "RFC 3261"},
    {H::ReferTo, "Refer-To", 'r', "RFC 3515"},
    {H::ReferredBy, "Referred-By", 'b', "RFC 3892"},
    {H::RejectContact, "Reject-Contact", 'j', "RFC 3841"},
    {H::ReplyTo, "Reply-To", 0, "RFC 3261"},
    {H::RequestDisposition, "Request-Disposition", 'd', "RFC 3841"},
    {H::Require, "Require", 0, "RFC 3261"},
    {H::RetryAfter, "Retry-After", 0, "RFC 3261"},
    {H::Route, "Route", 0, "RFC 3261"},
    {H::RSeq, "RSeq", 0, "RFC 3262"},
    {H::Server, "Server", 0, "RFC 3261"},
    {H::ServiceRoute, "Service-Route", 0, "RFC 3608"},
    {H::SessionExpires, "Session-Expires", 'x', "RFC 4028"},
    {H::Subject, "Subject", 's', "RFC 3261"},
    {H::SubscriptionState, "Subscription-State", 0, "RFC 6665"},
    {H::Supported, "Supported", 'k', "RFC 3261"},
    {H::Timestamp, "Timestamp", 0, "RFC 3261"},
    {H::To, "To", 't', "RFC 3261"},
    {H::Unsupported, "Unsupported", 0, "RFC 3261"},
    {H::UserAgent, "User-Agent", 0, "RFC 3261"},
    {H::Via, "Via", 'v', "RFC 3261"},
    {H::Warning, "Warning", 0, "RFC 3261"},
    {H::WwwAuthenticate, "WWW-Authenticate", 0, "RFC 3261"},
}};

constexpr bool tableInOrder() {
  for (std::size_t i = 0; i < kHeaders.size(); ++i) {
    if (static_cast<std::size_t>(kHeaders[i].id) != i) return false;
  }
  return true;
}
static_assert(tableInOrder(), "kHeaders must list the headers in HeaderId order");

// Buckets keyed by (length, lower-case first letter); each holds the few ids that share the key.
// Long names and compact forms share the structure (compact forms have length 1).
constexpr std::size_t kSlots = 4;
constexpr std::size_t kLengths = 24;  // the longest name, "P-Preferred-Identity", is 20

struct Buckets {
  std::array<std::array<HeaderId, kSlots>, kLengths * 32> cells{};
};

constexpr std::size_t bucketOf(std::size_t len, char first) {
  return len * 32 + (static_cast<unsigned char>(cc::toLower(first)) & 31u);
}

constexpr bool place(Buckets& b, std::size_t cell, HeaderId id) {
  for (auto& slot : b.cells[cell]) {
    if (slot == HeaderId::Unknown) {
      slot = id;
      return true;
    }
  }
  return false;
}

constexpr Buckets makeBuckets() {
  Buckets b{};
  for (std::size_t i = 1; i < kHeaders.size(); ++i) {
    const HeaderInfo& h = kHeaders[i];
    if (!place(b, bucketOf(h.name.size(), h.name[0]), h.id)) throw "header bucket overflow";
    if (h.compact != 0 && !place(b, bucketOf(1, h.compact), h.id)) throw "header bucket overflow";
  }
  return b;
}

constexpr Buckets kBuckets = makeBuckets();

// Each name as three little-endian 64-bit words of its lower-case spelling, and beside them a mask
// with 0x20 at every letter. For a letter, (c | 0x20) equals the lower-case letter exactly when c
// is that letter in either case; every other byte must match exactly (mask 0), so a control
// character can never pass for '-' or a digit. A name then costs one to three word compares
// instead of a loop lowering it character by character (header names are looked up on every line).
struct NameWords {
  std::array<std::uint64_t, 3> lower{};
  std::array<std::uint64_t, 3> letters{};
  std::array<std::uint64_t, 3> keep{};  // 0xff for each byte of the name, 0 past its end
};
static_assert(kLengths <= 3 * 8, "three words hold the longest name");

constexpr std::array<NameWords, kHeaderIdCount> makeNameWords() {
  std::array<NameWords, kHeaderIdCount> out{};
  for (std::size_t i = 0; i < kHeaders.size(); ++i) {
    for (std::size_t j = 0; j < kHeaders[i].name.size(); ++j) {
      const char c = kHeaders[i].name[j];
      const unsigned shift = 8 * (j % 8);
      out[i].lower[j / 8] |= std::uint64_t{static_cast<unsigned char>(cc::toLower(c))} << shift;
      if (cc::is(c, cc::kAlpha)) out[i].letters[j / 8] |= std::uint64_t{0x20} << shift;
      out[i].keep[j / 8] |= std::uint64_t{0xff} << shift;
    }
  }
  return out;
}
constexpr std::array<NameWords, kHeaderIdCount> kNameWords = makeNameWords();

std::uint64_t loadWord(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

// Always three words, without branches: the caller guarantees 24 readable bytes, and `keep`
// ignores what follows the name.
bool sameName(const char* name, const NameWords& words) noexcept {
  std::uint64_t diff = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    diff |= ((loadWord(name + k * 8) | words.letters[k]) ^ words.lower[k]) & words.keep[k];
  }
  return diff == 0;
}

}  // namespace

HeaderId lookupHeaderPadded(const char* name, std::size_t len) noexcept {
  if (len == 0 || len >= kLengths) return HeaderId::Unknown;
  for (HeaderId id : kBuckets.cells[bucketOf(len, name[0])]) {
    if (id == HeaderId::Unknown) break;
    const auto index = static_cast<std::size_t>(id);
    if (len == 1) {
      if (cc::toLower(name[0]) == cc::toLower(kHeaders[index].compact)) return id;
      continue;
    }
    if (sameName(name, kNameWords[index])) return id;  // the bucket guarantees the length
  }
  return HeaderId::Unknown;
}

HeaderId lookupHeader(std::string_view name) noexcept {
  if (name.empty() || name.size() >= kLengths) return HeaderId::Unknown;
  std::array<char, kLengths> padded{};
  std::memcpy(padded.data(), name.data(), name.size());
  return lookupHeaderPadded(padded.data(), name.size());
}

const HeaderInfo& headerInfo(HeaderId id) noexcept {
  auto i = static_cast<std::size_t>(id);
  return kHeaders[i < kHeaders.size() ? i : 0];
}

}  // namespace parley::syntax
