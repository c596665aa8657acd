// SPDX-License-Identifier: MIT
#include "syntax/contact.hpp"

#include "syntax/header_params.hpp"

namespace parley::syntax {
namespace {

Error rebase(Error e, std::uint32_t by) {
  e.offset += by;
  return e;
}

// Picks out the contact parameters the registrar needs while the name-addr is parsed.
struct ContactParams {
  Contact& c;
  static std::string_view visit(void* self, const Param& p) { return (*static_cast<ContactParams*>(self))(p); }
  std::string_view operator()(const Param& p) {
    switch (p.name.size()) {
      case 1:
        if (cc::toLower(p.name[0]) != 'q') return {};
        c.q = parseQValue(p.value);
        return c.q ? std::string_view{} : "invalid q parameter";
      case 6:
        if (!iequalsLower(p.name, "reg-id")) return {};
        if (auto r = parseDeltaSeconds(p.value, "Contact"); r && *r != 0 && *r != 0xffffffffu) {
          c.regId = *r;
          return {};
        }
        return "invalid reg-id";
      case 7:
        if (!iequalsLower(p.name, "expires")) return {};
        if (auto e = parseDeltaSeconds(p.value, "Contact")) {
          c.expires = *e;
          return {};
        }
        return "invalid expires parameter";
      case 13:
        if (!iequalsLower(p.name, "+sip.instance")) return {};
        if (!p.hasValue) return "+sip.instance without value";
        c.instance = p.value;
        return {};
      default:
        return {};
    }
  }
};

// A place to parse the next value into and the sink for its parameters.
struct Slot {
  NameAddr* addr;
  ParamSink sink;
};

// Iterates the comma-separated name-addr values of every line with the given id. `next()` gives
// the Slot for the next value (parsed in place, not copied); then `done()` may refuse it.
template <class Next, class Done>
Result<void> forEachNameAddr(const SipMessage& m, HeaderId id, std::string_view where, Next&& next, Done&& done) {
  for (const HeaderField& h : m.headers()) {
    if (h.id != id) continue;
    Scanner s(h.value, where);
    for (;;) {
      Slot slot = next();
      if (auto na = parseNameAddrInto(s, true, *slot.addr, slot.sink); !na) {
        return tl::unexpected(rebase(na.error(), m.offsetOf(h.value)));
      }
      if (auto r = done(); !r) return tl::unexpected(rebase(r.error(), m.offsetOf(h.value)));
      if (s.atEnd()) break;
      if (!s.separator(',')) return tl::unexpected(rebase(s.makeError("expected ','"), m.offsetOf(h.value)));
      if (s.atEnd()) return tl::unexpected(rebase(s.makeError("empty list element"), m.offsetOf(h.value)));
    }
  }
  return {};
}

}  // namespace

std::optional<std::uint16_t> parseQValue(std::string_view v) noexcept {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  std::uint16_t whole = static_cast<std::uint16_t>(v[0] - '0');
  if (v.size() == 1) return static_cast<std::uint16_t>(whole * 1000);
  if (v[1] != '.' || v.size() > 5) return std::nullopt;
  std::uint16_t frac = 0;
  std::uint16_t scale = 100;
  for (char c : v.substr(2)) {
    if (!cc::isDigit(c)) return std::nullopt;
    frac = static_cast<std::uint16_t>(frac + (c - '0') * scale);
    scale /= 10;
  }
  if (whole == 1 && frac != 0) return std::nullopt;
  return static_cast<std::uint16_t>(whole * 1000 + frac);
}

Result<ContactList> parseContacts(const SipMessage& m, std::size_t maxContacts) {
  ContactList list;
  std::size_t lines = m.count(HeaderId::Contact);
  for (const HeaderField& h : m.headers()) {
    if (h.id == HeaderId::Contact && h.value == "*") {
      if (lines != 1) return fail(Errc::Malformed, "'*' mixed with other contacts", "Contact", 400, m.offsetOf(h.value));
      list.wildcard = true;
      return list;
    }
  }
  // Each value is parsed straight into its place in the list; one past the limit is refused.
  std::optional<ContactParams> params;
  auto r = forEachNameAddr(
      m, HeaderId::Contact, "Contact",
      [&]() {
        Contact& c = list.contacts.emplace_back();
        params.emplace(ContactParams{c});
        return Slot{&c.addr, ParamSink{&ContactParams::visit, &*params}};
      },
      [&]() -> Result<void> {
        if (list.contacts.size() > maxContacts) return fail(Errc::TooLarge, "too many contacts", "Contact", 400, 0);
        return {};
      });
  if (!r) return tl::unexpected(r.error());
  return list;
}

Result<std::vector<NameAddr>> parseNameAddrList(const SipMessage& m, HeaderId id) {
  std::vector<NameAddr> out;
  auto r = forEachNameAddr(
      m, id, headerName(id), [&] { return Slot{&out.emplace_back(), ParamSink{}}; }, []() -> Result<void> { return {}; });
  if (!r) return tl::unexpected(r.error());
  return out;
}

}  // namespace parley::syntax
