// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Helpers shared by the libFuzzer targets of this folder. An invariant that breaks aborts, which
// libFuzzer reports as a crash and saves the input as an artifact. Peer input never reaches an
// assert in the server (STYLE §6); here the input is the fuzzer's and the assert is the test.
namespace parley::fuzz {

[[noreturn]] inline void invariantFailed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  std::abort();
}

// Whether `part` lies inside `whole`. Zero-copy parsers hand out views into their input; an empty
// view may point anywhere (a default-constructed one has no data at all).
[[nodiscard]] inline bool within(std::string_view part, std::string_view whole) noexcept {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

// The fuzzer's bytes as a view, without a copy, so that ASan sees a read one byte past the end.
[[nodiscard]] inline std::string_view asView(const unsigned char* data, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace parley::fuzz

#define PARLEY_FUZZ_CHECK(cond) \
  ((cond) ? static_cast<void>(0) : ::parley::fuzz::invariantFailed(#cond, __FILE__, __LINE__))
