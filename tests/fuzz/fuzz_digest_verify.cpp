// SPDX-License-Identifier: MIT
// libFuzzer target for DigestAuthenticator::verify (RFC 3261 §22.4, RFC 7616 §3.4). Each input line
// becomes one Authorization header of a REGISTER. So that the fuzzer gets past the nonce and
// response checks, "{nonce}" and "{opaque}" in a line are replaced by a valid nonce and our
// opaque, and "{response}" by the right response for the line's other directives with the one
// user's password. Invariants: only a line with "{response}" can authenticate (no input
// authenticates without the password), and then as that user through an Authorization line;
// with qop, the same request again is a replay; a rejection is a 400 with a reason; and every
// challenge line re-parses.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "invariant.hpp"
#include "syntax/auth_header.hpp"
#include "syntax/message_parser.hpp"
#include "tu/auth/credentials_selection.hpp"
#include "tu/auth/digest_authenticator.hpp"
#include "tu/auth/digest_hash.hpp"

namespace {

using namespace parley;
using namespace parley::auth;

constexpr UnixSeconds kNow = 1'790'000'000;
constexpr std::string_view kRealm = "example.com";
constexpr std::string_view kPassword = "wonderland";

// Holds the one user, alice.
class OneUserStore final : public location::CredentialStore {
 public:
  OneUserStore() {
    alice_.username = "alice";
    alice_.realm = std::string(kRealm);
    alice_.ha1Md5 = ha1(DigestAlgorithm::Md5, "alice", kRealm, kPassword);
    alice_.ha1Sha256 = ha1(DigestAlgorithm::Sha256, "alice", kRealm, kPassword);
    alice_.ha1Sha512_256 = ha1(DigestAlgorithm::Sha512_256, "alice", kRealm, kPassword);
  }
  Result<std::optional<location::Credentials>> find(std::string_view user, std::string_view realm) noexcept override {
    if (user == alice_.username && realm == alice_.realm) return std::optional<location::Credentials>{alice_};
    return std::optional<location::Credentials>{};
  }
  Result<void> put(const location::Credentials&) noexcept override { return {}; }
  Result<bool> remove(std::string_view, std::string_view) noexcept override { return false; }
  Result<std::vector<location::Credentials>> list() noexcept override { return std::vector{alice_}; }

 private:
  location::Credentials alice_;
};

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// The right response for the directives of `value` (whose response is still "{response}").
std::string rightResponse(std::string_view value, std::string_view body) {
  auto c = syntax::parseCredentials(value, "Authorization");
  if (!c) return {};
  auto algorithm = parseAlgorithm(c->algorithm);
  if (!algorithm) return {};
  std::string user = unquotePairs(c->username), realm = unquotePairs(c->realm), nonce = unquotePairs(c->nonce);
  std::string cnonce = unquotePairs(c->cnonce), uri = unquotePairs(c->uri);
  std::string h1 = ha1(baseAlgorithm(*algorithm), user, realm, kPassword);
  return digestResponse({*algorithm, h1, nonce, cnonce, c->nc, c->qop, "REGISTER", uri, body});
}

std::string buildRequest(std::string_view input, const DigestAuthenticator& auth, bool& answered) {
  const std::string challenge = auth.challenge(kRealm, false, false, kNow - 10);
  std::string_view firstValue = std::string_view(challenge).substr(18, challenge.find("\r\n") - 18);
  auto first = syntax::parseChallenge(firstValue, "WWW-Authenticate");
  PARLEY_FUZZ_CHECK(first.has_value());
  constexpr std::string_view body = "fuzz";
  std::string m =
      "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKfuzz\r\nMax-Forwards: 70\r\n"
      "From: <sip:alice@example.com>;tag=1\r\nTo: <sip:alice@example.com>\r\nCall-ID: fuzz\r\nCSeq: 1 REGISTER\r\n";
  std::size_t lines = 0;
  while (!input.empty() && lines++ < 8) {
    std::size_t end = input.find('\n');
    std::string line(input.substr(0, end));
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    replaceAll(line, "\r", "");
    replaceAll(line, "{nonce}", first->nonce);
    replaceAll(line, "{opaque}", first->opaque);
    if (line.find("{response}") != std::string::npos) {
      answered = true;
      replaceAll(line, "{response}", rightResponse(line, body));
    }
    m += "Authorization: " + line + "\r\n";
  }
  m += "Content-Length: 4\r\n\r\n";
  m += body;
  return m;
}

void checkChallenge(const DigestAuthenticator& auth, bool stale) {
  std::string lines = auth.challenge(kRealm, stale, false, kNow);
  for (std::size_t at = 0; at < lines.size();) {
    std::size_t end = lines.find("\r\n", at);
    PARLEY_FUZZ_CHECK(end != std::string::npos);
    auto c = syntax::parseChallenge(std::string_view(lines).substr(at + 18, end - at - 18), "WWW-Authenticate");
    PARLEY_FUZZ_CHECK(c.has_value() && c->stale == stale && c->realm == kRealm);
    at = end + 2;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static OneUserStore store;
  DigestConfig config;
  config.algorithms = {DigestAlgorithm::Md5, DigestAlgorithm::Md5Sess, DigestAlgorithm::Sha256,
                       DigestAlgorithm::Sha512_256Sess};
  config.offerAuthInt = true;
  config.secret = "fuzzing-secret-of-32-bytes-long!";
  auto auth = DigestAuthenticator::create(config);
  PARLEY_FUZZ_CHECK(auth.has_value());

  bool answered = false;
  std::string text = buildRequest(parley::fuzz::asView(data, size), **auth, answered);
  auto m = syntax::parseMessage(std::move(text));
  if (!m) return 0;
  DigestOutcome o = (*auth)->verify(*m, kRealm, false, store, kNow);
  if (const auto* a = std::get_if<Authenticated>(&o)) {
    PARLEY_FUZZ_CHECK(answered);
    PARLEY_FUZZ_CHECK(a->username == "alice");
    const syntax::HeaderField& used = usedCredentials(*m, *a);
    PARLEY_FUZZ_CHECK(used.id == syntax::HeaderId::Authorization);
    auto c = syntax::parseCredentials(used.value, "Authorization");
    PARLEY_FUZZ_CHECK(c.has_value());
    if (!c->qop.empty()) {
      PARLEY_FUZZ_CHECK(!std::holds_alternative<Authenticated>((*auth)->verify(*m, kRealm, false, store, kNow)));
    }
  } else if (const auto* r = std::get_if<Rejected>(&o)) {
    PARLEY_FUZZ_CHECK(r->status == 400 && !r->reason.empty());
  } else {
    checkChallenge(**auth, std::get<Challenge>(o).stale);
  }
  return 0;
}
