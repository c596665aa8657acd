// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace parley::syntax {

// The request methods Parley recognises (RFC 3261 §7.1 plus the extension methods a proxy meets
// every day). Methods are case-sensitive (§7.1); anything else is Method::Unknown and is handled by
// its text.
enum class Method : std::uint8_t {
  Unknown, Invite, Ack, Bye, Cancel, Options, Register, Prack, Subscribe, Notify, Publish, Info,
  Refer, Message, Update
};

[[nodiscard]] Method methodFromToken(std::string_view token) noexcept;
[[nodiscard]] std::string_view methodName(Method m) noexcept;  // "" for Unknown

}  // namespace parley::syntax
