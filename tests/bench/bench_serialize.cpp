// SPDX-License-Identifier: MIT
// Serialising benchmarks: the 200 OK a registrar sends for a REGISTER (buildResponse into a reused
// std::string, §8.2.6.2 and §10.3 step 8), and the INVITE a proxy forwards (serialize with the
// §16.6 edits: a new top Via, Max-Forwards decremented, a Record-Route). The request is parsed
// once, outside the timed loop.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "sample_messages.hpp"
#include "syntax/message_edits.hpp"
#include "syntax/message_parser.hpp"
#include "syntax/response_builder.hpp"

namespace {

using namespace parley::syntax;

SipMessage parseSample(std::string_view bytes) {
  auto m = parseMessage(std::string(bytes));
  if (!m) {
    std::fprintf(stderr, "sample message failed: %s\n", m.error().reasonPhrase().c_str());
    std::abort();
  }
  return std::move(*m);
}

void BM_Build200ForRegister(benchmark::State& state) {
  const SipMessage request = parseSample(parley::bench::kRegister);
  ResponseExtras extras;
  extras.toTag = "a5c3f09e";
  extras.via.received = "198.51.100.7";
  extras.via.rport = 61002;
  // What §10.3 step 8 returns: the current bindings with their expiry, and the Date.
  extras.extraHeaders =
      "Contact: <sip:alice@192.0.2.10:5060>;+sip.instance=\"<urn:uuid:0c2f3e88-2c1d-4b5a-9f3e-1a2b3c4d5e6f>\""
      ";expires=3600\r\n"
      "Date: Tue, 24 Nov 2026 06:30:18 GMT\r\n";
  std::string out;
  for (auto _ : state) {
    buildResponse(request, 200, extras, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
  state.counters["message_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_Build200ForRegister);

void BM_ForwardInvite(benchmark::State& state) {
  const SipMessage request = parseSample(parley::bench::kInvite);
  std::string out;
  for (auto _ : state) {
    MessageEdits edits;
    edits.prepend(HeaderId::Via, "SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bK.p1x7Qd0a");
    if (!decrementMaxForwards(request, edits)) state.SkipWithError("Max-Forwards");
    edits.prepend(HeaderId::RecordRoute, "<sip:proxy.example.com;lr>");
    serialize(request, edits, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
  state.counters["message_bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_ForwardInvite);

}  // namespace

BENCHMARK_MAIN();
