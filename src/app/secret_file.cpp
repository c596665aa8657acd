// SPDX-License-Identifier: MIT
#include "app/secret_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <openssl/rand.h>

namespace parley::app {
namespace {

constexpr std::size_t kSecretBytes = 32;

[[noreturn]] void failOn(const std::string& path, const std::string& why) {
  throw std::runtime_error(path + ": " + why);
}

}  // namespace

std::string loadOrCreateSecret(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (secret.size() < 16) failOn(path, "holds fewer than 16 bytes; delete it to have a new one made");
    return secret;
  }
  std::string secret(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size())) != 1) {
    failOn(path, "no random bytes from OpenSSL");
  }
  // O_EXCL: two processes starting on one data folder must not overwrite each other's secret.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return loadOrCreateSecret(path);
    failOn(path, std::string("cannot be created: ") + std::strerror(errno));
  }
  bool ok = ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) failOn(path, "cannot be written");
  return secret;
}

}  // namespace parley::app
