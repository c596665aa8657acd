// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace parley::syntax {

// HeaderId names every header field Parley knows, so the parser can tag each header line once and
// later lookups are integer compares. The table in header_id.cpp gives each id its canonical name,
// compact form and defining RFC. Unknown headers keep HeaderId::Unknown and are preserved verbatim.
enum class HeaderId : std::uint8_t {
  Unknown = 0,
  Accept, AcceptContact, AcceptEncoding, AcceptLanguage, AlertInfo, Allow, AllowEvents,
  AuthenticationInfo, Authorization, CallId, CallInfo, Contact, ContentDisposition,
  ContentEncoding, ContentLanguage, ContentLength, ContentType, CSeq, Date, ErrorInfo, Event,
  Expires, FlowTimer, From, Identity, InReplyTo, MaxForwards, MinExpires, MinSE, MimeVersion,
  Organization, PAssertedIdentity, PPreferredIdentity, Path, Priority, Privacy,
  ProxyAuthenticate, ProxyAuthorization, ProxyRequire, RAck, Reason, RecordRoute, ReferTo,
  ReferredBy, RejectContact, ReplyTo, RequestDisposition, Require, RetryAfter, Route, RSeq,
  Server, ServiceRoute, SessionExpires, Subject, SubscriptionState, Supported, Timestamp, To,
  Unsupported, UserAgent, Via, Warning, WwwAuthenticate,
  Count_
};

inline constexpr std::size_t kHeaderIdCount = static_cast<std::size_t>(HeaderId::Count_);

// One row of the header table.
struct HeaderInfo {
  HeaderId id;
  std::string_view name;      // canonical spelling, used when Parley writes the header
  char compact;               // compact form (RFC 3261 §7.3.3 and later RFCs), 0 if none
  std::string_view rfc;       // defining document
};

// Case-insensitive lookup of a header name in long or compact form. Unknown names give Unknown.
[[nodiscard]] HeaderId lookupHeader(std::string_view name) noexcept;
// The same for a name of `len` bytes at `name` from which at least kHeaderLookupReadable bytes can
// be read (the parser's case: a name inside a message with more text after it). Saves a copy.
inline constexpr std::size_t kHeaderLookupReadable = 24;
[[nodiscard]] HeaderId lookupHeaderPadded(const char* name, std::size_t len) noexcept;

// The table row for an id (Unknown gives an empty name).
[[nodiscard]] const HeaderInfo& headerInfo(HeaderId id) noexcept;

[[nodiscard]] inline std::string_view headerName(HeaderId id) noexcept { return headerInfo(id).name; }

}  // namespace parley::syntax
