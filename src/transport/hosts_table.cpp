// SPDX-License-Identifier: MIT
#include "transport/hosts_table.hpp"

#include <strings.h>

namespace parley::transport {

bool sameDnsName(std::string_view a, std::string_view b) noexcept {
  if (!a.empty() && a.back() == '.') a.remove_suffix(1);
  if (!b.empty() && b.back() == '.') b.remove_suffix(1);
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

HostsTable::HostsTable(std::vector<HostEntry> entries) : entries_(std::move(entries)) {}

std::vector<const HostEntry*> HostsTable::find(std::string_view name) const {
  std::vector<const HostEntry*> out;
  for (const HostEntry& e : entries_) {
    if (sameDnsName(e.name, name)) out.push_back(&e);
  }
  return out;
}

}  // namespace parley::transport
