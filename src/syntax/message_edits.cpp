// SPDX-License-Identifier: MIT
#include "syntax/message_edits.hpp"

#include <algorithm>
#include <charconv>

#include "syntax/name_addr.hpp"
#include "syntax/via.hpp"

namespace parley::syntax {
namespace {

void appendHeader(std::string& out, HeaderId id, std::string_view value) {
  out.append(headerName(id));
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

// The index of the first header with this id, or npos.
std::size_t indexOf(const SipMessage& m, HeaderId id) {
  const auto& hs = m.headers();
  for (std::size_t i = 0; i < hs.size(); ++i) {
    if (hs[i].id == id) return i;
  }
  return std::string_view::npos;
}

// Removes the first comma-separated value of header `index` given where it ends; removes the whole
// line if nothing follows.
void dropFirstValue(std::size_t index, Scanner& s, MessageEdits& edits) {
  if (s.atEnd()) {
    edits.remove(index);
    return;
  }
  (void)s.separator(',');
  edits.replaceValue(index, std::string(s.rest()));
}

}  // namespace

void MessageEdits::insertBefore(std::size_t index, HeaderId id, std::string value) {
  inserts_.push_back(Insert{index, id, std::move(value)});
}

void MessageEdits::replaceValue(std::size_t index, std::string value) {
  changes_.push_back(Change{index, std::move(value)});
}

void MessageEdits::remove(std::size_t index) { changes_.push_back(Change{index, std::nullopt}); }

bool MessageEdits::empty() const noexcept {
  return !requestUri_ && inserts_.empty() && changes_.empty() && !body_;
}

void serialize(const SipMessage& m, const MessageEdits& edits, std::string& out) {
  out.clear();
  std::string_view body = edits.body_ ? std::string_view(*edits.body_) : m.body();
  out.reserve(m.bytes().size() + 256);
  if (edits.requestUri_ && m.isRequest()) {
    out.append(m.methodText());
    out.push_back(' ');
    out.append(*edits.requestUri_);
    out.append(" SIP/2.0\r\n");
  } else {
    out.append(m.startLine());
    out.append("\r\n");
  }
  // Inserts are applied in the order given for the same position.
  std::vector<const MessageEdits::Insert*> inserts;
  inserts.reserve(edits.inserts_.size());
  for (const auto& ins : edits.inserts_) inserts.push_back(&ins);
  std::stable_sort(inserts.begin(), inserts.end(), [](auto* a, auto* b) { return a->before < b->before; });
  auto nextInsert = inserts.begin();
  bool wroteLength = false;
  const auto& hs = m.headers();
  for (std::size_t i = 0; i < hs.size(); ++i) {
    for (; nextInsert != inserts.end() && (*nextInsert)->before <= i; ++nextInsert) {
      appendHeader(out, (*nextInsert)->id, (*nextInsert)->value);
    }
    const MessageEdits::Change* change = nullptr;
    for (const auto& c : edits.changes_) {
      if (c.index == i) change = &c;  // the last change to a header wins
    }
    if (hs[i].id == HeaderId::ContentLength && edits.body_) {
      if (wroteLength) continue;
      char buf[12];
      auto r = std::to_chars(buf, buf + sizeof buf, body.size());
      appendHeader(out, HeaderId::ContentLength, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
      wroteLength = true;
      continue;
    }
    if (change == nullptr) {
      out.append(hs[i].line);
      out.append("\r\n");
    } else if (change->value) {
      out.append(hs[i].name);
      out.append(": ");
      out.append(*change->value);
      out.append("\r\n");
    }
  }
  for (; nextInsert != inserts.end(); ++nextInsert) appendHeader(out, (*nextInsert)->id, (*nextInsert)->value);
  if (edits.body_ && !wroteLength) {
    char buf[12];
    auto r = std::to_chars(buf, buf + sizeof buf, body.size());
    appendHeader(out, HeaderId::ContentLength, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  }
  out.append("\r\n");
  out.append(body);
}

Result<void> popTopVia(const SipMessage& m, MessageEdits& edits) {
  std::size_t i = indexOf(m, HeaderId::Via);
  if (i == std::string_view::npos) return fail(Errc::Missing, "no Via to remove", "Via");
  const HeaderField& h = m.headers()[i];
  Scanner s(h.value, "Via");
  auto via = parseVia(s);
  if (!via) return tl::unexpected(via.error());
  dropFirstValue(i, s, edits);
  return {};
}

Result<void> popTopRoute(const SipMessage& m, MessageEdits& edits) {
  std::size_t i = indexOf(m, HeaderId::Route);
  if (i == std::string_view::npos) return fail(Errc::Missing, "no Route to remove", "Route");
  const HeaderField& h = m.headers()[i];
  Scanner s(h.value, "Route");
  auto route = parseNameAddr(s, true);
  if (!route) return tl::unexpected(route.error());
  s.skipLws();
  dropFirstValue(i, s, edits);
  return {};
}

Result<void> decrementMaxForwards(const SipMessage& m, MessageEdits& edits) {
  std::size_t i = indexOf(m, HeaderId::MaxForwards);
  if (i == std::string_view::npos) {
    edits.append(HeaderId::MaxForwards, "70");
    return {};
  }
  std::uint8_t v = m.maxForwards().value_or(0);
  if (v == 0) return fail(Errc::Malformed, "Max-Forwards is 0", "Max-Forwards", 483);
  edits.replaceValue(i, std::to_string(v - 1));
  return {};
}

}  // namespace parley::syntax
