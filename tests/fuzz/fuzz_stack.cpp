// SPDX-License-Identifier: MIT
// Whole-stack fuzzing below the sockets (STYLE §9): the input is cut into messages at each 0xff
// byte; each is parsed, and what parses is received by a real TransactionTable whose TU is the real
// ProxyCore in front of the real ServerCore and Registrar (in-memory stores; digest authentication,
// for REGISTER and proxy 407s alike, on or off as the first input byte says, so the binding and
// forwarding code is reached without valid credentials; IP-literal next hops only), with a fake
// clock advanced by a data-derived amount between messages. Invariants: no crash or sanitizer
// report anywhere in parser, transactions, proxy, core, registrar or authenticator; every message
// the stack sends parses; the registrar never stores more than max_contacts bindings for an AOR;
// and after 200 s of simulated silence (past Timer C) no transaction and no proxied request is left.
#include <cstdint>
#include <string>
#include <vector>

#include "base/random.hpp"
#include "base/timer_wheel.hpp"
#include "invariant.hpp"
#include "syntax/message_parser.hpp"
#include "location/memory/memory_credential_store.hpp"
#include "location/memory/memory_location_store.hpp"
#include "tu/auth/digest_authenticator.hpp"
#include "tu/auth/digest_hash.hpp"
#include "tu/core/server_core.hpp"
#include "tu/proxy/proxy_core.hpp"
#include "tu/registrar/registrar.hpp"
#include "txn/transaction_table.hpp"

namespace {

using namespace parley;

class StepClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const noexcept override { return now_; }
  void advance(Duration d) noexcept { now_ += d; }

 private:
  TimePoint now_{};
};

// Checks that every byte string the stack sends is a message we can parse again.
class CheckingTransport final : public txn::TransactionTransport {
 public:
  [[nodiscard]] Result<void> send(const txn::TransportTarget&, std::string_view bytes) noexcept override {
    auto again = syntax::parseMessage(std::string(bytes));
    PARLEY_FUZZ_CHECK(again.has_value());
    return {};
  }
};

// Calendar time that moves with the step clock (bindings expire while the fuzzer "waits").
class StepWallClock final : public WallClock {
 public:
  explicit StepWallClock(const StepClock& clock) noexcept : clock_(clock) {}
  [[nodiscard]] UnixSeconds now() const noexcept override {
    return 1'700'000'000 + std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  }

 private:
  const StepClock& clock_;
};

// Next hops without DNS: an IP-literal host is its own address; names are not found (a 503 branch).
class LiteralNextHop final : public tu::NextHopResolver {
 public:
  void resolve(const syntax::Uri& uri, Completion done) noexcept override {
    auto kind = syntax::classifyHost(uri.host);
    if (kind != syntax::HostKind::IPv4) {
      done(fail(Errc::Missing, "no DNS in the fuzzer", "", 0));
      return;
    }
    done(std::vector<txn::TransportTarget>{
        txn::TransportTarget::of(txn::TransportKind::Udp, std::string(uri.host), uri.port.value_or(5060))});
  }
};

void runTimers(StepClock& clock, TimerWheel& wheel, Duration d) {
  const TimePoint end = clock.now() + d;
  for (auto next = wheel.nextWakeup(); next && *next <= end; next = wheel.nextWakeup()) {
    if (*next > clock.now()) clock.advance(*next - clock.now());
    wheel.advance(clock.now());
  }
  if (end > clock.now()) clock.advance(end - clock.now());
  wheel.advance(clock.now());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  StepClock clock;
  TimerWheel wheel(clock.now());
  CheckingTransport transport;
  SystemRandom random(1);
  tu::CoreConfig config{{"example.com"}, {"192.0.2.4"}, "Parley/fuzz", {"path", "outbound"}, {}};
  tu::ServerCore core(config, random);
  StepWallClock wall(clock);
  location::MemoryLocationStore bindings;
  location::MemoryCredentialStore users;
  (void)users.put({"bob", "example.com", auth::ha1(auth::DigestAlgorithm::Md5, "bob", "example.com", "pw"),
                   auth::ha1(auth::DigestAlgorithm::Sha256, "bob", "example.com", "pw"),
                   auth::ha1(auth::DigestAlgorithm::Sha512_256, "bob", "example.com", "pw")});
  auth::DigestConfig digestConfig;
  digestConfig.secret = "fuzz-secret-0123456789";
  auto digest = auth::DigestAuthenticator::create(digestConfig);
  PARLEY_FUZZ_CHECK(digest.has_value());
  tu::RegistrarConfig registrarConfig;
  registrarConfig.maxContacts = 3;
  registrarConfig.authenticate = size > 0 && (data[0] & 1) != 0;
  tu::Registrar registrar(registrarConfig, config, bindings, users, digest->get(), wall);
  core.serve(syntax::Method::Register, registrar);
  tu::LocalAddresses local{{"example.com"}, {{"192.0.2.4", 5060}}};
  tu::ProxyConfig proxyConfig;
  proxyConfig.legs.udp = tu::RecordRouteLeg{txn::TransportKind::Udp, "192.0.2.4", 5060};
  proxyConfig.auth.enabled = registrarConfig.authenticate;
  LiteralNextHop nextHop;
  tu::ProxyCore proxy(proxyConfig, config, local, core,
                      tu::ProxyServices{&bindings, &users, digest->get(), &wall, "fuzz-node"}, transport, nextHop,
                      clock, wheel, random, 0);
  {
    txn::TransactionTable table(clock, wheel, transport, proxy);
    proxy.attach(table);
    const auto source = txn::TransportTarget::of(txn::TransportKind::Udp, "198.51.100.7", 5060);
    std::string_view input = fuzz::asView(data, size);
    while (!input.empty()) {
      std::size_t cut = input.find('\xff');
      std::string_view one = input.substr(0, cut);
      input = cut == std::string_view::npos ? std::string_view{} : input.substr(cut + 1);
      // The byte after the separator (if any) picks how long the network was silent, up to 2.55 s.
      if (auto m = syntax::parseMessage(std::string(one))) table.receive(*m, source);
      if (!input.empty()) {
        runTimers(clock, wheel, std::chrono::milliseconds(10 * static_cast<unsigned char>(input.front())));
      }
    }
    runTimers(clock, wheel, std::chrono::seconds(200));  // past Timer C, B + H, J/L, D and I/K
    PARLEY_FUZZ_CHECK(table.size() == 0);
    PARLEY_FUZZ_CHECK(proxy.activeContexts() == 0);
    auto aors = bindings.listAors(0, "", 1000);
    PARLEY_FUZZ_CHECK(aors.has_value());
    for (const std::string& aor : *aors) PARLEY_FUZZ_CHECK(bindings.lookup(aor, 0)->size() <= registrarConfig.maxContacts);
  }
  return 0;
}
