// SPDX-License-Identifier: MIT
#include "syntax/method.hpp"

#include <array>

namespace parley::syntax {
namespace {
constexpr std::array<std::string_view, 15> kNames{
    "",          "INVITE", "ACK",    "BYE",  "CANCEL", "OPTIONS", "REGISTER", "PRACK",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"};
}  // namespace

Method methodFromToken(std::string_view token) noexcept {
  if (token.size() < 3 || token.size() > 9) return Method::Unknown;
  for (std::size_t i = 1; i < kNames.size(); ++i) {
    if (kNames[i] == token) return static_cast<Method>(i);
  }
  return Method::Unknown;
}

std::string_view methodName(Method m) noexcept {
  auto i = static_cast<std::size_t>(m);
  return i < kNames.size() ? kNames[i] : std::string_view{};
}

}  // namespace parley::syntax
