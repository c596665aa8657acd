// SPDX-License-Identifier: MIT
#include "tu/registrar/registration_reply.hpp"

#include <algorithm>

#include "syntax/char_class.hpp"
#include "syntax/misc_headers.hpp"

namespace parley::tu {
namespace {

bool supportsPath(const syntax::SipMessage& request) {
  auto tags = syntax::parseTokenList(request, syntax::HeaderId::Supported);
  if (!tags) return false;
  return std::any_of(tags->begin(), tags->end(), [](std::string_view t) { return syntax::iequals(t, "path"); });
}

}  // namespace

void appendQValue(std::int16_t thousandths, std::string& out) {
  if (thousandths >= 1000) {
    out.push_back('1');
    return;
  }
  int v = std::max<int>(thousandths, 0);
  out.append("0.");
  out.push_back(static_cast<char>('0' + v / 100));
  if (v % 100 != 0) out.push_back(static_cast<char>('0' + v / 10 % 10));
  if (v % 10 != 0) out.push_back(static_cast<char>('0' + v % 10));
}

std::string registrationOkHeaders(const location::BindingSet& bindings, UnixSeconds now,
                                  const syntax::SipMessage& request, bool outbound) {
  std::string out;
  out.reserve(64 + bindings.size() * 96);
  for (const location::Binding& b : bindings) {
    out.append("Contact: <");
    out.append(b.contact);
    out.append(">;expires=");
    out.append(std::to_string(std::max<UnixSeconds>(b.expires - now, 0)));
    if (b.q >= 0) {
      out.append(";q=");
      appendQValue(b.q, out);
    }
    out.append(b.contactParams);
    out.append("\r\n");
  }
  if (supportsPath(request)) {
    for (const syntax::HeaderField& h : request.headers()) {
      if (h.id != syntax::HeaderId::Path) continue;
      out.append("Path: ");
      out.append(h.value);
      out.append("\r\n");
    }
  }
  if (outbound) out.append("Require: outbound\r\n");
  out.append("Date: ");
  syntax::formatDate(now, out);
  out.append("\r\n");
  return out;
}

}  // namespace parley::tu
