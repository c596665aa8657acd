// SPDX-License-Identifier: MIT
#include "app/self_signed_certificate.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace parley::app {
namespace {

struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct FileClose { void operator()(FILE* f) const { std::fclose(f); } };

[[noreturn]] void failOn(const std::string& what, const std::string& why) {
  throw std::runtime_error(what + ": " + why);
}

bool isIpAddress(const std::string& s) { return s.find(':') != std::string::npos || s.find_first_not_of("0123456789.") == std::string::npos; }

std::string subjectAltNames(const std::vector<std::string>& names) {
  std::string san;
  for (const std::string& n : names) {
    if (!san.empty()) san += ",";
    san += (isIpAddress(n) ? "IP:" : "DNS:") + n;
  }
  return san;
}

void addExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) failOn("self-signed certificate", "bad extension " + value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

std::unique_ptr<X509, X509Free> makeCertificate(EVP_PKEY* key, const std::vector<std::string>& names) {
  std::unique_ptr<X509, X509Free> cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(std::time(nullptr)));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* subject = X509_get_subject_name(cert.get());
  const std::string cn = names.empty() ? std::string("parley") : names.front();
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Parley (self-signed)"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), subject);
  if (!names.empty()) addExtension(cert.get(), NID_subject_alt_name, subjectAltNames(names));
  addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  addExtension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth");
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) failOn("self-signed certificate", "signing failed");
  return cert;
}

std::unique_ptr<FILE, FileClose> openForWriting(const std::string& path, mode_t mode) {
  std::unique_ptr<FILE, FileClose> f(std::fopen(path.c_str(), "wb"));
  if (!f) failOn(path, "cannot be created");
  ::chmod(path.c_str(), mode);
  return f;
}

}  // namespace

CertificateFiles ensureSelfSignedCertificate(const std::string& folder, const std::vector<std::string>& names) {
  CertificateFiles files{folder + "/self-signed.crt", folder + "/self-signed.key", false};
  if (std::filesystem::exists(files.certificate) && std::filesystem::exists(files.privateKey)) return files;
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) failOn(folder, "cannot be created: " + ec.message());
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
  if (!key) failOn("self-signed certificate", "cannot generate an EC P-256 key");
  auto cert = makeCertificate(key.get(), names);
  {
    auto out = openForWriting(files.privateKey, 0600);
    if (PEM_write_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
      failOn(files.privateKey, "cannot be written");
    }
  }
  {
    auto out = openForWriting(files.certificate, 0644);
    if (PEM_write_X509(out.get(), cert.get()) != 1) failOn(files.certificate, "cannot be written");
  }
  files.created = true;
  return files;
}

}  // namespace parley::app
