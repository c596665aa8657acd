// SPDX-License-Identifier: MIT
#include "expectation_check.hpp"

namespace parley::conformance {
namespace {

using Json = nlohmann::ordered_json;

std::size_t sizeOf(const Json& j) { return j.is_string() ? j.get_ref<const std::string&>().size() : j.size(); }

std::string checkField(const Expectation::Field& f, const Json& actual) {
  std::string at = "line " + std::to_string(f.line) + " " + f.pointer + ": ";
  Json::json_pointer pointer(f.pointer);
  bool present = actual.contains(pointer);
  if (f.kind == Expectation::Field::Kind::Absent) return present ? at + "expected absent, got " + actual.at(pointer).dump() : "";
  if (!present) return at + "missing";
  const Json& got = actual.at(pointer);
  if (f.kind == Expectation::Field::Kind::Length) {
    if (!got.is_string() && !got.is_array() && !got.is_object()) return at + "has no length: " + got.dump();
    return sizeOf(got) == f.length ? "" : at + "expected length " + std::to_string(f.length) + ", got " + std::to_string(sizeOf(got));
  }
  // Compared as unordered JSON: the key order of an object in the table does not matter.
  if (nlohmann::json(got) == nlohmann::json(f.value)) return "";
  return at + "expected " + f.value.dump(-1, ' ', false, Json::error_handler_t::replace) + ", got " +
         got.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::vector<std::string> checkFailure(const Expectation::Failure& f, const app::ParseReport& actual) {
  std::vector<std::string> problems;
  if (!actual.error) return {"expected the message to be refused, but it parsed"};
  const Error& e = *actual.error;
  if (e.status != f.status) problems.push_back("status: expected " + std::to_string(f.status) + ", got " + std::to_string(e.status));
  std::optional<std::string> header;
  if (!e.where.empty()) header = std::string(e.where);
  if (header != f.header) problems.push_back("header: expected " + f.header.value_or("(none)") + ", got " + header.value_or("(none)"));
  if (e.reasonPhrase().find(f.reasonContains) == std::string::npos) {
    problems.push_back("reason: expected it to contain '" + f.reasonContains + "', got '" + e.reasonPhrase() + "'");
  }
  return problems;
}

}  // namespace

std::vector<std::string> checkExpectation(const Expectation& expected, const app::ParseReport& actual) {
  if (!expected.valid) return checkFailure(*expected.failure, actual);
  if (actual.error) return {"expected the message to parse, but it was refused: " + actual.error->reasonPhrase() +
                            " at offset " + std::to_string(actual.error->offset)};
  std::vector<std::string> problems;
  for (const Expectation::Field& f : expected.fields) {
    if (std::string p = checkField(f, actual.json); !p.empty()) problems.push_back(p);
  }
  return problems;
}

}  // namespace parley::conformance
