// SPDX-License-Identifier: MIT
#include "recording_transport.hpp"

namespace parley::test {

std::string_view RecordingTransport::Sent::startLine() const noexcept {
  const std::string_view all(bytes);
  return all.substr(0, all.find("\r\n"));
}

Result<void> RecordingTransport::send(const txn::TransportTarget& target, std::string_view bytes) noexcept {
  if (failing_) return fail(Errc::Io, "send failed (test)", "", 0);
  sent_.push_back(Sent{target, std::string(bytes), clock_.now()});
  return {};
}

std::vector<std::string> RecordingTransport::startLines() const {
  std::vector<std::string> lines;
  for (const Sent& s : sent_) lines.emplace_back(s.startLine());
  return lines;
}

std::vector<Duration> RecordingTransport::times(TimePoint origin) const {
  std::vector<Duration> out;
  for (const Sent& s : sent_) out.push_back(s.at - origin);
  return out;
}

}  // namespace parley::test
