// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "syntax/message.hpp"
#include "syntax/message_edits.hpp"
#include "syntax/name_addr.hpp"

namespace parley::tu {

// RouteSet models the Route header field values of a request a proxy forwards (RFC 3261 §20.34),
// while §16.4 removes our own entries, §16.6 step 6 pushes a pre-loaded route (RFC 3327 Path) on
// top and §16.12 moves the Request-URI to the end for a strict router. Each value is kept as its
// name-addr text and remembers the header line it came from, so apply() touches only the lines
// that changed and the rest of the request is still copied from the receive buffer (STYLE §8.5).
// A plain value owned by the code forwarding one branch; one thread.
class RouteSet {
 public:
  // Every Route value of `request`, top first. A Route line that does not parse is a 400.
  [[nodiscard]] static Result<RouteSet> of(const syntax::SipMessage& request) noexcept;

  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  // The name-addr text of value `i` ("<sip:p1.example.com;lr>").
  [[nodiscard]] std::string_view value(std::size_t i) const noexcept { return entries_[i].text; }
  // Value `i` parsed. Its views point into this set and are valid until the set changes.
  [[nodiscard]] Result<syntax::NameAddr> parsed(std::size_t i) const noexcept;

  void popFront() noexcept;
  void popBack() noexcept;
  // Adds a name-addr ("<sip:edge.example.com;lr>") above or below the others.
  void pushFront(std::string nameAddr);
  void pushBack(std::string nameAddr);

  // Records in `edits` (which belong to the request this set was read from) the changes that turn
  // its Route lines into this set: a line that lost every value is removed, one that lost some is
  // rewritten, added values get one line each.
  void apply(syntax::MessageEdits& edits) const;

 private:
  static constexpr std::size_t kAdded = static_cast<std::size_t>(-1);
  struct Entry {
    std::string text;
    std::size_t line = kAdded;  // index in SipMessage::headers(), kAdded for pushed values
  };
  struct Line {
    std::size_t index = 0;
    std::size_t values = 0;
  };
  std::vector<Entry> entries_;
  std::vector<Line> lines_;  // the request's Route lines, in order
};

}  // namespace parley::tu
