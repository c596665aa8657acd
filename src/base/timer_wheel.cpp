// SPDX-License-Identifier: MIT
#include "base/timer_wheel.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace parley {

namespace {

// Marks a node taken out of its slot for firing; cancel() still stops it.
constexpr std::uint16_t kInBatch = TimerWheel::kSlots * TimerWheel::kLevels + 1;

constexpr std::uint64_t levelMask(std::size_t level) noexcept {
  return (std::uint64_t{1} << (TimerWheel::kBitsPerLevel * level)) - 1;
}

constexpr std::size_t slotOf(std::uint64_t tick, std::size_t level) noexcept {
  return static_cast<std::size_t>((tick >> (TimerWheel::kBitsPerLevel * level)) & (TimerWheel::kSlots - 1));
}

}  // namespace

TimerWheel::TimerWheel(TimePoint origin, Duration tick) : origin_(origin), tick_(tick) {
  assert(tick_ > Duration::zero());
}

std::uint64_t TimerWheel::ticksUntil(TimePoint t, bool roundUp) const noexcept {
  if (t <= origin_) return 0;
  const Duration d = t - origin_;
  auto n = static_cast<std::uint64_t>(d / tick_);
  if (roundUp && d % tick_ != Duration::zero()) ++n;
  return n;
}

std::uint16_t TimerWheel::listFor(std::uint64_t due) const noexcept {
  const std::uint64_t delta = due - current_;
  for (std::size_t level = 0; level < kLevels; ++level) {
    if (delta <= levelMask(level + 1)) {
      return static_cast<std::uint16_t>(level * kSlots + slotOf(due, level));
    }
  }
  // Beyond the top level's reach: park at its far end; cascade() re-places it with the real due.
  const std::uint64_t parked = current_ + levelMask(kLevels);
  return static_cast<std::uint16_t>((kLevels - 1) * kSlots + slotOf(parked, kLevels - 1));
}

void TimerWheel::link(std::uint32_t index, std::uint16_t list) noexcept {
  Node& n = nodes_[index];
  List& l = lists_[list];
  n.list = list;
  n.next = kNil;
  n.prev = l.tail;
  if (l.tail == kNil) {
    l.head = index;
  } else {
    nodes_[l.tail].next = index;
  }
  l.tail = index;
  if (list < kReadyList) ++levelCount_[list / kSlots];
}

void TimerWheel::unlink(std::uint32_t index) noexcept {
  Node& n = nodes_[index];
  if (n.list == kNoList || n.list == kInBatch) {
    n.list = kNoList;
    return;
  }
  List& l = lists_[n.list];
  if (n.prev == kNil) l.head = n.next; else nodes_[n.prev].next = n.next;
  if (n.next == kNil) l.tail = n.prev; else nodes_[n.next].prev = n.prev;
  if (n.list < kReadyList) --levelCount_[n.list / kSlots];
  n.prev = n.next = kNil;
  n.list = kNoList;
}

void TimerWheel::release(std::uint32_t index) noexcept {
  Node& n = nodes_[index];
  unlink(index);
  n.callback = nullptr;
  if (++n.generation == 0) n.generation = 1;
  free_.push_back(index);
  --live_;
}

TimerId TimerWheel::schedule(TimePoint due, Callback callback) noexcept {
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  Node& n = nodes_[index];
  n.due = ticksUntil(due, true);
  n.seq = nextSeq_++;
  n.callback = std::move(callback);
  link(index, n.due <= current_ ? kReadyList : listFor(n.due));
  ++live_;
  return TimerId{index, n.generation};
}

bool TimerWheel::pending(TimerId id) const noexcept {
  return id.valid() && id.index < nodes_.size() && nodes_[id.index].generation == id.generation &&
         nodes_[id.index].list != kNoList;
}

bool TimerWheel::cancel(TimerId id) noexcept {
  if (!pending(id)) return false;
  release(id.index);
  return true;
}

std::size_t TimerWheel::fire(std::uint32_t index) noexcept {
  Callback callback = std::move(nodes_[index].callback);
  release(index);  // the handle is stale inside its own callback: cancelling it is a no-op
  if (callback) callback();
  return 1;
}

std::size_t TimerWheel::fireReady() noexcept {
  std::size_t fired = 0;
  // Callbacks may append to the ready list; they are served in the same pass.
  while (lists_[kReadyList].head != kNil) fired += fire(lists_[kReadyList].head);
  return fired;
}

void TimerWheel::cascade(std::size_t level) noexcept {
  List& l = lists_[level * kSlots + slotOf(current_, level)];
  std::uint32_t index = l.head;
  while (index != kNil) {
    const std::uint32_t next = nodes_[index].next;
    unlink(index);
    link(index, listFor(nodes_[index].due));
    index = next;
  }
}

std::size_t TimerWheel::fireSlot(std::uint16_t list) noexcept {
  batch_.clear();
  for (std::uint32_t index = lists_[list].head; index != kNil;) {
    const std::uint32_t next = nodes_[index].next;
    unlink(index);
    nodes_[index].list = kInBatch;
    batch_.push_back(TimerId{index, nodes_[index].generation});
    index = next;
  }
  if (batch_.size() > 1) {
    // Cascading appends far timers behind near ones scheduled later; restore schedule order.
    std::sort(batch_.begin(), batch_.end(),
              [this](TimerId a, TimerId b) { return nodes_[a.index].seq < nodes_[b.index].seq; });
  }
  std::size_t fired = 0;
  // Index loop: batch_ is not touched by callbacks (advance() is not re-entrant).
  for (std::size_t i = 0; i < batch_.size(); ++i) {
    const TimerId id = batch_[i];
    if (nodes_[id.index].generation == id.generation && nodes_[id.index].list == kInBatch) {
      fired += fire(id.index);
    }
  }
  return fired;
}

void TimerWheel::processTick() noexcept {
  ++current_;
  if (slotOf(current_, 0) == 0) {
    for (std::size_t level = 1; level < kLevels; ++level) {
      cascade(level);
      if (slotOf(current_, level) != 0) break;
    }
  }
}

std::uint64_t TimerWheel::skippableUntil(std::uint64_t target) const noexcept {
  for (std::size_t level = 0; level < kLevels; ++level) {
    if (levelCount_[level] == 0) continue;
    if (level == 0) return current_;
    // Nothing is due before the next time this level is re-sorted.
    return std::min(target, current_ | levelMask(level));
  }
  return target;
}

std::size_t TimerWheel::advance(TimePoint now) noexcept {
  assert(!advancing_ && "advance() called from a timer callback");
  if (advancing_) return 0;
  advancing_ = true;
  const std::uint64_t target = ticksUntil(now, false);
  std::size_t fired = fireReady();
  while (current_ < target) {
    current_ = skippableUntil(target);
    if (current_ >= target) break;
    processTick();
    fired += fireSlot(static_cast<std::uint16_t>(slotOf(current_, 0)));
    fired += fireReady();
  }
  current_ = std::max(current_, target);
  advancing_ = false;
  return fired;
}

std::optional<TimePoint> TimerWheel::nextWakeup() const noexcept {
  if (live_ == 0) return std::nullopt;
  const auto at = [this](std::uint64_t t) { return origin_ + tick_ * static_cast<Duration::rep>(t); };
  if (lists_[kReadyList].head != kNil) return at(current_);
  if (levelCount_[0] > 0) {
    for (std::uint64_t t = current_ + 1; t <= current_ + kSlots; ++t) {
      if (lists_[slotOf(t, 0)].head != kNil) return at(t);
    }
  }
  for (std::size_t level = 1; level < kLevels; ++level) {
    if (levelCount_[level] > 0) return at((current_ | levelMask(level)) + 1);
  }
  return std::nullopt;
}

}  // namespace parley
