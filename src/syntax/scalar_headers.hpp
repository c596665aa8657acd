// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.hpp"
#include "syntax/method.hpp"

namespace parley::syntax {

// CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number must be below 2**31 (§8.1.1.5).
struct CSeq {
  std::uint32_t number = 0;
  Method method = Method::Unknown;
  std::string_view methodText;
};

[[nodiscard]] Result<CSeq> parseCSeq(std::string_view value) noexcept;

// Max-Forwards = 1*DIGIT, 0..255 (§20.22).
[[nodiscard]] Result<std::uint8_t> parseMaxForwards(std::string_view value) noexcept;

// Content-Length = 1*DIGIT (§20.14). Values above `limit` are refused as too large.
[[nodiscard]] Result<std::uint32_t> parseContentLength(std::string_view value, std::uint32_t limit) noexcept;

// delta-seconds = 1*DIGIT (§25.1), as in Expires, Min-Expires and the expires parameter. Values
// above 2**32-1 are taken as 2**32-1 (§20.19, §10.2.1.1).
[[nodiscard]] Result<std::uint32_t> parseDeltaSeconds(std::string_view value, std::string_view where) noexcept;

// callid = word [ "@" word ] (§25.1). Checks the grammar; the value itself is the trimmed text.
[[nodiscard]] Result<std::string_view> parseCallId(std::string_view value) noexcept;

}  // namespace parley::syntax
