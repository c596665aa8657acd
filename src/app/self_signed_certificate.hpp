// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace parley::app {

// Where a generated certificate and key live.
struct CertificateFiles {
  std::string certificate;
  std::string privateKey;
  bool created = false;  // false when both files existed already and were reused
};

// Makes a self-signed certificate (ECDSA P-256, SHA-256, ten years) for `names` (DNS names and IP
// addresses, all put in subjectAltName; the first is the common name) in `folder`, unless
// self-signed.crt and self-signed.key are already there. Lets `make run` open a tls: listener on a
// fresh machine; phones will not trust it without being told to. Start-up only (throws
// std::runtime_error naming the file and the reason); main thread.
[[nodiscard]] CertificateFiles ensureSelfSignedCertificate(const std::string& folder,
                                                           const std::vector<std::string>& names);

}  // namespace parley::app
