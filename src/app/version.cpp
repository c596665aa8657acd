// SPDX-License-Identifier: MIT
#include "app/version.hpp"

namespace parley::app {

// PARLEY_VERSION is defined for this file only by src/app/CMakeLists.txt from PROJECT_VERSION.
std::string_view parleyVersion() noexcept { return PARLEY_VERSION; }

}  // namespace parley::app
