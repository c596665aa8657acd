// SPDX-License-Identifier: MIT
#include "transport/tls_test_pki.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace parley::test {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const noexcept { X509_free(c); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `cn`; self-signed when `issuer` is null.
CertPtr makeCertificate(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuerKey, bool ca,
                        const std::vector<std::string>& dnsNames) {
  static long serial = 1;
  CertPtr cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  addExtension(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  addExtension(cert.get(), signer, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
  if (!ca) addExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth,clientAuth");
  std::string san;
  // "URI:sip:example.com" or "IP:127.0.0.1" as written; anything else is a DNS name.
  for (const std::string& d : dnsNames) {
    san += (san.empty() ? "" : ",") + (d.find(':') != std::string::npos ? d : "DNS:" + d);
  }
  if (!san.empty()) addExtension(cert.get(), signer, NID_subject_alt_name, san);
  check(X509_sign(cert.get(), issuerKey != nullptr ? issuerKey : key, EVP_sha256()) > 0, "sign");
  return cert;
}

PemFiles write(const std::string& dir, const std::string& stem, X509* cert, EVP_PKEY* key) {
  PemFiles f{dir + "/" + stem + ".crt", dir + "/" + stem + ".key"};
  BIO* out = BIO_new_file(f.certificate.c_str(), "w");
  check(out != nullptr && PEM_write_bio_X509(out, cert) == 1, "write certificate");
  BIO_free(out);
  out = BIO_new_file(f.privateKey.c_str(), "w");
  check(out != nullptr && PEM_write_bio_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "write key");
  BIO_free(out);
  return f;
}

KeyPtr newKey() {
  KeyPtr key(EVP_EC_gen("P-256"));
  check(key != nullptr, "key generation");
  return key;
}

}  // namespace

TestPki::TestPki() {
  std::string pattern = (std::filesystem::temp_directory_path() / "parley-pki-XXXXXX").string();
  check(::mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  dir_ = pattern;
  KeyPtr key = newKey();
  CertPtr cert = makeCertificate(key.get(), "Parley Test CA", nullptr, nullptr, true, {});
  ca_ = write(dir_, "ca", cert.get(), key.get());
}

TestPki::~TestPki() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

PemFiles TestPki::issue(const std::string& fileStem, const std::string& commonName,
                        const std::vector<std::string>& dnsNames) {
  BIO* in = BIO_new_file(ca_.certificate.c_str(), "r");
  CertPtr caCert(PEM_read_bio_X509(in, nullptr, nullptr, nullptr));
  BIO_free(in);
  in = BIO_new_file(ca_.privateKey.c_str(), "r");
  KeyPtr caKey(PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr));
  BIO_free(in);
  check(caCert && caKey, "read CA");
  KeyPtr key = newKey();
  CertPtr cert = makeCertificate(key.get(), commonName, caCert.get(), caKey.get(), false, dnsNames);
  return write(dir_, fileStem, cert.get(), key.get());
}

PemFiles TestPki::selfSigned(const std::string& fileStem, const std::string& commonName) {
  KeyPtr key = newKey();
  CertPtr cert = makeCertificate(key.get(), commonName, nullptr, nullptr, false, {commonName});
  return write(dir_, fileStem, cert.get(), key.get());
}

}  // namespace parley::test
