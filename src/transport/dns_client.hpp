// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace parley::transport {

// The DNS record types RFC 3263 §4 walks: NAPTR (RFC 3403), SRV (RFC 2782), A and AAAA.
enum class DnsType : std::uint8_t { Naptr, Srv, A, Aaaa };

// One NAPTR record (RFC 3403 §4.1); only the fields RFC 3263 §4.1 uses.
struct NaptrRecord {
  std::uint16_t order = 0;
  std::uint16_t preference = 0;
  std::string flags;        // "s" for SIP: the replacement names an SRV record
  std::string service;      // "SIP+D2U", "SIP+D2T", "SIPS+D2T" ...
  std::string replacement;  // "_sip._udp.example.com"
};

// One SRV record (RFC 2782).
struct SrvRecord {
  std::uint16_t priority = 0;
  std::uint16_t weight = 0;
  std::uint16_t port = 0;
  std::string target;  // "." means: the service is decidedly not available at this domain
};

// The records of one answer, of the type asked for. "No such name" and "no records of that type"
// are both an empty answer, not an error: RFC 3263 treats them alike (go to the next step).
struct DnsAnswer {
  std::vector<NaptrRecord> naptr;
  std::vector<SrvRecord> srv;
  std::vector<std::string> addresses;  // A / AAAA as text: "192.0.2.1", "2001:db8::1"
};

// DnsClient is the seam between the RFC 3263 rules (SipResolver) and whatever answers DNS
// questions: c-ares on the event loop in production (AresDnsClient), scripted answers in unit
// tests. A query completes exactly once, later or before query() returns; an error (timeout,
// server failure, refused) is a Result error, Errc::Io. Owned by the worker, which outlives the
// resolver using it; loop thread only.
class DnsClient {
 public:
  using Completion = std::function<void(Result<DnsAnswer>)>;

  virtual ~DnsClient() = default;
  virtual void query(std::string_view name, DnsType type, Completion done) noexcept = 0;

 protected:
  DnsClient() = default;
  DnsClient(const DnsClient&) = default;
  DnsClient& operator=(const DnsClient&) = default;
};

}  // namespace parley::transport
