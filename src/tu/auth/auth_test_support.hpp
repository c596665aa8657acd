// SPDX-License-Identifier: MIT
// Test-only helpers for the tu/auth unit tests (not part of the library): an in-memory
// CredentialStore, a client that answers challenges (computed with digestResponse(), whose values
// digest_hash_test.cpp checks against the RFCs), and a fixture holding an authenticator.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "tu/auth/digest_authenticator.hpp"

#include "syntax/auth_header.hpp"
#include "syntax/message_parser.hpp"
#include "tu/auth/digest_hash.hpp"

namespace parley::auth::test_support {

inline constexpr UnixSeconds kT0 = 1'790'000'000;
inline constexpr std::string_view kRealm = "example.com";

// A std::map-backed CredentialStore; `failing` makes every call fail like an unreachable backend.
class MapCredentialStore final : public location::CredentialStore {
 public:
  bool failing = false;

  Result<std::optional<location::Credentials>> find(std::string_view username,
                                                    std::string_view realm) noexcept override {
    if (failing) return fail(Errc::Io, "store down", "test", 0);
    auto it = users_.find({std::string(username), std::string(realm)});
    if (it == users_.end()) return std::optional<location::Credentials>{};
    return std::optional<location::Credentials>{it->second};
  }
  Result<void> put(const location::Credentials& c) noexcept override {
    users_[{c.username, c.realm}] = c;
    return {};
  }
  Result<bool> remove(std::string_view username, std::string_view realm) noexcept override {
    return users_.erase({std::string(username), std::string(realm)}) > 0;
  }
  Result<std::vector<location::Credentials>> list() noexcept override {
    std::vector<location::Credentials> all;
    for (const auto& [key, c] : users_) all.push_back(c);
    return all;
  }

 private:
  std::map<std::pair<std::string, std::string>, location::Credentials> users_;
};

// What `parley user add` stores: one HA1 per base algorithm, never the password.
inline location::Credentials user(std::string name, std::string_view realm, std::string_view password) {
  location::Credentials c;
  c.username = std::move(name);
  c.realm = std::string(realm);
  c.ha1Md5 = ha1(DigestAlgorithm::Md5, c.username, realm, password);
  c.ha1Sha256 = ha1(DigestAlgorithm::Sha256, c.username, realm, password);
  c.ha1Sha512_256 = ha1(DigestAlgorithm::Sha512_256, c.username, realm, password);
  return c;
}

// The UA side: answers a challenge the way RFC 7616 §3.4 says a client does.
struct Answer {
  std::string username = "alice";
  std::string usernameOnWire;  // when set, written instead of `username` (e.g. with quoted-pairs)
  std::string password = "wonderland";
  std::string realm{kRealm};
  DigestAlgorithm algorithm = DigestAlgorithm::Sha256;
  std::string nonce;
  std::string opaque;
  std::string uri = "sip:example.com";
  std::string method = "REGISTER";
  std::string qop = "auth";
  std::string cnonce = "0a4f113b";
  std::uint32_t nc = 1;
  std::string body;

  [[nodiscard]] std::string ncText() const {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", nc);
    return buf;
  }

  // The Authorization value.
  [[nodiscard]] std::string credentials() const {
    std::string h1 = ha1(algorithm, username, realm, password);
    std::string nc8 = qop.empty() ? "" : ncText();
    DigestInput in{algorithm, h1, nonce, cnonce, nc8, qop, method, uri, body};
    std::string v = "Digest username=\"" + (usernameOnWire.empty() ? username : usernameOnWire) +
                    "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", response=\"" +
                    digestResponse(in) + "\", algorithm=" +
                    std::string(algorithmName(algorithm));
    if (!opaque.empty()) v += ", opaque=\"" + opaque + "\"";
    if (!qop.empty()) v += ", qop=" + qop + ", nc=" + nc8 + ", cnonce=\"" + cnonce + "\"";
    return v;
  }
};

// A REGISTER (or `method`) with the given extra header lines (each without CRLF) and body.
inline syntax::SipMessage request(const std::vector<std::string>& lines, std::string_view method = "REGISTER",
                           std::string_view requestUri = "sip:example.com", std::string_view body = "") {
  std::string m = std::string(method) + " " + std::string(requestUri) + " SIP/2.0\r\n";
  m += "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n";
  m += "Max-Forwards: 70\r\n";
  m += "From: <sip:alice@example.com>;tag=1928301774\r\n";
  m += "To: <sip:alice@example.com>\r\n";
  m += "Call-ID: a84b4c76e66710@192.0.2.10\r\n";
  m += "CSeq: 1 " + std::string(method) + "\r\n";
  for (const std::string& l : lines) m += l + "\r\n";
  m += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  m += body;
  auto parsed = syntax::parseMessage(std::move(m));
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().reasonPhrase());
  return parsed ? *parsed : syntax::SipMessage{};
}

class DigestAuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.put(user("alice", kRealm, "wonderland")).has_value());
    make({});
  }

  void make(DigestConfig config) {
    config.secret = "a-secret-of-at-least-16-bytes";
    auto created = DigestAuthenticator::create(std::move(config));
    ASSERT_TRUE(created.has_value());
    auth_ = std::move(*created);
  }

  // An Answer to a fresh challenge issued at `issued`, for `algorithm`.
  Answer answerTo(UnixSeconds issued, DigestAlgorithm algorithm = DigestAlgorithm::Sha256) {
    const std::string lines = auth_->challenge(kRealm, false, false, issued);
    std::string_view firstLine = std::string_view(lines).substr(0, lines.find("\r\n"));
    auto first = syntax::parseChallenge(firstLine.substr(firstLine.find(':') + 1), "WWW-Authenticate");
    EXPECT_TRUE(first.has_value());
    if (!first) return {};
    Answer a;
    a.algorithm = algorithm;
    a.nonce = std::string(first->nonce);
    a.opaque = std::string(first->opaque);
    return a;
  }

  DigestOutcome verify(const Answer& a, UnixSeconds now, std::string_view requestUri = "sip:example.com") {
    return auth_->verify(request({"Authorization: " + a.credentials()}, a.method, requestUri, a.body), kRealm,
                         false, store_, now);
  }

  MapCredentialStore store_;
  std::unique_ptr<DigestAuthenticator> auth_;
};

inline bool isAuthenticated(const DigestOutcome& o) { return std::holds_alternative<Authenticated>(o); }
inline bool isChallenge(const DigestOutcome& o, bool stale) {
  return std::holds_alternative<Challenge>(o) && std::get<Challenge>(o).stale == stale;
}
inline std::uint16_t rejectedStatus(const DigestOutcome& o) {
  return std::holds_alternative<Rejected>(o) ? std::get<Rejected>(o).status : 0;
}

}  // namespace parley::auth::test_support
