#include "resp_parser.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/testkit/escape.h"

namespace stepdb {
namespace {

using namespace std::literals;  // "a\0b"s keeps its \0
using testkit::Escape;
using Outcome = RespParser::Outcome;
using Words = std::vector<std::string>;

// Plays the connection's part: keeps the bytes the parser has not finished with, appends what
// arrives, and takes requests until the parser needs more or fails. What came out is written
// down as a transcript, one line per request ("[SET] [k] [v]", bytes escaped), then
// "error: <message>" or "waiting: <unconsumed bytes>", so that two ways of feeding the same
// bytes can be compared and a failure shows every request.
class FakeConnection {
 public:
  explicit FakeConnection(const RespLimits& limits = {}) : parser_(limits) {}

  void Receive(std::string_view bytes) {
    buffer_.append(bytes);
    while (!failed_) {
      std::vector<std::string> args;
      const Outcome outcome = parser_.Parse(buffer_, &args);
      ++parse_calls_;
      buffer_.erase(0, parser_.consumed());
      if (outcome == Outcome::kNeedMore) break;
      if (outcome == Outcome::kError) {
        failed_ = true;
      } else {
        requests_.push_back(args);
      }
    }
  }

  std::vector<std::string> Transcript() const {
    std::vector<std::string> lines;
    for (const auto& request : requests_) {
      std::string line;
      for (const auto& arg : request) line += (line.empty() ? "[" : " [") + Escape(arg) + "]";
      lines.push_back(line);
    }
    lines.push_back(failed_ ? "error: " + Escape(parser_.error()) : "waiting: " + Escape(buffer_));
    return lines;
  }

  const std::vector<Words>& requests() const { return requests_; }
  const RespParser& parser() const { return parser_; }
  uint64_t parse_calls() const { return parse_calls_; }

 private:
  RespParser parser_;
  std::string buffer_;
  std::vector<Words> requests_;
  bool failed_ = false;
  uint64_t parse_calls_ = 0;
};

// The transcript of `input` arriving in one piece.
std::vector<std::string> Transcript(std::string_view input, const RespLimits& limits = {}) {
  FakeConnection connection(limits);
  connection.Receive(input);
  return connection.Transcript();
}

// Requests in input, arriving whole, fed one byte at a time, and cut in two at every offset,
// all give the same transcript. (True as long as no line outgrows the limit: rule 8 depends
// on how the bytes arrive.)
void ExpectSameForEveryCut(std::string_view input, const std::vector<std::string>& expected) {
  SCOPED_TRACE("sent: " + Escape(input));
  ASSERT_EQ(Transcript(input), expected) << "(in one piece)";
  FakeConnection bytewise;
  for (char c : input) bytewise.Receive(std::string_view(&c, 1));
  EXPECT_EQ(bytewise.Transcript(), expected) << "(one byte at a time)";
  for (size_t cut = 1; cut < input.size(); ++cut) {
    FakeConnection two_pieces;
    two_pieces.Receive(input.substr(0, cut));
    two_pieces.Receive(input.substr(cut));
    ASSERT_EQ(two_pieces.Transcript(), expected) << "(cut after " << cut << " bytes)";
  }
}

// A multibulk request holding `args`.
std::string Multibulk(const Words& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) out += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  return out;
}

TEST(RespParser, MultibulkRequest) {
  ExpectSameForEveryCut("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", {"[GET] [k]", "waiting: "});
}

TEST(RespParser, InlineRequestEndsAtNewlineWithOrWithoutCr) {
  ExpectSameForEveryCut("GET k\r\nGET j\n", {"[GET] [k]", "[GET] [j]", "waiting: "});
}

TEST(RespParser, InlineDropsOnlyOneCr) {
  // "PING\r\r\n": the line is "PING\r", and a "\r" separates words.
  ExpectSameForEveryCut("PING\r\r\n\"a\"\r\r\n", {"[PING]", "[a]", "waiting: "});
}

TEST(RespParser, PipelineOfBothForms) {
  const std::string input = Multibulk({"SET", "k", "v"}) + "GET k\r\n" + Multibulk({"DEL", "k"}) +
                            "PING\n" + Multibulk({"PING"});
  ExpectSameForEveryCut(
      input, {"[SET] [k] [v]", "[GET] [k]", "[DEL] [k]", "[PING]", "[PING]", "waiting: "});
}

TEST(RespParser, PartialRequestWaits) {
  ExpectSameForEveryCut("PING\r\n*2\r\n$3\r\nGET\r\n$1\r", {"[PING]", "waiting: $1\\r"});
  ExpectSameForEveryCut("GET k", {"waiting: GET k"});
}

TEST(RespParser, BulksAreBinarySafe) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  const std::string input =
      Multibulk({"SET", "a\0b"s, "x\r\ny\r\n"}) + Multibulk({"SET", "", every_byte});
  FakeConnection connection;
  connection.Receive(input);
  ASSERT_EQ(connection.requests().size(), 2u) << "sent: " << Escape(input);
  EXPECT_EQ(connection.requests()[0], (Words{"SET", "a\0b"s, "x\r\ny\r\n"}));
  EXPECT_EQ(connection.requests()[1], (Words{"SET", "", every_byte}));
  ExpectSameForEveryCut(Multibulk({"A", "\0\r\n\0"s, "*1\r\n$"}),
                        {"[A] [\\x00\\r\\n\\x00] [*1\\r\\n$]", "waiting: "});
}

TEST(RespParser, EmptyRequestsAreSkippedSilently) {
  // Rule 3: a count of zero or less; rule 7: a line without words.
  ExpectSameForEveryCut("*0\r\n*-1\r\n*-5\r\n\r\n\n   \t \r\n\v\f\nPING\r\n",
                        {"[PING]", "waiting: "});
}

TEST(RespParser, SkippedEmptyRequestsAreConsumedWhileWaiting) {
  RespParser parser;
  std::vector<std::string> args;
  const std::string input = "*0\r\n\r\n*1\r\n";
  EXPECT_EQ(parser.Parse(input, &args), Outcome::kNeedMore);
  // The empties (4 + 2 bytes) and the count line of the unfinished request (4 bytes).
  EXPECT_EQ(parser.consumed(), 10u);
  EXPECT_TRUE(parser.in_request());
  EXPECT_EQ(parser.Parse("$4\r\nPING\r\n", &args), Outcome::kRequest);
  EXPECT_EQ(args, Words{"PING"});
  EXPECT_EQ(parser.consumed(), 10u);
  EXPECT_FALSE(parser.in_request());
}

TEST(RespParser, ArgumentsAlreadyReadAreConsumedWhileWaiting) {
  RespParser parser;
  std::vector<std::string> args;
  EXPECT_EQ(parser.Parse("*2\r\n$3\r\nGET\r\n$1\r", &args), Outcome::kNeedMore);
  EXPECT_EQ(parser.consumed(), 13u) << "the count line and the whole first argument";
  EXPECT_EQ(parser.Parse("$1\r\nk\r\n", &args), Outcome::kRequest);
  EXPECT_EQ(args, (Words{"GET", "k"}));
}

TEST(RespParser, InRequestIffSomeBytesOfARequestWereSeen) {
  RespParser parser;
  std::vector<std::string> args;
  EXPECT_FALSE(parser.in_request());
  EXPECT_EQ(parser.Parse("", &args), Outcome::kNeedMore);
  EXPECT_FALSE(parser.in_request());
  EXPECT_EQ(parser.Parse("G", &args), Outcome::kNeedMore);
  EXPECT_TRUE(parser.in_request());
  EXPECT_EQ(parser.Parse("GET k\r\n", &args), Outcome::kRequest);
  EXPECT_FALSE(parser.in_request());
  EXPECT_EQ(parser.Parse("*", &args), Outcome::kNeedMore);
  EXPECT_TRUE(parser.in_request());
}

TEST(RespParser, ArgsAreWrittenOnlyForARequest) {
  RespParser parser;
  std::vector<std::string> args = {"old"};
  EXPECT_EQ(parser.Parse("*1\r\n$4\r\nPI", &args), Outcome::kNeedMore);
  EXPECT_EQ(args, Words{"old"});
  EXPECT_EQ(parser.consumed(), 8u);
  EXPECT_EQ(parser.Parse("PING\r\n", &args), Outcome::kRequest);  // "PI" and what came next
  EXPECT_EQ(args, Words{"PING"});
}

TEST(RespParser, InvalidMultibulkLength) {
  // Rule 2: Redis's string2ll. "*2147483648" is one past Redis 7.0's limit (INT_MAX).
  for (const char* input :
       {"*x\r\n", "*\r\n", "*+1\r\n", "*01\r\n", "*-0\r\n", "* 1\r\n", "*1 \r\n", "*1x\r\n",
        "*2147483648\r\n", "*99999999999999999999\r\n", "*000000000000000000001\r\n"}) {
    ExpectSameForEveryCut(input, {"error: Protocol error: invalid multibulk length"});
  }
}

TEST(RespParser, LargestMultibulkCountWaitsForItsArguments) {
  ExpectSameForEveryCut("*2147483647\r\n", {"waiting: "});
}

TEST(RespParser, MultibulkCountLimitComesFromTheLimits) {
  RespLimits limits;
  limits.max_multibulk_count = 3;
  EXPECT_EQ(Transcript(Multibulk({"a", "b", "c"}), limits), (Words{"[a] [b] [c]", "waiting: "}));
  EXPECT_EQ(Transcript(Multibulk({"a", "b", "c", "d"}), limits),
            Words{"error: Protocol error: invalid multibulk length"});
}

TEST(RespParser, BulkHeaderMustStartWithDollar) {
  ExpectSameForEveryCut("*1\r\nX\r\n", {"error: Protocol error: expected '$', got 'X'"});
  ExpectSameForEveryCut("*2\r\n$1\r\na\r\n:1\r\n",
                        {"error: Protocol error: expected '$', got ':'"});
  // Any byte is shown as it is, except a line break, which Redis shows as a space.
  ExpectSameForEveryCut("*1\r\n\x01\r\n", {"error: Protocol error: expected '$', got '\\x01'"});
  ExpectSameForEveryCut("*1\r\n\xff\r\n", {"error: Protocol error: expected '$', got '\\xff'"});
  ExpectSameForEveryCut("*1\r\n\r\n", {"error: Protocol error: expected '$', got ' '"});
  ExpectSameForEveryCut("*1\r\n\n\r\n", {"error: Protocol error: expected '$', got ' '"});
}

TEST(RespParser, BulkHeaderIsJudgedOnlyOnceItsLineIsComplete) {
  EXPECT_EQ(Transcript("*1\r\nX"), Words{"waiting: X"});
  EXPECT_EQ(Transcript("*1\r\nX\r"), Words{"waiting: X\\r"});
  EXPECT_EQ(Transcript("*1\r\nX\r\n"), Words{"error: Protocol error: expected '$', got 'X'"});
}

TEST(RespParser, InvalidBulkLength) {
  for (const char* header : {"$-1", "$x", "$", "$01", "$-0", "$+1", "$1 ", "$ 1",
                             "$99999999999999999999", "$536870913"}) {
    ExpectSameForEveryCut(std::string("*1\r\n") + header + "\r\n",
                          {"error: Protocol error: invalid bulk length"});
  }
  // proto-max-bulk-len itself is allowed.
  ExpectSameForEveryCut("*1\r\n$536870912\r\n", {"waiting: "});
}

TEST(RespParser, BulkLengthLimitComesFromTheLimits) {
  RespLimits limits;
  limits.max_bulk_bytes = 10;
  EXPECT_EQ(Transcript(Multibulk({"0123456789"}), limits), (Words{"[0123456789]", "waiting: "}));
  EXPECT_EQ(Transcript(Multibulk({"0123456789a"}), limits),
            Words{"error: Protocol error: invalid bulk length"});
}

TEST(RespParser, TheTwoBytesAfterALineOrABulkAreNotChecked) {
  // Redis skips them unread (rules 1 and 6).
  ExpectSameForEveryCut("*1\r\n$4\r\nPINGxx*1\rX$4\r\nPING\r\n*1\r\n$4\rXPING\r\n",
                        {"[PING]", "[PING]", "[PING]", "waiting: "});
}

TEST(RespParser, InlineQuoting) {
  // Each case checked against redis-server 7.0 with ECHO.
  struct Case {
    std::string line;
    std::optional<Words> words;  // nullopt: unbalanced quotes
  };
  const Case cases[] = {
      {"ECHO \"a b\"", Words{"ECHO", "a b"}},
      {R"(ECHO "a\x41\x4g\n\r\t\b\a\\\"\q")", Words{"ECHO", "aAx4g\n\r\t\b\a\\\"q"}},
      {R"(ECHO "\xAf\x41\x")", Words{"ECHO",
                                     "\xaf"
                                     "Ax"}},
      {R"(ECHO 'a\'b"')", Words{"ECHO", "a'b\""}},
      {R"(ECHO '\\x41')", Words{"ECHO", R"(\\x41)"}},
      {"ECHO ab\"c d\"", Words{"ECHO", "abc d"}},
      {"ECHO \"\" ''", Words{"ECHO", "", ""}},
      {"ECHO \"a\rb\"", Words{"ECHO", "a\rb"}},
      {"ECHO a\rb", Words{"ECHO", "a", "b"}},
      {"ECHO\ta", Words{"ECHO", "a"}},
      {"ECHO a\vb", Words{"ECHO", "a\vb"}},
      {"\vECHO\fx", Words{"ECHO\fx"}},
      {"ECHO \"x\"\v", Words{"ECHO", "x"}},
      {"  ECHO   \"a\"   ", Words{"ECHO", "a"}},
      {"ECHO \xff", Words{"ECHO", "\xff"}},
      {"ECHO \"ab\"c", std::nullopt},
      {"ECHO 'ab'c", std::nullopt},
      {"ECHO 'x'\"y\"", std::nullopt},
      {"ECHO \"abc", std::nullopt},
      {"ECHO \"abc\\", std::nullopt},
      {"ECHO 'abc", std::nullopt},
      {"ECHO 'a\\", std::nullopt},
      {"ECHO a\"b", std::nullopt},
  };
  for (const Case& c : cases) {
    Words expected;
    if (c.words) {
      std::string line;
      for (const auto& word : *c.words) line += (line.empty() ? "[" : " [") + Escape(word) + "]";
      expected = {line, "waiting: "};
    } else {
      expected = {"error: Protocol error: unbalanced quotes in request"};
    }
    ExpectSameForEveryCut(c.line + "\r\n", expected);
  }
}

TEST(RespParser, SplitInlineArgsEndsTheLineAtNul) {
  Words words;
  ASSERT_TRUE(SplitInlineArgs("SET a\0b c"sv, &words));
  EXPECT_EQ(words, (Words{"SET", "a"}));
  EXPECT_FALSE(SplitInlineArgs("\"x\0\""sv, &words)) << "the quote is cut off";
  ASSERT_TRUE(SplitInlineArgs("", &words));
  EXPECT_TRUE(words.empty());
}

TEST(RespParser, RequestsBeforeAnErrorComeFirst) {
  ExpectSameForEveryCut("PING\r\n*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n",
                        {"[PING]", "[PING]", "error: Protocol error: invalid multibulk length"});
  ExpectSameForEveryCut("PING\r\nECHO \"a\r\nPING\r\n",
                        {"[PING]", "error: Protocol error: unbalanced quotes in request"});
}

TEST(RespParser, ErrorIsSticky) {
  RespParser parser;
  std::vector<std::string> args;
  ASSERT_EQ(parser.Parse("*x\r\n", &args), Outcome::kError);
  EXPECT_EQ(parser.Parse("PING\r\n", &args), Outcome::kError);
  EXPECT_EQ(parser.error(), "Protocol error: invalid multibulk length");
  EXPECT_FALSE(parser.in_request());
}

// Rule 8 with a limit of 16 bytes instead of 64 KiB.
RespLimits SmallLines() {
  RespLimits limits;
  limits.max_inline_bytes = 16;
  return limits;
}

TEST(RespParser, TooBigInlineRequest) {
  const std::string sixteen(16, 'a');
  EXPECT_EQ(Transcript(sixteen, SmallLines()), Words{"waiting: " + sixteen});
  EXPECT_EQ(Transcript(sixteen + "a", SmallLines()),
            Words{"error: Protocol error: too big inline request"});
  // The limit is on bytes waiting without a newline: a longer line that arrives whole passes,
  // as in Redis; the same line arriving in pieces does not.
  const std::string long_line = "ECHO " + std::string(30, 'x') + "\r\n";
  EXPECT_EQ(Transcript(long_line, SmallLines()),
            (Words{"[ECHO] [" + std::string(30, 'x') + "]", "waiting: "}));
  FakeConnection pieces(SmallLines());
  pieces.Receive(long_line.substr(0, 20));
  pieces.Receive(long_line.substr(20));
  EXPECT_EQ(pieces.Transcript(), Words{"error: Protocol error: too big inline request"});
}

TEST(RespParser, TooBigLimitCountsOnlyTheUnfinishedRequest) {
  const std::string input = "PING\r\n" + std::string(16, 'a');
  EXPECT_EQ(Transcript(input, SmallLines()), (Words{"[PING]", "waiting: " + std::string(16, 'a')}));
}

TEST(RespParser, TooBigMultibulkCountString) {
  EXPECT_EQ(Transcript("*" + std::string(15, '1'), SmallLines()),
            Words{"waiting: *" + std::string(15, '1')});
  EXPECT_EQ(Transcript("*" + std::string(16, '1'), SmallLines()),
            Words{"error: Protocol error: too big mbulk count string"});
}

TEST(RespParser, TooBigBulkCountString) {
  EXPECT_EQ(Transcript("*1\r\n$" + std::string(16, '1'), SmallLines()),
            Words{"error: Protocol error: too big bulk count string"});
  // Checked before the "$": the line never ended, so its first byte was never judged.
  EXPECT_EQ(Transcript("*1\r\n" + std::string(17, 'X'), SmallLines()),
            Words{"error: Protocol error: too big bulk count string"});
  EXPECT_EQ(Transcript("*1\r\n" + std::string(16, 'X'), SmallLines()),
            Words{"waiting: " + std::string(16, 'X')});
}

TEST(RespParser, NulHidesTheEndOfALine) {
  // Rule 9: Redis never sees a line end after a "\0", so these wait (forever, or until too big).
  ExpectSameForEveryCut("PING\0\r\n"s, {"waiting: PING\\x00\\r\\n"});
  ExpectSameForEveryCut("*1\0\r\n$4\r\nPING\r\n"s, {"waiting: *1\\x00\\r\\n$4\\r\\nPING\\r\\n"});
  ExpectSameForEveryCut("*1\r\n\0\r\n"s, {"waiting: \\x00\\r\\n"});
  FakeConnection connection(SmallLines());
  connection.Receive("PING\0\r\n"s);
  connection.Receive(std::string(10, 'a'));
  EXPECT_EQ(connection.Transcript(), Words{"error: Protocol error: too big inline request"});
}

TEST(RespParser, NulInsideABulkIsJustAByte) {
  ExpectSameForEveryCut("*1\r\n$4\r\nPI\0G\r\n"s, {"[PI\\x00G]", "waiting: "});
}

// A 100,000-argument request arriving 4 KiB at a time: the parser must not rescan what it has
// read, so the bytes it looks at stay within the bound its header promises.
TEST(RespParser, LargeMultibulkInSmallPiecesIsLinear) {
  Words request = {"RPUSH", "list"};
  for (int i = 0; i < 100000; ++i) request.push_back("element-" + std::to_string(i));
  const std::string input = Multibulk(request);
  FakeConnection connection;
  for (size_t offset = 0; offset < input.size(); offset += 4096) {
    connection.Receive(std::string_view(input).substr(offset, 4096));
  }
  ASSERT_EQ(connection.requests().size(), 1u);
  EXPECT_EQ(connection.requests()[0], request);
  EXPECT_LE(connection.parser().bytes_examined(), 2 * input.size() + connection.parse_calls())
      << "input " << input.size() << " bytes in " << connection.parse_calls() << " calls";
}

TEST(RespParser, LargeBulkInSmallPiecesIsLinear) {
  const Words request = {"SET", "k", std::string(4 << 20, 'v')};
  const std::string input = Multibulk(request);
  FakeConnection connection;
  for (size_t offset = 0; offset < input.size(); offset += 4096) {
    connection.Receive(std::string_view(input).substr(offset, 4096));
  }
  ASSERT_EQ(connection.requests().size(), 1u);
  EXPECT_EQ(connection.requests()[0], request);
  EXPECT_LE(connection.parser().bytes_examined(), 2 * input.size() + connection.parse_calls());
}

TEST(RespParser, LongInlineLineByteByByteIsLinear) {
  std::string input = "RPUSH list";
  for (int i = 0; i < 5000; ++i) input += " e" + std::to_string(i);
  input += "\r\n";
  FakeConnection connection;
  for (char c : input) connection.Receive(std::string_view(&c, 1));
  ASSERT_EQ(connection.requests().size(), 1u);
  EXPECT_EQ(connection.requests()[0].size(), 5002u);
  EXPECT_LE(connection.parser().bytes_examined(), 2 * input.size() + connection.parse_calls());
}

}  // namespace
}  // namespace stepdb
