// SPDX-License-Identifier: MIT
#include "tu/proxy/route_set.hpp"

#include <algorithm>

#include "syntax/scanner.hpp"

namespace parley::tu {

using syntax::HeaderId;

Result<RouteSet> RouteSet::of(const syntax::SipMessage& request) noexcept {
  RouteSet set;
  const auto& headers = request.headers();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (headers[i].id != HeaderId::Route) continue;
    syntax::Scanner s(headers[i].value, "Route");
    Line line{i, 0};
    for (;;) {
      auto value = syntax::parseNameAddr(s, true);
      if (!value) return tl::unexpected(value.error());
      set.entries_.push_back(Entry{std::string(value->text), i});
      ++line.values;
      s.skipLws();
      if (s.atEnd()) break;
      if (!s.separator(',')) return s.error("expected ',' between Route values");
    }
    set.lines_.push_back(line);
  }
  return set;
}

Result<syntax::NameAddr> RouteSet::parsed(std::size_t i) const noexcept {
  syntax::Scanner s(entries_[i].text, "Route");
  return syntax::parseNameAddr(s, false);
}

void RouteSet::popFront() noexcept {
  if (!entries_.empty()) entries_.erase(entries_.begin());
}

void RouteSet::popBack() noexcept {
  if (!entries_.empty()) entries_.pop_back();
}

void RouteSet::pushFront(std::string nameAddr) {
  entries_.insert(entries_.begin(), Entry{std::move(nameAddr), kAdded});
}

void RouteSet::pushBack(std::string nameAddr) { entries_.push_back(Entry{std::move(nameAddr), kAdded}); }

void RouteSet::apply(syntax::MessageEdits& edits) const {
  for (const Line& line : lines_) {
    std::string kept;
    std::size_t count = 0;
    for (const Entry& e : entries_) {
      if (e.line != line.index) continue;
      if (count++ > 0) kept.append(", ");
      kept.append(e.text);
    }
    if (count == line.values) continue;  // untouched: copied from the receive buffer
    if (count == 0) {
      edits.remove(line.index);
    } else {
      edits.replaceValue(line.index, std::move(kept));
    }
  }
  // Pushed values above the first remaining original one go above the first Route line; those
  // below the last one go after the last Route line. Without Route lines they are appended.
  auto firstOriginal = std::find_if(entries_.begin(), entries_.end(), [](const Entry& e) { return e.line != kAdded; });
  std::size_t top = lines_.empty() ? syntax::MessageEdits::kEnd : lines_.front().index;
  std::size_t bottom = lines_.empty() ? syntax::MessageEdits::kEnd : lines_.back().index + 1;
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->line != kAdded) continue;
    edits.insertBefore(it < firstOriginal ? top : bottom, HeaderId::Route, it->text);
  }
}

}  // namespace parley::tu
