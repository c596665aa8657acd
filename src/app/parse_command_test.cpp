// SPDX-License-Identifier: MIT
#include "app/parse_command.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "app/address_json.hpp"

namespace parley::app {
namespace {

constexpr std::string_view kOptions =
    "OPTIONS sip:bob@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1\r\n"
    "To: <sip:bob@example.com>\r\n"
    "From: \"Al\\\"ice\" <sip:alice@example.com>;tag=1\r\n"
    "Call-ID: cmd-test\r\n"
    "CSeq: 7 OPTIONS\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

struct CommandRun {
  int status;
  std::string out;
  std::string err;
};

CommandRun runOnStdin(std::string_view input) {
  std::istringstream in{std::string(input)};
  std::ostringstream out, err;
  int status = runParseCommand("-", in, out, err);
  return {status, out.str(), err.str()};
}

TEST(ParseCommand, ValidMessagePrintsJsonAndExitsZero) {
  CommandRun r = runOnStdin(kOptions);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "request");
  EXPECT_EQ(j["method"], "OPTIONS");
  EXPECT_EQ(j["from"]["display_name"], "Al\"ice");
  EXPECT_EQ(j["cseq"]["number"], 7);
  EXPECT_EQ(j["request_uri"]["host_kind"], "name");
}

TEST(ParseCommand, RefusedMessageExitsTwoAndNamesTheOffset) {
  std::string bad(kOptions);
  bad.replace(bad.find("7 OPTIONS"), 9, "7 INVITE ");
  CommandRun r = runOnStdin(bad);
  EXPECT_EQ(r.status, 2);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("error"));
  EXPECT_EQ(j["error"]["status"], 400);
  EXPECT_EQ(j["error"]["header"], "CSeq");
  std::uint32_t offset = j["error"]["offset"];
  EXPECT_EQ(offset, bad.find("7 INVITE"));
  EXPECT_EQ(r.err, "parley: -:" + std::to_string(offset) + ": " + j["error"]["reason"].get<std::string>() + "\n");
}

TEST(ParseCommand, UnreadableFileExitsOne) {
  std::istringstream in;
  std::ostringstream out, err;
  EXPECT_EQ(runParseCommand("/nonexistent/parley/file.sip", in, out, err), 1);
  EXPECT_EQ(out.str(), "");
  EXPECT_NE(err.str().find("cannot open /nonexistent/parley/file.sip"), std::string::npos);
}

TEST(ParseCommand, BinaryBodyIsCountedNotInterpreted) {
  std::string msg(kOptions);
  msg.replace(msg.find("Content-Length: 0"), 17, "Content-Length: 4");
  msg += std::string("\0\xFF\r\n", 4);
  ParseReport report = describeMessage(msg);
  ASSERT_FALSE(report.error) << report.error->reasonPhrase();
  EXPECT_EQ(report.json["body_length"], 4);
}

TEST(QValueText, ShortestDecimal) {
  EXPECT_EQ(qValueText(330), "0.33");
  EXPECT_EQ(qValueText(1000), "1");
  EXPECT_EQ(qValueText(0), "0");
  EXPECT_EQ(qValueText(5), "0.005");
  EXPECT_EQ(qValueText(500), "0.5");
}

}  // namespace
}  // namespace parley::app
