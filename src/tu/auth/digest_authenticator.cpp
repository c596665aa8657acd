// SPDX-License-Identifier: MIT
#include "tu/auth/digest_authenticator.hpp"

#include <algorithm>

#include "syntax/header_id.hpp"
#include "syntax/uri.hpp"
#include "tu/auth/credentials_selection.hpp"
#include "tu/auth/digest_hash.hpp"

namespace parley::auth {
namespace {

constexpr std::size_t kMinSecretBytes = 16;

// The same text for an unknown user and a wrong password, so not even a log line tells them apart
// to someone who can read the outcome.
constexpr std::string_view kWrongCredentials = "wrong username or password";

DigestConfig sortedStrongestFirst(DigestConfig config) {
  std::stable_sort(config.algorithms.begin(), config.algorithms.end(),
                   [](DigestAlgorithm a, DigestAlgorithm b) { return strength(a) > strength(b); });
  config.algorithms.erase(std::unique(config.algorithms.begin(), config.algorithms.end()), config.algorithms.end());
  return config;
}

// Appends `text` as the contents of a quoted-string (RFC 3261 §25.1): '"' and '\' escaped.
void appendQuoted(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
}

// The stored HA1 for the base of `a`, empty when the user has none for it.
std::string_view storedHa1(const location::Credentials& user, DigestAlgorithm a) noexcept {
  switch (baseAlgorithm(a)) {
    case DigestAlgorithm::Md5: return user.ha1Md5;
    case DigestAlgorithm::Sha256: return user.ha1Sha256;
    default: return user.ha1Sha512_256;
  }
}

// RFC 3261 §22.4 and RFC 7616 §3.4.6: the digest-uri must be the Request-URI. Equal text is the
// usual case; otherwise the two are compared as URIs (§19.1.4), since a client may write the
// same URI with other escaping or parameter order.
bool uriMatches(std::string_view digestUri, const syntax::Uri& requestUri) noexcept {
  if (digestUri == requestUri.text) return true;
  auto parsed = syntax::parseUri(digestUri);
  return parsed && syntax::uriEquals(*parsed, requestUri);
}

}  // namespace

DigestAuthenticator::DigestAuthenticator(DigestConfig config) noexcept
    : config_(sortedStrongestFirst(std::move(config))),
      signer_(config_.secret, config_.nonceLifetimeSeconds),
      replay_(config_.maxTrackedNonces) {}

Result<std::unique_ptr<DigestAuthenticator>> DigestAuthenticator::create(DigestConfig config) noexcept {
  constexpr std::string_view where = "digest authentication";
  if (config.algorithms.empty()) return fail(Errc::Missing, "no algorithm to offer", where, 0);
  for (DigestAlgorithm a : config.algorithms) {
    if (!digestAvailable(a)) return fail(Errc::Unsupported, "OpenSSL lacks an offered digest algorithm", where, 0);
  }
  if (config.secret.size() < kMinSecretBytes) return fail(Errc::Missing, "secret shorter than 16 bytes", where, 0);
  if (config.nonceLifetimeSeconds == 0) return fail(Errc::Malformed, "nonce lifetime of 0 seconds", where, 0);
  return std::make_unique<DigestAuthenticator>(std::move(config));
}

bool DigestAuthenticator::offers(DigestAlgorithm a) const noexcept {
  return std::find(config_.algorithms.begin(), config_.algorithms.end(), a) != config_.algorithms.end();
}

std::string DigestAuthenticator::challenge(std::string_view realm, bool stale, bool proxy,
                                           UnixSeconds now) const noexcept {
  // One nonce serves every line: it is bound to the realm, not to an algorithm.
  const std::string nonce = signer_.issue(realm, now);
  const std::string opaque = signer_.opaque(realm);
  const std::string_view name = syntax::headerName(proxy ? syntax::HeaderId::ProxyAuthenticate
                                                         : syntax::HeaderId::WwwAuthenticate);
  std::string out;
  out.reserve(config_.algorithms.size() * (160 + realm.size()));
  for (DigestAlgorithm a : config_.algorithms) {
    out.append(name).append(": Digest realm=\"");
    appendQuoted(out, realm);
    out.append(config_.offerAuthInt ? "\", qop=\"auth,auth-int\"" : "\", qop=\"auth\"");
    out.append(", nonce=\"").append(nonce).append("\", opaque=\"").append(opaque);
    out.append("\", algorithm=").append(algorithmName(a));
    if (stale) out.append(", stale=true");
    out.append("\r\n");
  }
  return out;
}

DigestOutcome DigestAuthenticator::verify(const syntax::SipMessage& request, std::string_view realm, bool proxy,
                                          location::CredentialStore& users, UnixSeconds now) noexcept {
  CredentialsSearch search = selectCredentials(
      request, proxy ? syntax::HeaderId::ProxyAuthorization : syntax::HeaderId::Authorization, realm);
  if (!search.ours) {
    // A line we could not parse may have been ours: tell the client rather than loop on 401s.
    if (search.malformed) return Rejected{400, search.malformed->reasonPhrase()};
    return Challenge{false, "no credentials for the realm"};
  }
  const SelectedCredentials& c = *search.ours;
  auto algorithm = parseAlgorithm(c.raw.algorithm);
  if (std::string_view why = credentialsShapeError(c, algorithm && isSession(*algorithm)); !why.empty()) {
    return Rejected{400, std::string(why)};
  }
  // An algorithm we did not offer (unknown, or known but not configured) is answered with a
  // challenge, not a 400: the challenge lists what we accept, so a client that supports several
  // retries with one of those (RFC 7616 §3.7, RFC 8760 §2.4), and a downgrade to a weaker
  // algorithm than those offered is impossible. userhash (RFC 7616 §3.4.4) is never offered: the
  // store cannot be searched by a hash of the username.
  if (!algorithm || !offers(*algorithm)) return Challenge{false, "digest algorithm not offered"};
  if (c.raw.userhash) return Challenge{false, "userhash not offered"};
  if (!uriMatches(c.uri, request.requestUri())) return Rejected{400, "digest uri does not match the Request-URI"};
  // RFC 7616 §3.3: a client returns the opaque value unchanged; absent is tolerated (RFC 2069
  // clients), a different one means another server's or a stale configuration's challenge.
  if (!c.raw.opaque.empty() && c.opaque != signer_.opaque(realm)) return Challenge{false, "opaque not ours"};
  NonceCheck nonce = signer_.check(c.nonce, realm, now);
  if (nonce.state == NonceState::Forged) return Challenge{false, "nonce not issued by us"};
  return checkResponse(request, c, *algorithm, realm, nonce, users, now);
}

DigestOutcome DigestAuthenticator::checkResponse(const syntax::SipMessage& request, const SelectedCredentials& c,
                                                 DigestAlgorithm algorithm, std::string_view realm,
                                                 const NonceCheck& nonce, location::CredentialStore& users,
                                                 UnixSeconds now) noexcept {
  auto user = users.find(c.username, realm);
  if (!user) return Rejected{500, "credential store unavailable"};
  // An unknown user, or one without an HA1 for this algorithm, is checked against a dummy HA1
  // keyed by the secret: the same work and the same failure as a wrong password, so neither the
  // outcome nor the time taken reveals which usernames exist. The dummy is computed for known
  // users too, to keep the work equal.
  const std::string dummy = hashHex(baseAlgorithm(algorithm), {signer_.macHex("dummy-ha1", {c.username, realm})});
  std::string_view stored = *user ? storedHa1(**user, algorithm) : std::string_view{};
  const bool known = !stored.empty();
  DigestInput in;
  in.algorithm = algorithm;
  in.ha1 = known ? stored : std::string_view(dummy);
  in.nonce = c.nonce;
  in.cnonce = c.cnonce;
  in.nc = c.raw.nc;
  in.qop = c.raw.qop;
  in.method = request.methodText();
  in.uri = c.uri;
  in.body = request.body();
  const bool match = hexDigestsEqual(digestResponse(in), c.raw.response);
  if (!match || !known) return Challenge{false, kWrongCredentials};
  // RFC 7616 §3.3: stale=true only when the digest was right for an expired nonce.
  if (nonce.state == NonceState::Expired) return Challenge{true, "nonce expired"};
  const UnixSeconds expires = nonce.issuedAt + static_cast<UnixSeconds>(config_.nonceLifetimeSeconds);
  // Without qop (RFC 2069) there is no nonce-count: the nonce is reusable until it expires unless
  // nonces are one-time. A replay gets stale=true: the response was right, so a legitimate client
  // whose requests crossed retries with a new nonce without asking its user.
  const bool hasQop = !c.raw.qop.empty();
  if ((hasQop || config_.oneTimeNonces) &&
      !replay_.accept(c.nonce, expires, hasQop ? c.nc : 0, config_.oneTimeNonces, now)) {
    return Challenge{true, "nonce-count replayed"};
  }
  return Authenticated{c.username, algorithm, c.headerIndex};
}

}  // namespace parley::auth
