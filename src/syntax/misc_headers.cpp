// SPDX-License-Identifier: MIT
#include "syntax/misc_headers.hpp"

#include <array>

#include "syntax/header_params.hpp"
#include "syntax/scanner.hpp"

namespace parley::syntax {
namespace {

constexpr std::array<std::string_view, 7> kWkday{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonth{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int twoDigits(std::string_view s, std::size_t at) {
  if (at + 2 > s.size() || !cc::isDigit(s[at]) || !cc::isDigit(s[at + 1])) return -1;
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

Result<std::vector<std::string_view>> parseTokenList(const SipMessage& m, HeaderId id) {
  std::vector<std::string_view> out;
  for (const HeaderField& h : m.headers()) {
    if (h.id != id) continue;
    Scanner s(h.value, headerName(id));
    if (s.atEnd()) continue;
    for (;;) {
      std::string_view tok = s.token();
      if (tok.empty()) {
        Error e = s.makeError("expected a token");
        e.offset += m.offsetOf(h.value);
        return tl::unexpected(e);
      }
      out.push_back(tok);
      if (s.atEnd()) break;
      if (!s.separator(',')) {
        Error e = s.makeError("expected ','");
        e.offset += m.offsetOf(h.value);
        return tl::unexpected(e);
      }
    }
  }
  return out;
}

Result<MediaType> parseMediaType(std::string_view value) noexcept {
  Scanner s(value, "Content-Type");
  s.skipLws();
  MediaType mt;
  mt.type = s.token();
  if (mt.type.empty()) return s.error("missing media type");
  if (!s.separator('/')) return s.error("expected '/'");
  mt.subtype = s.token();
  if (mt.subtype.empty()) return s.error("missing media subtype");
  auto params = scanHeaderParams(s, [](const Param& p) -> std::string_view {
    return p.hasValue ? std::string_view{} : "media parameter without value";
  });
  if (!params) return tl::unexpected(params.error());
  mt.params = *params;
  s.skipLws();
  if (!s.atEnd()) return s.error("unexpected character");
  return mt;
}

Result<std::int64_t> parseDate(std::string_view value) noexcept {
  std::string_view v = trimLws(value);
  auto bad = [&](std::string_view what) { return fail(Errc::Malformed, what, "Date", 400, 0); };
  // "Sat, 13 Nov 2010 23:29:00 GMT" is exactly 29 characters.
  if (v.size() != 29 || v[3] != ',' || v[4] != ' ' || v[7] != ' ' || v[11] != ' ' || v[16] != ' ' ||
      v[19] != ':' || v[22] != ':' || v[25] != ' ') {
    return bad("not an rfc1123-date");
  }
  bool wk = false;
  for (auto w : kWkday) wk = wk || v.substr(0, 3) == w;
  if (!wk) return bad("invalid weekday");
  unsigned month = 0;
  for (unsigned i = 0; i < kMonth.size(); ++i) {
    if (v.substr(8, 3) == kMonth[i]) month = i + 1;
  }
  if (month == 0) return bad("invalid month");
  int day = twoDigits(v, 5), y1 = twoDigits(v, 12), y2 = twoDigits(v, 14);
  int hh = twoDigits(v, 17), mm = twoDigits(v, 20), ss = twoDigits(v, 23);
  if (day < 1 || day > 31 || y1 < 0 || y2 < 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
    return bad("invalid date or time");
  }
  if (v.substr(26) != "GMT") return bad("time zone must be GMT");
  std::int64_t days = daysFromCivil(y1 * 100 + y2, month, static_cast<unsigned>(day));
  return days * 86400 + hh * 3600 + mm * 60 + ss;
}

void formatDate(std::int64_t t, std::string& out) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  // Civil date from days (inverse of daysFromCivil).
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  auto wd = static_cast<std::size_t>((days % 7 + 11) % 7);  // 1970-01-01 was a Thursday
  char buf[32];
  auto two = [](char* p, unsigned n) {
    p[0] = static_cast<char>('0' + n / 10);
    p[1] = static_cast<char>('0' + n % 10);
  };
  std::string_view w = kWkday[wd], mo = kMonth[m - 1];
  buf[0] = w[0], buf[1] = w[1], buf[2] = w[2], buf[3] = ',', buf[4] = ' ';
  two(buf + 5, d);
  buf[7] = ' ', buf[8] = mo[0], buf[9] = mo[1], buf[10] = mo[2], buf[11] = ' ';
  two(buf + 12, static_cast<unsigned>(y / 100));
  two(buf + 14, static_cast<unsigned>(y % 100));
  buf[16] = ' ';
  two(buf + 17, static_cast<unsigned>(secs / 3600));
  buf[19] = ':';
  two(buf + 20, static_cast<unsigned>(secs / 60 % 60));
  buf[22] = ':';
  two(buf + 23, static_cast<unsigned>(secs % 60));
  buf[25] = ' ', buf[26] = 'G', buf[27] = 'M', buf[28] = 'T';
  out.append(buf, 29);
}

Result<std::uint32_t> parseRetryAfter(std::string_view value) noexcept {
  Scanner s(value, "Retry-After");
  s.skipLws();
  std::string_view num = s.take(cc::kDigit);
  auto secs = parseDeltaSeconds(num, "Retry-After");
  if (!secs) return s.error("not a number of seconds");
  s.skipLws();
  if (s.peek() == '(') {
    // comment = LPAREN *(ctext / quoted-pair / comment) RPAREN
    int depth = 0;
    while (!s.atEnd()) {
      char c = s.peek();
      if (c == '\\') {
        s.advance(2);
        continue;
      }
      s.advance();
      if (c == '(') ++depth;
      if (c == ')' && --depth == 0) break;
    }
    if (depth != 0) return s.error("unterminated comment");
  }
  auto params = scanHeaderParams(s, [](const Param&) { return std::string_view{}; });
  if (!params) return tl::unexpected(params.error());
  s.skipLws();
  if (!s.atEnd()) return s.error("unexpected character");
  return *secs;
}

}  // namespace parley::syntax
