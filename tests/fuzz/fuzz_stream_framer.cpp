// SPDX-License-Identifier: MIT
// libFuzzer target for StreamFramer (RFC 3261 §18.3, §7.5; RFC 5626 §4.4.1). The first input byte
// chooses the size limit and how the rest is cut into reads, as TCP would deliver it; the rest is
// the byte stream. Each read is appended to a connection buffer, frames are taken off its front
// until the framer asks for more, and each Message frame is parsed with Framing::Stream.
// Invariants:
//  - a frame is never empty and never larger than the buffered bytes; a Message frame never
//    exceeds the limit; keep-alive frames hold only CR and LF;
//  - each frame consumes bytes, so the loop ends (bounded explicitly as well);
//  - a Message frame that parses is exactly the parsed message (framer and parser agree on where
//    it ends);
//  - the messages cut out do not depend on how the stream was split into reads: the same bytes in
//    a single read give the same messages and the same final outcome.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "invariant.hpp"
#include "syntax/message_parser.hpp"
#include "syntax/stream_framer.hpp"

namespace {

using namespace parley::syntax;

struct Outcome {
  std::vector<std::string> messages;
  bool failed = false;  // the framer refused the stream (the connection would be closed)
};

void checkMessage(std::string_view frame) {
  auto buffer = std::make_shared<const std::string>(frame);
  auto parsed = parseMessage(buffer, *buffer, Framing::Stream);
  if (!parsed) return;
  const std::string_view bytes = parsed->bytes();
  PARLEY_FUZZ_CHECK(bytes.data() + bytes.size() == buffer->data() + buffer->size());
}

// Takes every complete frame off the front of `buffered`. Returns false when the framer refused.
bool drain(const StreamFramer& framer, std::uint32_t limit, std::string& buffered, Outcome& out) {
  // Every frame consumes at least one byte, so there are at most buffered.size() frames.
  for (std::size_t rounds = buffered.size() + 1; rounds > 0; --rounds) {
    auto frame = framer.next(buffered);
    if (!frame) return false;
    if (frame->kind == FrameKind::Incomplete) return true;
    PARLEY_FUZZ_CHECK(frame->size > 0 && frame->size <= buffered.size());
    std::string_view bytes(buffered.data(), frame->size);
    if (frame->kind == FrameKind::Message) {
      PARLEY_FUZZ_CHECK(frame->size <= limit);
      checkMessage(bytes);
      out.messages.emplace_back(bytes);
    } else {
      PARLEY_FUZZ_CHECK(bytes.find_first_not_of("\r\n") == std::string_view::npos);
    }
    buffered.erase(0, frame->size);
  }
  PARLEY_FUZZ_CHECK(!"StreamFramer::next returned frames without end");
  return false;
}

// Feeds `stream` in reads whose sizes come from a small generator seeded by `control`.
Outcome feed(std::string_view stream, std::uint8_t control, std::uint32_t limit, bool oneRead) {
  static constexpr std::size_t kMaxRead[] = {1, 3, 17, 64, 536, 1460, 8192, 65536};
  const std::size_t maxRead = oneRead ? stream.size() + 1 : kMaxRead[control & 7];
  std::uint32_t state = 0x9e3779b9u ^ control;
  StreamFramer framer(limit);
  Outcome out;
  std::string buffered;
  for (std::size_t at = 0; at < stream.size();) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    std::size_t n = 1 + state % maxRead;
    buffered.append(stream.substr(at, n));
    at += n;
    if (!drain(framer, limit, buffered, out)) {
      out.failed = true;
      return out;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t control = data[0];
  std::string_view stream = parley::fuzz::asView(data + 1, size - 1);
  // Bit 3 picks a small limit so that the size checks are reached with short inputs.
  const std::uint32_t limit = (control & 8) != 0 ? 512 : 64 * 1024;
  Outcome split = feed(stream, control, limit, false);
  Outcome whole = feed(stream, control, limit, true);
  PARLEY_FUZZ_CHECK(split.messages == whole.messages);
  PARLEY_FUZZ_CHECK(split.failed == whole.failed);
  return 0;
}
