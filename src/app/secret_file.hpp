// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace parley::app {

// Reads the digest nonce secret from `path`, or creates the file with 32 random bytes (mode
// 0600) when it does not exist, so nonces stay valid across restarts and every node given the
// same file issues nonces the others accept. Start-up only (throws std::runtime_error naming the
// file and the reason); main thread.
[[nodiscard]] std::string loadOrCreateSecret(const std::string& path);

}  // namespace parley::app
