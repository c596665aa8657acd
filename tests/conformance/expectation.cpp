// SPDX-License-Identifier: MIT
#include "expectation.hpp"

#include <charconv>
#include <fstream>

namespace parley::conformance {
namespace {

using Unexpected = tl::unexpected<std::string>;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// Splits "| a | b \| c |" into {"a", "b | c"}; GitHub Markdown needs '|' escaped even in code.
std::vector<std::string> tableCells(std::string_view row) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell.push_back('|');
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(trim(cell));
      cell.clear();
    } else {
      cell.push_back(row[i]);
    }
  }
  return cells;
}

// The text of a code span: `x` or, when x itself holds a backtick, `` x `` (CommonMark §6.1).
std::optional<std::string> inBackticks(const std::string& cell) {
  std::size_t open = cell.find_first_not_of('`');
  std::size_t close = cell.find_last_not_of('`');
  if (open == 0 || open == std::string::npos || cell.size() - 1 - close != open) return std::nullopt;
  return trim(std::string_view(cell).substr(open, close + 1 - open));
}

tl::expected<Expectation::Field, std::string> fieldRow(const std::vector<std::string>& cells) {
  if (cells.size() != 2) return Unexpected("a valid-case row needs 2 cells");
  Expectation::Field f;
  auto pointer = inBackticks(cells[0]);
  if (!pointer || pointer->empty() || pointer->front() != '/') return Unexpected("pointer must be `/...`");
  f.pointer = *pointer;
  if (auto literal = inBackticks(cells[1])) {
    f.value = nlohmann::ordered_json::parse(*literal, nullptr, false);
    if (f.value.is_discarded()) return Unexpected("expected value is not a JSON literal: " + *literal);
  } else if (cells[1] == "absent") {
    f.kind = Expectation::Field::Kind::Absent;
  } else if (cells[1].rfind("length ", 0) == 0) {
    f.kind = Expectation::Field::Kind::Length;
    f.length = std::stoul(cells[1].substr(7));
  } else {
    return Unexpected("expected value must be `JSON`, absent or length N: " + cells[1]);
  }
  return f;
}

tl::expected<Expectation::Failure, std::string> failureRow(const std::vector<std::string>& cells) {
  if (cells.size() != 3) return Unexpected("an invalid-case row needs 3 cells");
  Expectation::Failure f;
  f.status = static_cast<std::uint16_t>(std::stoul(cells[0]));
  if (cells[1] != "(none)") f.header = cells[1];
  f.reasonContains = cells[2];
  return f;
}

bool isHeaderOrRule(const std::vector<std::string>& cells) {
  if (cells.empty()) return true;
  const std::string& c = cells[0];
  return c == "JSON pointer" || c == "status" || c.find("---") != std::string::npos;
}

}  // namespace

tl::expected<std::string, std::string> decodeMessageBlock(const std::vector<std::string>& lines, bool bareLf) {
  std::string out;
  for (const std::string& line : lines) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] != '\\') {
        out.push_back(line[i]);
        continue;
      }
      std::string_view rest = std::string_view(line).substr(i + 1);
      if (rest.starts_with("\\")) {
        out.push_back('\\');
        i += 1;
      } else if (rest.starts_with("x") && rest.size() >= 3) {
        unsigned octet = 0;
        auto [end, ec] = std::from_chars(rest.data() + 1, rest.data() + 3, octet, 16);
        if (ec != std::errc() || end != rest.data() + 3) return Unexpected("bad \\x escape in: " + line);
        out.push_back(static_cast<char>(octet));
        i += 3;
      } else if (rest.starts_with("[")) {
        std::size_t star = rest.find('*'), close = rest.find(']');
        if (star == std::string_view::npos || close != star + 2) return Unexpected("bad \\[N*c] escape in: " + line);
        std::size_t n = std::stoul(std::string(rest.substr(1, star - 1)));
        out.append(n, rest[star + 1]);
        i += close + 1;
      } else {
        return Unexpected("unknown escape in: " + line);
      }
    }
    out += bareLf ? "\n" : "\r\n";
  }
  return out;
}

tl::expected<Expectation, std::string> loadExpectation(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Unexpected("cannot open " + file.string());
  Expectation e;
  std::optional<bool> expect;
  bool bareLf = false, inFence = false, fenceSeen = false;
  std::vector<std::string> block;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto where = [&](const std::string& what) { return Unexpected(file.string() + ":" + std::to_string(number) + ": " + what); };
    if (line.starts_with("```")) {
      inFence = !inFence && !fenceSeen;
      fenceSeen = true;
      continue;
    }
    if (inFence) {
      block.push_back(line);
      continue;
    }
    if (e.title.empty() && line.starts_with("# ")) e.title = trim(line.substr(2));
    if (line.starts_with("Line endings:")) bareLf = trim(line.substr(13)) == "LF";
    if (line.starts_with("Expect:")) {
      std::string v = trim(line.substr(7));
      if (v != "valid" && v != "invalid") return where("Expect: must be valid or invalid");
      expect = v == "valid";
    }
    if (!line.starts_with("|")) continue;
    auto cells = tableCells(line);
    if (isHeaderOrRule(cells)) continue;
    if (!expect) return where("table before the Expect: line");
    if (*expect) {
      auto f = fieldRow(cells);
      if (!f) return where(f.error());
      f->line = number;
      e.fields.push_back(*f);
    } else {
      if (e.failure) return where("an invalid case has exactly one error row");
      auto f = failureRow(cells);
      if (!f) return where(f.error());
      e.failure = *f;
    }
  }
  if (e.title.empty()) return Unexpected(file.string() + ": no '# title' line");
  if (!expect) return Unexpected(file.string() + ": no 'Expect: valid|invalid' line");
  e.valid = *expect;
  if (e.valid && e.fields.empty()) return Unexpected(file.string() + ": Expect: valid needs at least one field row");
  if (!e.valid && !e.failure) return Unexpected(file.string() + ": Expect: invalid needs its error row");
  if (fenceSeen) {
    auto decoded = decodeMessageBlock(block, bareLf);
    if (!decoded) return Unexpected(file.string() + ": " + decoded.error());
    e.message = *decoded;
  }
  return e;
}

}  // namespace parley::conformance
