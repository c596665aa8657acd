// SPDX-License-Identifier: MIT
#pragma once

#include <openssl/err.h>

#include <string>

namespace parley::transport {

// OpenSSL's first queued reason ("No such file or directory", "key values mismatch" ...); clears
// the queue, which is per thread and would otherwise confuse the next SSL_get_error. For start-up
// and reload messages (TlsContext, TlsClientContext).
inline std::string openSslReason() {
  unsigned long code = ERR_peek_error();
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  std::string text = reason != nullptr ? reason : "unknown OpenSSL error";
  ERR_clear_error();
  return text;
}

}  // namespace parley::transport
