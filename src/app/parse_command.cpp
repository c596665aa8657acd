// SPDX-License-Identifier: MIT
#include "app/parse_command.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "app/message_json.hpp"
#include "syntax/message_parser.hpp"
#include "syntax/validate.hpp"

namespace parley::app {
namespace {

std::optional<std::string> readAll(std::istream& in) {
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return std::nullopt;
  return bytes;
}

}  // namespace

ParseReport describeMessage(std::string bytes) {
  auto message = syntax::parseMessage(std::move(bytes), syntax::Framing::Datagram);
  if (!message) return {errorJson(message.error()), message.error()};
  if (auto valid = syntax::validateMessage(*message); !valid) return {errorJson(valid.error()), valid.error()};
  return {messageJson(*message), std::nullopt};
}

int runParseCommand(const std::string& path, std::istream& stdinStream, std::ostream& out, std::ostream& err) {
  std::optional<std::string> bytes;
  if (path == "-") {
    bytes = readAll(stdinStream);
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      err << "parley: cannot open " << path << ": " << std::strerror(errno) << "\n";
      return 1;
    }
    bytes = readAll(file);
  }
  if (!bytes) {
    err << "parley: cannot read " << path << "\n";
    return 1;
  }
  ParseReport report = describeMessage(std::move(*bytes));
  // error_handler replace is a safety net only: json_text.hpp already made every string UTF-8.
  out << report.json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  if (report.error) {
    err << "parley: " << path << ":" << report.error->offset << ": " << report.error->reasonPhrase() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace parley::app
