// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

namespace parley::app {

// The project version from CMake's project(VERSION ...), e.g. "0.1.0". Any thread.
[[nodiscard]] std::string_view parleyVersion() noexcept;

}  // namespace parley::app
