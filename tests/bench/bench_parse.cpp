// SPDX-License-Identifier: MIT
// Parsing benchmarks: what a registrar does with a REGISTER and a proxy with an INVITE before any
// decision is made. "Typed" runs read every header the caller needs as a typed value: the eager
// essentials (Via, From, To, Call-ID, CSeq) plus Contact (parseContacts) and, for the REGISTER,
// Authorization (parseCredentials). The message bytes sit in a shared Buffer made once, as the
// transport hands them over; the *WithBuffer variants also make the Buffer (one allocation and a
// copy of the datagram) inside the timed loop. The component runs (parse only, Contact only,
// Authorization only) split the typed figure for profiling.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "sample_messages.hpp"
#include "syntax/auth_header.hpp"
#include "syntax/contact.hpp"
#include "syntax/message_parser.hpp"

namespace {

using namespace parley::syntax;
using parley::Result;
using parley::bench::kInvite;
using parley::bench::kRegister;

Buffer makeBuffer(std::string_view bytes) { return std::make_shared<const std::string>(bytes); }

// A benchmark whose input does not parse measures nothing: stop the run loudly.
template <class T>
const T& orDie(const Result<T>& r) {
  if (!r) {
    std::fprintf(stderr, "sample message failed: %s\n", r.error().reasonPhrase().c_str());
    std::abort();
  }
  return *r;
}

// Reads the essentials a transaction needs and the Contact bindings; returns the contact count.
std::size_t typedAccess(const SipMessage& m) {
  benchmark::DoNotOptimize(m.topVia().branch.data());
  benchmark::DoNotOptimize(m.from().tag.data());
  benchmark::DoNotOptimize(m.to().addr.uri.host.data());
  benchmark::DoNotOptimize(m.callId().data());
  benchmark::DoNotOptimize(m.cseq().number);
  auto contacts = parseContacts(m);
  return orDie(contacts).contacts.size();
}

void readCredentials(const SipMessage& m) {
  const HeaderField* h = m.find(HeaderId::Authorization);
  auto credentials = parseCredentials(h->value, "Authorization");
  benchmark::DoNotOptimize(orDie(credentials).response.data());
}

void parseRegisterTyped(const Buffer& buffer) {
  auto m = parseMessage(buffer, *buffer);
  benchmark::DoNotOptimize(typedAccess(orDie(m)));
  readCredentials(*m);
}

void parseInviteTyped(const Buffer& buffer) {
  auto m = parseMessage(buffer, *buffer);
  benchmark::DoNotOptimize(typedAccess(orDie(m)));
  benchmark::DoNotOptimize(m->body().size());
}

void parseOnly(const Buffer& buffer) {
  auto m = parseMessage(buffer, *buffer);
  benchmark::DoNotOptimize(orDie(m).cseq().number);
}

using ParseStep = void (*)(const Buffer&);

// One parse of `bytes` per iteration; with `bufferInLoop` the Buffer is made (allocated and
// copied) inside the timed loop too, as it would be for every received datagram.
void BM_Parse(benchmark::State& state, std::string_view bytes, ParseStep step, bool bufferInLoop) {
  const Buffer shared = makeBuffer(bytes);
  if (bufferInLoop) {
    for (auto _ : state) step(makeBuffer(bytes));
  } else {
    for (auto _ : state) step(shared);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
// With --benchmark_repetitions, also report the fastest repetition ("_min"): on a shared machine the
// minimum is the figure least disturbed by other work, the median the one to quote beside it.
double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

BENCHMARK_CAPTURE(BM_Parse, RegisterTyped, kRegister, parseRegisterTyped, false)->ComputeStatistics("min", fastest);
BENCHMARK_CAPTURE(BM_Parse, RegisterTypedWithBuffer, kRegister, parseRegisterTyped, true)
    ->ComputeStatistics("min", fastest);
BENCHMARK_CAPTURE(BM_Parse, InviteTyped, kInvite, parseInviteTyped, false)->ComputeStatistics("min", fastest);
BENCHMARK_CAPTURE(BM_Parse, InviteTypedWithBuffer, kInvite, parseInviteTyped, true)->ComputeStatistics("min", fastest);
BENCHMARK_CAPTURE(BM_Parse, RegisterOnly, kRegister, parseOnly, false)->ComputeStatistics("min", fastest);

// The lazily parsed headers of the REGISTER alone, on a message parsed once.
using TypedStep = void (*)(const SipMessage&);

void BM_RegisterHeader(benchmark::State& state, TypedStep step) {
  const Buffer buffer = makeBuffer(kRegister);
  auto m = parseMessage(buffer, *buffer);
  const SipMessage& msg = orDie(m);
  for (auto _ : state) step(msg);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_RegisterHeader, ContactOnly,
                  [](const SipMessage& m) { benchmark::DoNotOptimize(orDie(parseContacts(m)).contacts.size()); });
BENCHMARK_CAPTURE(BM_RegisterHeader, AuthorizationOnly, readCredentials);

}  // namespace

BENCHMARK_MAIN();
