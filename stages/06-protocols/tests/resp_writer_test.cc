#include "resp_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "common/testkit/escape.h"

namespace stepdb {
namespace {

using namespace std::literals;  // "a\0b"s keeps its \0
using testkit::Escape;

// The bytes `write` appends in protocol 2 and in protocol 3 are exactly resp2 and resp3.
void ExpectReply(const std::string& what, const std::function<void(RespWriter&)>& write,
                 std::string_view resp2, std::string_view resp3) {
  for (int protocol : {2, 3}) {
    std::string out;
    RespWriter writer(&out, protocol);
    write(writer);
    const std::string_view expected = protocol == 2 ? resp2 : resp3;
    EXPECT_EQ(out, expected) << what << " in RESP" << protocol << ": expected \""
                             << Escape(expected) << "\", got \"" << Escape(out) << "\"";
  }
}

TEST(RespWriter, TypesThatAreTheSameInBothProtocols) {
  ExpectReply(
      "SimpleString", [](RespWriter& w) { w.SimpleString("PONG"); }, "+PONG\r\n", "+PONG\r\n");
  ExpectReply(
      "Ok", [](RespWriter& w) { w.Ok(); }, "+OK\r\n", "+OK\r\n");
  ExpectReply(
      "Error", [](RespWriter& w) { w.Error("ERR syntax error"); }, "-ERR syntax error\r\n",
      "-ERR syntax error\r\n");
  ExpectReply(
      "Integer 0", [](RespWriter& w) { w.Integer(0); }, ":0\r\n", ":0\r\n");
  ExpectReply(
      "Integer -1", [](RespWriter& w) { w.Integer(-1); }, ":-1\r\n", ":-1\r\n");
  ExpectReply(
      "Integer max", [](RespWriter& w) { w.Integer(std::numeric_limits<int64_t>::max()); },
      ":9223372036854775807\r\n", ":9223372036854775807\r\n");
  ExpectReply(
      "Integer min", [](RespWriter& w) { w.Integer(std::numeric_limits<int64_t>::min()); },
      ":-9223372036854775808\r\n", ":-9223372036854775808\r\n");
  ExpectReply(
      "Bulk", [](RespWriter& w) { w.Bulk("abc"); }, "$3\r\nabc\r\n", "$3\r\nabc\r\n");
  ExpectReply(
      "empty Bulk", [](RespWriter& w) { w.Bulk(""); }, "$0\r\n\r\n", "$0\r\n\r\n");
  ExpectReply(
      "binary Bulk", [](RespWriter& w) { w.Bulk("a\0\r\n"sv); }, "$4\r\na\0\r\n\r\n"sv,
      "$4\r\na\0\r\n\r\n"sv);
  ExpectReply(
      "ArrayHeader", [](RespWriter& w) { w.ArrayHeader(2); }, "*2\r\n", "*2\r\n");
  ExpectReply(
      "empty ArrayHeader", [](RespWriter& w) { w.ArrayHeader(0); }, "*0\r\n", "*0\r\n");
}

TEST(RespWriter, TypesThatRespThreeSpellsItsOwnWay) {
  ExpectReply(
      "Null", [](RespWriter& w) { w.Null(); }, "$-1\r\n", "_\r\n");
  ExpectReply(
      "NullArray", [](RespWriter& w) { w.NullArray(); }, "*-1\r\n", "_\r\n");
  ExpectReply(
      "MapHeader", [](RespWriter& w) { w.MapHeader(3); }, "*6\r\n", "%3\r\n");
  ExpectReply(
      "empty MapHeader", [](RespWriter& w) { w.MapHeader(0); }, "*0\r\n", "%0\r\n");
  ExpectReply(
      "SetHeader", [](RespWriter& w) { w.SetHeader(2); }, "*2\r\n", "~2\r\n");
  ExpectReply(
      "PushHeader", [](RespWriter& w) { w.PushHeader(3); }, "*3\r\n", ">3\r\n");
  ExpectReply(
      "Bool true", [](RespWriter& w) { w.Bool(true); }, ":1\r\n", "#t\r\n");
  ExpectReply(
      "Bool false", [](RespWriter& w) { w.Bool(false); }, ":0\r\n", "#f\r\n");
  ExpectReply(
      "Verbatim", [](RespWriter& w) { w.Verbatim("hello"); }, "$5\r\nhello\r\n",
      "=9\r\ntxt:hello\r\n");
  ExpectReply(
      "Verbatim mkd", [](RespWriter& w) { w.Verbatim("# a\r\nb", "mkd"); }, "$6\r\n# a\r\nb\r\n",
      "=10\r\nmkd:# a\r\nb\r\n");
  ExpectReply(
      "BigNumber", [](RespWriter& w) { w.BigNumber("-3492890328409238509324850943"); },
      "$29\r\n-3492890328409238509324850943\r\n", "(-3492890328409238509324850943\r\n");
}

TEST(RespWriter, VerbatimFormatIsThreeBytesPaddedOrCut) {
  ExpectReply(
      "short format", [](RespWriter& w) { w.Verbatim("x", "md"); }, "$1\r\nx\r\n",
      "=5\r\nmd :x\r\n");
  ExpectReply(
      "long format", [](RespWriter& w) { w.Verbatim("x", "markdown"); }, "$1\r\nx\r\n",
      "=5\r\nmar:x\r\n");
}

TEST(RespWriter, DoubleMatchesRedisSevenZero) {
  // Each value as ZADD then ZSCORE returned it from redis-server 7.0, in RESP2 and after
  // HELLO 3 (-0.0 from a skiplist-encoded sorted set).
  struct Case {
    double value;
    const char* text;
  };
  const Case cases[] = {
      {3.0, "3"},
      {0.1, "0.10000000000000001"},
      {0.3, "0.29999999999999999"},
      {-2.5, "-2.5"},
      {0.0, "0"},
      {-0.0, "-0"},
      {1e300, "1.0000000000000001e+300"},
      {1.5e-7, "1.4999999999999999e-07"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {1e16, "10000000000000000"},
      {1e17, "1e+17"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    ExpectReply(
        "Double " + text, [&](RespWriter& w) { w.Double(c.value); },
        "$" + std::to_string(text.size()) + "\r\n" + text + "\r\n", "," + text + "\r\n");
  }
}

TEST(RespWriter, DoubleNanIsWhatPrintfSays) {
  // Redis stores no NaN (ZADD and INCRBYFLOAT refuse it); the writer prints one as glibc does.
  ExpectReply(
      "Double NaN", [](RespWriter& w) { w.Double(std::nan("")); }, "$3\r\nnan\r\n", ",nan\r\n");
}

TEST(RespWriter, LineBreaksInLineRepliesBecomeSpaces) {
  ExpectReply(
      "Error", [](RespWriter& w) { w.Error("ERR a\r\nb\nc"); }, "-ERR a  b c\r\n",
      "-ERR a  b c\r\n");
  ExpectReply(
      "SimpleString", [](RespWriter& w) { w.SimpleString("a\rb"); }, "+a b\r\n", "+a b\r\n");
}

TEST(RespWriter, NestedRepliesAppendInOrder) {
  // HELLO's first field and CONFIG GET's shape: a map of bulk names to values.
  ExpectReply(
      "map",
      [](RespWriter& w) {
        w.MapHeader(2);
        w.Bulk("server");
        w.Bulk("stepdb");
        w.Bulk("score");
        w.Double(1.5);
      },
      "*4\r\n$6\r\nserver\r\n$6\r\nstepdb\r\n$5\r\nscore\r\n$3\r\n1.5\r\n",
      "%2\r\n$6\r\nserver\r\n$6\r\nstepdb\r\n$5\r\nscore\r\n,1.5\r\n");
}

TEST(RespWriter, AppendsToWhatIsThereAndSwitchesProtocol) {
  std::string out = "+earlier\r\n";
  RespWriter writer(&out, 2);
  EXPECT_EQ(writer.protocol(), 2);
  EXPECT_EQ(writer.out(), &out);
  writer.Null();
  writer.set_protocol(3);
  EXPECT_EQ(writer.protocol(), 3);
  writer.Null();
  EXPECT_EQ(out, "+earlier\r\n$-1\r\n_\r\n") << Escape(out);
}

// The error texts below are byte for byte what redis-server 7.0 replied.

TEST(RespWriter, WrongArityError) {
  EXPECT_EQ(WrongArityError("get"), "ERR wrong number of arguments for 'get' command");
  EXPECT_EQ(WrongArityError("config|get"),
            "ERR wrong number of arguments for 'config|get' command");
}

TEST(RespWriter, UnknownCommandError) {
  using Request = std::vector<std::string>;
  EXPECT_EQ(UnknownCommandError(Request{"FOO"}),
            "ERR unknown command 'FOO', with args beginning with: ");
  EXPECT_EQ(UnknownCommandError(Request{"FOO", "a", "b"}),
            "ERR unknown command 'FOO', with args beginning with: 'a' 'b' ");
  EXPECT_EQ(UnknownCommandError(Request{""}), "ERR unknown command '', with args beginning with: ");
  EXPECT_EQ(UnknownCommandError(Request{"FOO", "'q'"}),
            "ERR unknown command 'FOO', with args beginning with: ''q'' ");
}

TEST(RespWriter, UnknownCommandErrorCutsAt128Bytes) {
  using Request = std::vector<std::string>;
  const std::string a = "ERR unknown command 'foo', with args beginning with: ";
  EXPECT_EQ(UnknownCommandError(Request{"foo", std::string(200, 'a')}),
            a + "'" + std::string(128, 'a') + "' ");
  EXPECT_EQ(UnknownCommandError(Request{std::string(200, 'F'), "x"}),
            "ERR unknown command '" + std::string(128, 'F') + "', with args beginning with: 'x' ");
  // 'a...' (100) and a space make 103 bytes; 25 are left for the b's, then the list is full.
  EXPECT_EQ(UnknownCommandError(Request{"foo", std::string(100, 'a'), std::string(100, 'b'), "c"}),
            a + "'" + std::string(100, 'a') + "' '" + std::string(25, 'b') + "' ");
  // 129 bytes after the first argument: the list is full.
  EXPECT_EQ(UnknownCommandError(Request{"foo", std::string(126, 'a'), "b"}),
            a + "'" + std::string(126, 'a') + "' ");
  // 127 bytes: one more argument fits, cut to one byte.
  EXPECT_EQ(UnknownCommandError(Request{"foo", std::string(124, 'a'), "bcd"}),
            a + "'" + std::string(124, 'a') + "' 'b' ");
  EXPECT_EQ(
      UnknownCommandError(Request{"foo", "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd",
                                  std::string(100, 'e')}),
      a + "'aaaaaaaaaa' 'bbbbbbbbbb' 'cccccccccc' 'dddddddddd' '" + std::string(76, 'e') + "' ");
}

TEST(RespWriter, UnknownCommandErrorShowsStringsAsPrintfDoes) {
  using Request = std::vector<std::string>;
  // A "\0" ends a string, a line break shows as a space.
  EXPECT_EQ(UnknownCommandError(Request{"FOO", "a\r\nb", "c\0d"s, "e"}),
            "ERR unknown command 'FOO', with args beginning with: 'a  b' 'c' 'e' ");
  EXPECT_EQ(UnknownCommandError(Request{"FO\0O"s, "x"}),
            "ERR unknown command 'FO', with args beginning with: 'x' ");
  EXPECT_EQ(UnknownCommandError(Request{"FO\nO"}),
            "ERR unknown command 'FO O', with args beginning with: ");
}

TEST(RespWriter, UnknownSubcommandError) {
  EXPECT_EQ(UnknownSubcommandError("CONFIG", "FOO"),
            "ERR unknown subcommand 'FOO'. Try CONFIG HELP.");
  EXPECT_EQ(UnknownSubcommandError("Client", "x"), "ERR unknown subcommand 'x'. Try CLIENT HELP.");
  EXPECT_EQ(UnknownSubcommandError("config", std::string(200, 's')),
            "ERR unknown subcommand '" + std::string(128, 's') + "'. Try CONFIG HELP.");
  EXPECT_EQ(UnknownSubcommandError("CONFIG", "a\0b"s),
            "ERR unknown subcommand 'a'. Try CONFIG HELP.");
  EXPECT_EQ(UnknownSubcommandError("CONFIG", "a\r\nb"),
            "ERR unknown subcommand 'a  b'. Try CONFIG HELP.");
}

TEST(RespWriter, InvalidExpireTimeError) {
  EXPECT_EQ(InvalidExpireTimeError("set"), "ERR invalid expire time in 'set' command");
  EXPECT_EQ(InvalidExpireTimeError("getex"), "ERR invalid expire time in 'getex' command");
}

TEST(RespWriter, SharedErrorsAreOneLineWithACode) {
  // A shared error is written as is by Error(): a line break or a missing code would change
  // what the client sees.
  for (std::string_view error : {kErrSyntax,
                                 kErrNotInteger,
                                 kErrNotFloat,
                                 kErrNotPositive,
                                 kErrWrongType,
                                 kErrNoSuchKey,
                                 kErrSameObject,
                                 kErrBusyKey,
                                 kErrIndexOutOfRange,
                                 kErrInvalidCursor,
                                 kErrOverflow,
                                 kErrDecrementOverflow,
                                 kErrNanOrInfinity,
                                 kErrStringTooLong,
                                 kErrOffsetOutOfRange,
                                 kErrDbIndex,
                                 kErrInvalidFirstDbIndex,
                                 kErrInvalidSecondDbIndex,
                                 kErrNoAuth,
                                 kErrWrongPass,
                                 kErrAuthNotConfigured,
                                 kErrProtoNotInteger,
                                 kErrNoProto}) {
    EXPECT_EQ(error.find_first_of("\r\n"), std::string_view::npos) << Escape(error);
    const std::string_view code = error.substr(0, error.find(' '));
    EXPECT_FALSE(code.empty()) << error;
    for (char c : code) EXPECT_TRUE(c >= 'A' && c <= 'Z') << error;
  }
}

}  // namespace
}  // namespace stepdb
