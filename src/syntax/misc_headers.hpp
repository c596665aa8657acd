// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <ctime>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "syntax/message.hpp"

namespace parley::syntax {

// Comma-separated tokens of every line of a header: Require, Proxy-Require, Supported,
// Unsupported, Allow (§20.32, §20.29, §20.37, §20.40, §20.5). An empty list is allowed for
// Supported and Allow (written as an empty header).
[[nodiscard]] Result<std::vector<std::string_view>> parseTokenList(const SipMessage& m, HeaderId id);

// Content-Type = media-type (§20.15): type "/" subtype *( SEMI m-parameter ).
struct MediaType {
  std::string_view type;
  std::string_view subtype;
  std::string_view params;  // ";charset=utf-8" as written
};
[[nodiscard]] Result<MediaType> parseMediaType(std::string_view value) noexcept;

// Date = rfc1123-date (§20.17): wkday "," SP 2DIGIT SP month SP 4DIGIT SP HH:MM:SS SP "GMT".
// Returns seconds since the epoch.
[[nodiscard]] Result<std::int64_t> parseDate(std::string_view value) noexcept;

// Writes `t` (seconds since the epoch) as an rfc1123-date into out (29 characters).
void formatDate(std::int64_t t, std::string& out);

// Retry-After = delta-seconds [ comment ] *( SEMI retry-param ) (§20.33). Returns the seconds.
[[nodiscard]] Result<std::uint32_t> parseRetryAfter(std::string_view value) noexcept;

}  // namespace parley::syntax
