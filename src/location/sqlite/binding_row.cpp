// SPDX-License-Identifier: MIT
#include "location/sqlite/binding_row.hpp"

namespace parley::location {

void bindBindingRow(Statement& s, const Binding& b, const std::string& pathText) noexcept {
  s.bind(1, b.aor);
  s.bind(2, b.contact);
  s.bind(3, b.contactParams);
  s.bind(4, b.callId);
  s.bind(5, std::int64_t{b.cseq});
  s.bind(6, std::int64_t{b.expires});
  s.bind(7, std::int64_t{b.updated});
  s.bind(8, std::int64_t{b.q});
  s.bind(9, pathText);
  s.bind(10, b.instance);
  s.bind(11, std::int64_t{b.regId});
  s.bind(12, b.userAgent);
  s.bind(13, std::int64_t{b.flow.transport});
  s.bind(14, b.flow.address);
  s.bind(15, std::int64_t{b.flow.port});
  s.bind(16, static_cast<std::int64_t>(b.flow.connection));  // bit pattern; read back the same way
  s.bind(17, b.flow.node);
}

Binding readBindingRow(const Statement& s) {
  Binding b;
  b.aor = s.text(0);
  b.contact = s.text(1);
  b.contactParams = s.text(2);
  b.callId = s.text(3);
  b.cseq = static_cast<std::uint32_t>(s.integer(4));
  b.expires = s.integer(5);
  b.updated = s.integer(6);
  b.q = static_cast<std::int16_t>(s.integer(7));
  b.path = decodePath(s.text(8));
  b.instance = s.text(9);
  b.regId = static_cast<std::uint32_t>(s.integer(10));
  b.userAgent = s.text(11);
  b.flow.transport = static_cast<std::uint8_t>(s.integer(12));
  b.flow.address = s.text(13);
  b.flow.port = static_cast<std::uint16_t>(s.integer(14));
  b.flow.connection = static_cast<std::uint64_t>(s.integer(15));
  b.flow.node = s.text(16);
  return b;
}

std::string encodePath(const std::vector<std::string>& path) {
  std::string text;
  for (const auto& value : path) {
    for (char c : value) {
      if (c == '\\') {
        text += "\\\\";
      } else if (c == '\n') {
        text += "\\n";
      } else {
        text += c;
      }
    }
    text += '\n';
  }
  return text;
}

std::vector<std::string> decodePath(std::string_view text) {
  std::vector<std::string> path;
  std::string value;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      path.push_back(std::move(value));
      value.clear();
    } else if (c == '\\' && i + 1 < text.size()) {
      value += text[++i] == 'n' ? '\n' : text[i];
    } else {
      value += c;
    }
  }
  return path;  // text always ends with '\n' when written by encodePath: nothing is left in `value`
}

}  // namespace parley::location
