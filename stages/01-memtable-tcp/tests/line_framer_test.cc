#include "line_framer.h"

#include <gtest/gtest.h>

#include "common/testkit/status_matchers.h"

namespace stepdb {
namespace {

// Drains every complete line the framer holds; fails the test on a framing error.
std::vector<std::string> Lines(LineFramer& framer) {
  std::vector<std::string> out;
  while (true) {
    auto line = framer.Next();
    EXPECT_OK(line);
    if (!line.ok() || !line->has_value()) return out;
    out.push_back(**line);
  }
}

TEST(LineFramer, SplitsLinesAndStripsCr) {
  LineFramer framer(100);
  framer.Append("SET a 1\nGET a\r\nDEL a\n");
  EXPECT_EQ(Lines(framer), (std::vector<std::string>{"SET a 1", "GET a", "DEL a"}));
  EXPECT_EQ(framer.buffered(), 0u);
}

TEST(LineFramer, WaitsForTheRestOfALine) {
  LineFramer framer(100);
  framer.Append("SET a 1\nGE");
  EXPECT_EQ(Lines(framer), std::vector<std::string>{"SET a 1"});
  EXPECT_EQ(framer.buffered(), 2u);
  framer.Append("T a\r");
  EXPECT_TRUE(Lines(framer).empty());
  framer.Append("\n");
  EXPECT_EQ(Lines(framer), std::vector<std::string>{"GET a"});
}

TEST(LineFramer, OneByteAtATime) {
  LineFramer framer(100);
  std::vector<std::string> got;
  for (char c : std::string("GET x\r\n\nSET y z\n")) {
    framer.Append(std::string_view(&c, 1));
    for (auto& line : Lines(framer)) got.push_back(line);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"GET x", "", "SET y z"}));
}

TEST(LineFramer, KeepsOnlyTheLastCr) {
  LineFramer framer(100);
  framer.Append("a\r\r\n\r\n");
  EXPECT_EQ(Lines(framer), (std::vector<std::string>{"a\r", ""}));
}

TEST(LineFramer, LineAtTheLimitIsAccepted) {
  LineFramer framer(8);
  framer.Append("12345678\r\n");
  EXPECT_EQ(Lines(framer), std::vector<std::string>{"12345678"});
}

// The limit's edge, a byte at a time: max_line_bytes + 1 bytes without a newline may still be
// a line at the limit and its "\r", so the framer waits; one byte more cannot be.
TEST(LineFramer, LineAtTheLimitMayWaitForItsNewlineAfterTheCr) {
  LineFramer framer(8);
  framer.Append("12345678\r");
  EXPECT_TRUE(Lines(framer).empty()) << "sent \"12345678\\r\" to a framer with limit 8";
  framer.Append("\n");
  EXPECT_EQ(Lines(framer), std::vector<std::string>{"12345678"});
}

TEST(LineFramer, LineOneByteOverTheLimitIsAnErrorWhenItsNewlineArrives) {
  LineFramer framer(8);
  framer.Append("123456789");
  EXPECT_TRUE(Lines(framer).empty()) << "sent \"123456789\" to a framer with limit 8";
  framer.Append("\n");
  auto line = framer.Next();
  ASSERT_FALSE(line.ok()) << "sent \"123456789\\n\" to a framer with limit 8, got a line";
  EXPECT_EQ(line.status().message(), "line too long (limit 8 bytes)");
}

TEST(LineFramer, CompleteLineOverTheLimitIsAnError) {
  LineFramer framer(8);
  framer.Append("123456789\n");
  auto line = framer.Next();
  ASSERT_FALSE(line.ok());
  EXPECT_TRUE(line.status().IsInvalidArgument());
  EXPECT_EQ(line.status().message(), "line too long (limit 8 bytes)");
}

TEST(LineFramer, EndlessLineIsAnErrorBeforeItsNewline) {
  LineFramer framer(8);
  framer.Append("1234567890");  // max_line_bytes + 2: no "\r" can make this a line at the limit
  auto line = framer.Next();
  ASSERT_FALSE(line.ok());
  EXPECT_TRUE(line.status().IsInvalidArgument()) << line.status().ToString();
}

}  // namespace
}  // namespace stepdb
