// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace parley::test {

// A certificate and its key as PEM files.
struct PemFiles {
  std::string certificate;
  std::string privateKey;
};

// TestPki makes a throwaway CA and certificates signed by it (P-256 keys, SHA-256, valid one day)
// with the OpenSSL API, as PEM files in a fresh temporary folder that is removed with it. Test
// code only: no private key is ever committed. Owned by one test; test thread.
class TestPki {
 public:
  TestPki();
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  // A leaf certificate with subject CN `commonName` and the DNS names as subjectAltName (entries
  // with a ':' are taken as written: "URI:sip:example.com", "IP:127.0.0.1"), signed by this CA; `fileStem` names the files in dir().
  PemFiles issue(const std::string& fileStem, const std::string& commonName, const std::vector<std::string>& dnsNames);
  // A certificate no CA of ours signed (for "unknown client certificate" cases).
  PemFiles selfSigned(const std::string& fileStem, const std::string& commonName);

  [[nodiscard]] const std::string& caFile() const noexcept { return ca_.certificate; }
  [[nodiscard]] const std::string& dir() const noexcept { return dir_; }

 private:
  std::string dir_;
  PemFiles ca_;
};

}  // namespace parley::test
