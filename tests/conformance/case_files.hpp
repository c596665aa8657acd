// SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parley::conformance {

// Where the conformance data lives. Test thread only.

// tests/conformance in the source tree (compile definition from CMake).
[[nodiscard]] inline std::filesystem::path conformanceDir() { return PARLEY_CONFORMANCE_DIR; }

// The RFC 4475 messages: $PARLEY_RFC4475_DIR, else ${PARLEY_SHARED_DIR}/rfc4475 from the CMake cache.
[[nodiscard]] inline std::filesystem::path rfc4475Dir() {
  if (const char* env = std::getenv("PARLEY_RFC4475_DIR"); env != nullptr && *env != '\0') return env;
  return PARLEY_RFC4475_DEFAULT_DIR;
}

// The stems ("wsinv") of the .md case files in a folder, sorted. README.md is not a case.
[[nodiscard]] inline std::set<std::string> caseStems(const std::filesystem::path& dir) {
  std::set<std::string> stems;
  if (!std::filesystem::is_directory(dir)) return stems;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".md" && entry.path().filename() != "README.md") {
      stems.insert(entry.path().stem().string());
    }
  }
  return stems;
}

[[nodiscard]] inline std::optional<std::string> readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace parley::conformance
