// The sorted set commands (redis_zset_commands.h), black-box over a socket against
// stepdb-stage10.
//
// A sorted set's replies have a fixed order (by score, then by member), so every expectation
// is exact bytes, and every table runs on this server and, when it is installed, on
// redis-server 7.0, where each expected reply came from: the replies, the errors and the
// order in which a command checks its arguments and its key, in RESP2 and, where the replies
// differ, in RESP3 (scores become doubles, WITHSCORES pairs become arrays of two). A longer
// scenario (hundreds of members, scores with ties) computes what each range must return with
// a sorted vector beside it, on both servers too. What the wire cannot show (which lookups
// count as keyspace reads) is checked in-process.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "redis_command_test_support.h"
#include "zset_server.h"

namespace stepdb {
namespace {

using testkit::TestClient;

const std::string kEmpty = "*0\r\n";
const std::string kNanScore = Err("ERR resulting score is not a number (NaN)");
const std::string kXxAndNx = Err("ERR XX and NX options at the same time are not compatible");
const std::string kGtLtAndNx =
    Err("ERR GT, LT, and/or NX options at the same time are not compatible");
const std::string kIncrOnePair = Err("ERR INCR option supports a single increment-element pair");
const std::string kScoreBounds = Err("ERR min or max is not a float");
const std::string kLexBounds = Err("ERR min or max not valid string range item");
const std::string kLimitNeedsRange =
    Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
const std::string kWithscoresByLex =
    Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX");

using Scored = std::vector<std::pair<std::string, std::string>>;  // (member, score as printed)

// A WITHSCORES reply in RESP2: one flat array, member then score.
std::string Flat(const Scored& entries) {
  std::string out = "*" + std::to_string(2 * entries.size()) + "\r\n";
  for (const auto& [member, score] : entries) out += Bulk(member) + Bulk(score);
  return out;
}

// A RESP3 double.
std::string Double(const std::string& text) { return "," + text + "\r\n"; }

// A WITHSCORES reply in RESP3: an array of [member, score] pairs.
std::string Pairs(const Scored& entries) {
  std::string out = "*" + std::to_string(entries.size()) + "\r\n";
  for (const auto& [member, score] : entries) out += "*2\r\n" + Bulk(member) + Double(score);
  return out;
}

// A score as Redis prints it ("%.17g").
std::string ScoreText(double score) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g", score);
  return buffer;
}

// The sorted set "z" every range table starts from: ties at 1 and at 3, ordered by member.
const std::vector<std::string> kAddZ = {
    "ZADD", "z", "1", "b", "1", "a", "2", "c", "3", "e", "3", "d", "4", "f",
};

class RedisZSet : public RedisOracleTest {};

TEST_F(RedisZSet, ZaddAddsAndUpdatesAndRepliesTheMembersAdded) {
  ExpectOnBoth({
      {{"ZADD", "k", "1", "a", "2", "b"}, Int(2)},
      {{"ZADD", "k", "3", "a", "4", "c"}, Int(1)},  // a updated, c added: only c counts
      {{"ZADD", "k", "CH", "3", "a", "5", "b", "6", "d"}, Int(2)},  // CH: b changed, d added
      {{"ZADD", "k", "ch", "5", "b"}, Int(0)},                      // the same score: unchanged
      {{"ZADD", "k", "1", "x", "2", "x"}, Int(1)},  // a member twice: the last score wins
      {{"ZCARD", "k"}, Int(5)},
      {{"ZRANGE", "k", "0", "-1", "WITHSCORES"},
       Flat({{"x", "2"}, {"a", "3"}, {"c", "4"}, {"b", "5"}, {"d", "6"}})},
      {{"ZADD", "k", "0", ""}, Int(1)},  // the empty member is a member
      {{"ZSCORE", "k", ""}, Bulk("0")},
      {{"TYPE", "k"}, "+zset\r\n"},
  });
}

TEST_F(RedisZSet, ZaddNxXxGtLtChooseWhichMembersChange) {
  ExpectOnBoth({
      {{"ZADD", "k", "1", "a", "5", "b"}, Int(2)},
      // NX: only new members.
      {{"ZADD", "k", "NX", "CH", "9", "a", "3", "c"}, Int(1)},
      // XX: only members that are there.
      {{"ZADD", "k", "XX", "CH", "2", "a", "9", "new"}, Int(1)},
      {{"ZSCORE", "k", "new"}, kNil},
      // GT and LT update only to a greater (lower) score, and still add new members.
      {{"ZADD", "k", "GT", "CH", "1", "a", "6", "b", "7", "d"}, Int(2)},
      {{"ZADD", "k", "LT", "CH", "9", "a", "4", "b", "8", "e"}, Int(2)},
      {{"ZADD", "k", "XX", "GT", "CH", "1", "a", "3", "c", "1", "nope"}, Int(0)},
      {{"ZADD", "k", "xx", "lt", "ch", "0", "a", "nope", "x"}, kNotFloat},
      {{"ZADD", "k", "xx", "lt", "ch", "0", "a", "0", "x"}, Int(1)},
      {{"ZRANGE", "k", "0", "-1", "WITHSCORES"},
       Flat({{"a", "0"}, {"c", "3"}, {"b", "4"}, {"d", "7"}, {"e", "8"}})},
      // XX on a missing key creates nothing.
      {{"ZADD", "nokey", "XX", "1", "a"}, Int(0)},
      {{"EXISTS", "nokey"}, Int(0)},
      // GT on a missing key adds.
      {{"ZADD", "gt", "GT", "1", "a"}, Int(1)},
  });
}

TEST_F(RedisZSet, ZaddIncrAndZincrbyReplyTheNewScoreOrNil) {
  ExpectOnBoth({
      {{"ZINCRBY", "k", "2.5", "a"}, Bulk("2.5")},  // a missing member starts at 0
      {{"ZINCRBY", "k", "-1", "a"}, Bulk("1.5")},
      {{"ZADD", "k", "INCR", "1", "a"}, Bulk("2.5")},
      {{"ZADD", "k", "INCR", "0", "a"}, Bulk("2.5")},  // unchanged, still the score
      {{"ZADD", "k", "CH", "INCR", "1", "b"}, Bulk("1")},
      // Nil when an option skips the member.
      {{"ZADD", "k", "NX", "INCR", "1", "a"}, kNil},
      {{"ZADD", "k", "XX", "INCR", "1", "zz"}, kNil},
      {{"ZADD", "k", "GT", "INCR", "-1", "a"}, kNil},
      {{"ZADD", "k", "GT", "INCR", "0", "a"}, kNil},  // not greater
      {{"ZADD", "k", "LT", "INCR", "-1", "a"}, Bulk("1.5")},
      {{"ZADD", "k", "XX", "GT", "INCR", "1", "a"}, Bulk("2.5")},
      {{"ZADD", "k", "NX", "INCR", "7", "c"}, Bulk("7")},
      {{"ZADD", "nokey", "XX", "INCR", "1", "a"}, kNil},
      {{"EXISTS", "nokey"}, Int(0)},
      // inf + -inf is NaN: refused, and the score stays.
      {{"ZADD", "k", "INCR", "inf", "a"}, Bulk("inf")},
      {{"ZADD", "k", "INCR", "-inf", "a"}, kNanScore},
      {{"ZINCRBY", "k", "-inf", "a"}, kNanScore},
      {{"ZINCRBY", "k", "+inf", "a"}, Bulk("inf")},
      {{"ZSCORE", "k", "a"}, Bulk("inf")},
      // ZINCRBY is ZADD INCR: it reads ZADD's options first, so an option word where the
      // increment goes leaves a lone argument, a syntax error.
      {{"ZINCRBY", "k", "nx", "a"}, kSyntax},
      {{"ZINCRBY", "k", "incr", "5"}, kSyntax},
      {{"ZINCRBY", "k", "1", "nx"}, Bulk("1")},  // a member named nx
      {{"ZINCRBY", "k", "x", "a"}, kNotFloat},
      {{"ZINCRBY", "k", "nan", "a"}, kNotFloat},
      {{"ZCARD", "k"}, Int(4)},
  });
}

TEST_F(RedisZSet, ZaddChecksItsArgumentsBeforeTheKeyAndWritesNothingOnAnError) {
  ExpectOnBoth({
      {{"SET", "str", "x"}, kOk},
      {{"ZADD", "k", "1", "a"}, Int(1)},
      // The list of pairs first: empty or odd is a syntax error.
      {{"ZADD", "k", "NX", "1"}, kSyntax},
      {{"ZADD", "k", "NX", "XX", "1"}, kSyntax},
      {{"ZADD", "k", "1", "a", "2"}, kSyntax},
      {{"ZADD", "k", "inc", "1", "a"}, kSyntax},  // not an option, so a score: then odd
      // Then the options that do not go together.
      {{"ZADD", "k", "NX", "XX", "1", "a"}, kXxAndNx},
      {{"ZADD", "k", "GT", "LT", "1", "a"}, kGtLtAndNx},
      {{"ZADD", "k", "GT", "NX", "1", "a"}, kGtLtAndNx},
      {{"ZADD", "k", "nx", "lt", "1", "a"}, kGtLtAndNx},
      {{"ZADD", "k", "NX", "XX", "GT", "1", "a"}, kXxAndNx},
      {{"ZADD", "k", "INCR", "1", "a", "2", "b"}, kIncrOnePair},
      // Then every score, before anything is written.
      {{"ZADD", "k", "5", "b", "x", "c"}, kNotFloat},
      {{"ZADD", "k", "nan", "b"}, kNotFloat},
      {{"ZADD", "k", "", "b"}, kNotFloat},
      {{"ZADD", "k", " 1", "b"}, kNotFloat},
      {{"ZADD", "k", "1 ", "b"}, kNotFloat},
      {{"ZADD", "k", "1e400", "b"}, kNotFloat},
      {{"ZADD", "k", "1e-400", "b"}, kNotFloat},
      {{"ZCARD", "k"}, Int(1)},
      // Then the key.
      {{"ZADD", "str", "1", "a"}, kWrongType},
      {{"ZADD", "str", "x", "a"}, kNotFloat},
      {{"ZADD", "str", "NX", "XX", "1", "a"}, kXxAndNx},
      {{"ZINCRBY", "str", "1", "a"}, kWrongType},
      {{"ZINCRBY", "str", "x", "a"}, kNotFloat},
      {{"GET", "str"}, Bulk("x")},
  });
}

TEST_F(RedisZSet, ScoresArePrintedAsRedisPrintsThem) {
  ExpectOnBoth({
      {{"ZADD", "k",    "0.1", "a",    "1e300", "b",       "inf", "c",   "-inf", "d",      "-0",
        "e",    "0x10", "f",   "+INF", "g",     "-1.5e-7", "h",   "3.0", "i",    "1e-300", "j"},
       Int(10)},
      {{"ZSCORE", "k", "a"}, Bulk("0.10000000000000001")},
      {{"ZSCORE", "k", "b"}, Bulk("1.0000000000000001e+300")},
      {{"ZSCORE", "k", "c"}, Bulk("inf")},
      {{"ZSCORE", "k", "d"}, Bulk("-inf")},
      {{"ZSCORE", "k", "e"}, Bulk("0")},  // -0 is stored as 0
      {{"ZSCORE", "k", "f"}, Bulk("16")},
      {{"ZSCORE", "k", "g"}, Bulk("inf")},
      {{"ZSCORE", "k", "h"}, Bulk("-1.4999999999999999e-07")},
      {{"ZSCORE", "k", "i"}, Bulk("3")},
      {{"ZSCORE", "k", "j"}, Bulk("1e-300")},
      {{"ZRANGE", "k", "0", "-1", "WITHSCORES"},
       Flat({{"d", "-inf"},
             {"h", "-1.4999999999999999e-07"},
             {"e", "0"},
             {"j", "1e-300"},
             {"a", "0.10000000000000001"},
             {"i", "3"},
             {"f", "16"},
             {"b", "1.0000000000000001e+300"},
             {"c", "inf"},
             {"g", "inf"}})},
      {{"ZINCRBY", "k", "0.2", "a"}, Bulk("0.30000000000000004")},
      {{"ZINCRBY", "k", "-0", "e"}, Bulk("0")},
      {{"ZADD", "k", "INCR", "-0", "e"}, Bulk("0")},
      {{"ZMSCORE", "k", "a", "e", "nope"},
       "*3\r\n" + Bulk("0.30000000000000004") + Bulk("0") + kNil},
  });
}

TEST_F(RedisZSet, ZremRemovesMembersAndTheLastOneTakesTheKey) {
  ExpectOnBoth({
      {{"ZADD", "k", "1", "a", "2", "b", "3", "c"}, Int(3)},
      {{"ZREM", "k", "a", "nope", "a"}, Int(1)},
      {{"ZREM", "k", "nope"}, Int(0)},
      {{"ZCARD", "k"}, Int(2)},
      {{"ZRANGE", "k", "0", "-1"}, BulkArray({"b", "c"})},
      {{"ZREM", "k", "b", "c", "d"}, Int(2)},
      {{"EXISTS", "k"}, Int(0)},
      {{"ZREM", "nokey", "a"}, Int(0)},
      {{"ZCARD", "nokey"}, Int(0)},
      // A member removed and added again takes its new score's place.
      {{"ZADD", "k", "1", "a", "2", "b"}, Int(2)},
      {{"ZREM", "k", "a"}, Int(1)},
      {{"ZADD", "k", "3", "a"}, Int(1)},
      {{"ZRANGE", "k", "0", "-1", "WITHSCORES"}, Flat({{"b", "2"}, {"a", "3"}})},
  });
}

TEST_F(RedisZSet, ZscoreZmscoreAndZcardReadMembers) {
  ExpectOnBoth({
      {{"ZADD", "k", "1.5", "a", "-2", "b"}, Int(2)},
      {{"ZSCORE", "k", "a"}, Bulk("1.5")},
      {{"ZSCORE", "k", "b"}, Bulk("-2")},
      {{"ZSCORE", "k", "nope"}, kNil},
      {{"ZSCORE", "nokey", "a"}, kNil},
      {{"ZMSCORE", "k", "b", "nope", "a", "b"},
       "*4\r\n" + Bulk("-2") + kNil + Bulk("1.5") + Bulk("-2")},
      {{"ZMSCORE", "nokey", "a", "b"}, "*2\r\n" + std::string(kNil) + kNil},
      {{"ZCARD", "k"}, Int(2)},
  });
}

TEST_F(RedisZSet, ZrankAndZrevrankCountFromEitherEndWithTiesInMemberOrder) {
  ExpectOnBoth({
      {kAddZ, Int(6)},  // a:1 b:1 c:2 d:3 e:3 f:4
      {{"ZRANK", "z", "a"}, Int(0)},
      {{"ZRANK", "z", "b"}, Int(1)},
      {{"ZRANK", "z", "d"}, Int(3)},
      {{"ZRANK", "z", "f"}, Int(5)},
      {{"ZREVRANK", "z", "f"}, Int(0)},
      {{"ZREVRANK", "z", "e"}, Int(1)},
      {{"ZREVRANK", "z", "a"}, Int(5)},
      {{"ZRANK", "z", "nope"}, kNil},
      {{"ZREVRANK", "z", "nope"}, kNil},
      {{"ZRANK", "nokey", "a"}, kNil},
      {{"ZREVRANK", "nokey", "a"}, kNil},
      // Redis 7.0 has no WITHSCORE for ZRANK.
      {{"ZRANK", "z", "a", "WITHSCORE"}, WrongArity("zrank")},
      {{"ZREVRANK", "z", "a", "WITHSCORE"}, WrongArity("zrevrank")},
  });
}

TEST_F(RedisZSet, ZcountAndZlexcountTakeExclusiveAndInfiniteBounds) {
  ExpectOnBoth({
      {kAddZ, Int(6)},
      {{"ZCOUNT", "z", "1", "3"}, Int(5)},
      {{"ZCOUNT", "z", "(1", "3"}, Int(3)},
      {{"ZCOUNT", "z", "1", "(3"}, Int(3)},
      {{"ZCOUNT", "z", "(1", "(3"}, Int(1)},
      {{"ZCOUNT", "z", "-inf", "+inf"}, Int(6)},
      {{"ZCOUNT", "z", "(-inf", "(inf"}, Int(6)},
      {{"ZCOUNT", "z", "3", "1"}, Int(0)},
      {{"ZCOUNT", "z", "(2", "2"}, Int(0)},
      {{"ZCOUNT", "z", "2", "2"}, Int(1)},
      {{"ZCOUNT", "z", "1e400", "inf"}, Int(0)},  // strtod's overflow is inf here
      {{"ZCOUNT", "nokey", "-inf", "inf"}, Int(0)},
      {{"ZCOUNT", "z", "x", "1"}, kScoreBounds},
      {{"ZCOUNT", "z", "1", "nan"}, kScoreBounds},
      {{"ZCOUNT", "z", "1", "(nan"}, kScoreBounds},
      {{"ZCOUNT", "z", "[1", "2"}, kScoreBounds},
      {{"ZCOUNT", "nokey", "x", "1"}, kScoreBounds},
      // Members of one score, by lex.
      {{"ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"}, Int(5)},
      {{"ZLEXCOUNT", "lex", "-", "+"}, Int(5)},
      {{"ZLEXCOUNT", "lex", "[b", "[d"}, Int(3)},
      {{"ZLEXCOUNT", "lex", "(b", "[d"}, Int(2)},
      {{"ZLEXCOUNT", "lex", "(b", "(d"}, Int(1)},
      {{"ZLEXCOUNT", "lex", "[bb", "+"}, Int(3)},
      {{"ZLEXCOUNT", "lex", "+", "-"}, Int(0)},
      {{"ZLEXCOUNT", "lex", "[d", "[b"}, Int(0)},
      {{"ZLEXCOUNT", "lex", "(c", "[c"}, Int(0)},
      {{"ZLEXCOUNT", "nokey", "-", "+"}, Int(0)},
      {{"ZLEXCOUNT", "lex", "a", "+"}, kLexBounds},
      {{"ZLEXCOUNT", "lex", "-", "++"}, kLexBounds},
      {{"ZLEXCOUNT", "lex", "", "+"}, kLexBounds},
      // The range is read before the key's type.
      {{"SET", "str", "x"}, kOk},
      {{"ZCOUNT", "str", "x", "1"}, kScoreBounds},
      {{"ZCOUNT", "str", "1", "2"}, kWrongType},
      {{"ZCOUNT", "str", "2", "1"}, kWrongType},
      {{"ZLEXCOUNT", "str", "x", "+"}, kLexBounds},
      {{"ZLEXCOUNT", "str", "+", "-"}, kWrongType},
  });
}

TEST_F(RedisZSet, ZrangeByRankClampsAndCountsNegativeRanksFromTheEnd) {
  ExpectOnBoth({
      {kAddZ, Int(6)},
      {{"ZRANGE", "z", "0", "-1"}, BulkArray({"a", "b", "c", "d", "e", "f"})},
      {{"ZRANGE", "z", "1", "3"}, BulkArray({"b", "c", "d"})},
      {{"ZRANGE", "z", "-2", "-1"}, BulkArray({"e", "f"})},
      {{"ZRANGE", "z", "2", "2", "WITHSCORES"}, Flat({{"c", "2"}})},
      {{"ZRANGE", "z", "-100", "1"}, BulkArray({"a", "b"})},
      {{"ZRANGE", "z", "4", "100"}, BulkArray({"e", "f"})},
      {{"ZRANGE", "z", "-9223372036854775808", "9223372036854775807"},
       BulkArray({"a", "b", "c", "d", "e", "f"})},
      {{"ZRANGE", "z", "3", "1"}, kEmpty},
      {{"ZRANGE", "z", "6", "10"}, kEmpty},
      {{"ZRANGE", "z", "0", "-7"}, kEmpty},
      {{"ZRANGE", "nokey", "0", "-1"}, kEmpty},
      {{"ZRANGE", "z", "1", "2", "REV", "WITHSCORES"}, Flat({{"e", "3"}, {"d", "3"}})},
      {{"ZREVRANGE", "z", "0", "2"}, BulkArray({"f", "e", "d"})},
      {{"ZREVRANGE", "z", "-2", "-1", "WITHSCORES"}, Flat({{"b", "1"}, {"a", "1"}})},
      {{"ZREVRANGE", "z", "0", "-1"}, BulkArray({"f", "e", "d", "c", "b", "a"})},
      {{"ZRANGE", "z", "0", "0", "withscores", "WITHSCORES"}, Flat({{"a", "1"}})},
      // LIMIT is for ranges by score or lex; Redis knows a LIMIT by its count, so one whose
      // count is -1 passes, and does nothing.
      {{"ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"}, kLimitNeedsRange},
      {{"ZRANGE", "z", "0", "-1", "LIMIT", "0", "-2"}, kLimitNeedsRange},
      {{"ZRANGE", "z", "x", "y", "LIMIT", "0", "1"}, kLimitNeedsRange},
      {{"ZRANGE", "z", "0", "1", "LIMIT", "5", "-1"}, BulkArray({"a", "b"})},
      {{"ZREVRANGE", "z", "0", "-1", "LIMIT", "0", "1"}, kLimitNeedsRange},
      {{"ZRANGE", "z", "x", "1"}, kNotInteger},
      {{"ZRANGE", "z", "0", "9223372036854775808"}, kNotInteger},
      {{"ZRANGE", "z", "0", "1.5"}, kNotInteger},
  });
}

TEST_F(RedisZSet, ZrangeByScoreTakesExclusiveBoundsInfinitiesLimitAndRev) {
  ExpectOnBoth({
      {kAddZ, Int(6)},  // a:1 b:1 c:2 d:3 e:3 f:4
      {{"ZRANGE", "z", "1", "3", "BYSCORE"}, BulkArray({"a", "b", "c", "d", "e"})},
      {{"ZRANGE", "z", "(1", "3", "BYSCORE"}, BulkArray({"c", "d", "e"})},
      {{"ZRANGE", "z", "1", "(3", "BYSCORE", "WITHSCORES"},
       Flat({{"a", "1"}, {"b", "1"}, {"c", "2"}})},
      {{"ZRANGE", "z", "-inf", "+inf", "BYSCORE"}, BulkArray({"a", "b", "c", "d", "e", "f"})},
      {{"ZRANGE", "z", "(3", "inf", "BYSCORE"}, BulkArray({"f"})},
      {{"ZRANGE", "z", "2", "2", "BYSCORE"}, BulkArray({"c"})},
      {{"ZRANGE", "z", "(2", "(2", "BYSCORE"}, kEmpty},
      {{"ZRANGE", "z", "3", "1", "BYSCORE"}, kEmpty},
      {{"ZRANGE", "z", "5", "9", "BYSCORE"}, kEmpty},
      // REV names the maximum first, and reads from the highest score.
      {{"ZRANGE", "z", "3", "1", "BYSCORE", "REV"}, BulkArray({"e", "d", "c", "b", "a"})},
      {{"ZRANGE", "z", "(3", "(1", "BYSCORE", "REV"}, BulkArray({"c"})},
      {{"ZRANGE", "z", "1", "3", "BYSCORE", "REV"}, kEmpty},
      {{"ZRANGE", "z", "+inf", "-inf", "REV", "BYSCORE", "WITHSCORES"},
       Flat({{"f", "4"}, {"e", "3"}, {"d", "3"}, {"c", "2"}, {"b", "1"}, {"a", "1"}})},
      // LIMIT offset count: a negative count is no limit, a negative offset returns nothing.
      {{"ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "1", "2"}, BulkArray({"b", "c"})},
      {{"ZRANGE", "z", "-inf", "inf", "BYSCORE", "LIMIT", "2", "2", "WITHSCORES"},
       Flat({{"c", "2"}, {"d", "3"}})},
      {{"ZRANGE", "z", "inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "3"},
       BulkArray({"e", "d", "c"})},
      {{"ZRANGE", "z", "1", "3", "BYSCORE", "LIMIT", "0", "-1"},
       BulkArray({"a", "b", "c", "d", "e"})},
      {{"ZRANGE", "z", "1", "3", "BYSCORE", "LIMIT", "3", "-5"}, BulkArray({"d", "e"})},
      {{"ZRANGE", "z", "1", "3", "BYSCORE", "LIMIT", "0", "0"}, kEmpty},
      {{"ZRANGE", "z", "1", "3", "BYSCORE", "LIMIT", "-1", "2"}, kEmpty},
      {{"ZRANGE", "z", "1", "3", "BYSCORE", "LIMIT", "5", "2"}, kEmpty},
      {{"ZRANGE", "z", "1", "3", "BYSCORE", "LIMIT", "100", "-1"}, kEmpty},
      {{"ZRANGE", "z", "1", "3", "LIMIT", "1", "1", "BYSCORE"}, BulkArray({"b"})},
      // What strtod makes of the bounds: "" is 0, "(" is (0, 1e400 is inf.
      {{"ZADD", "z", "0", "zero"}, Int(1)},
      {{"ZRANGE", "z", "", "", "BYSCORE"}, BulkArray({"zero"})},
      {{"ZRANGE", "z", "(", "1", "BYSCORE"}, BulkArray({"a", "b"})},
      {{"ZRANGE", "z", "(3", "1e400", "BYSCORE"}, BulkArray({"f"})},
      {{"ZRANGE", "z", "x", "1", "BYSCORE"}, kScoreBounds},
      {{"ZRANGE", "z", "1", "nan", "BYSCORE"}, kScoreBounds},
      {{"ZRANGE", "z", "1", "(nan", "BYSCORE"}, kScoreBounds},
      {{"ZRANGE", "nokey", "-inf", "inf", "BYSCORE"}, kEmpty},
  });
}

TEST_F(RedisZSet, ZrangeByLexReadsMembersInByteOrder) {
  ExpectOnBoth({
      {{"ZADD", "k", "0", "b", "0", "a", "0", "ab", "0", "c", "0", "B", "0", "", "0", "\xff"},
       Int(7)},
      {{"ZRANGE", "k", "-", "+", "BYLEX"}, BulkArray({"", "B", "a", "ab", "b", "c", "\xff"})},
      {{"ZRANGE", "k", "[a", "[b", "BYLEX"}, BulkArray({"a", "ab", "b"})},
      {{"ZRANGE", "k", "(a", "(b", "BYLEX"}, BulkArray({"ab"})},
      {{"ZRANGE", "k", "[a", "(a", "BYLEX"}, kEmpty},
      {{"ZRANGE", "k", "[", "[a", "BYLEX"}, BulkArray({"", "B", "a"})},  // "[" is the empty member
      {{"ZRANGE", "k", "(", "[a", "BYLEX"}, BulkArray({"B", "a"})},
      {{"ZRANGE", "k", "+", "-", "BYLEX"}, kEmpty},
      {{"ZRANGE", "k", "+", "-", "BYLEX", "REV"},
       BulkArray({"\xff", "c", "b", "ab", "a", "B", ""})},
      {{"ZRANGE", "k", "[b", "[a", "BYLEX", "REV", "LIMIT", "1", "5"}, BulkArray({"ab", "a"})},
      {{"ZRANGE", "k", "-", "+", "BYLEX", "LIMIT", "2", "2"}, BulkArray({"a", "ab"})},
      {{"ZRANGE", "k", "-", "+", "BYLEX", "LIMIT", "5", "-1"}, BulkArray({"c", "\xff"})},
      {{"ZRANGE", "k", "-", "+", "BYLEX", "LIMIT", "-1", "5"}, kEmpty},
      {{"ZRANGE", "k", "a", "+", "BYLEX"}, kLexBounds},
      {{"ZRANGE", "k", "-a", "+", "BYLEX"}, kLexBounds},
      {{"ZRANGE", "k", "-", "+", "BYLEX", "WITHSCORES"}, kWithscoresByLex},
      {{"ZRANGE", "nokey", "-", "+", "BYLEX"}, kEmpty},
  });
}

TEST_F(RedisZSet, OlderRangeCommandsAreZrangeWithTheKindInTheirName) {
  ExpectOnBoth({
      {kAddZ, Int(6)},
      {{"ZRANGEBYSCORE", "z", "(1", "3"}, BulkArray({"c", "d", "e"})},
      {{"ZRANGEBYSCORE", "z", "1", "2", "WITHSCORES", "LIMIT", "1", "5"},
       Flat({{"b", "1"}, {"c", "2"}})},
      {{"ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "0", "2", "WITHSCORES"},
       Flat({{"a", "1"}, {"b", "1"}})},
      {{"ZREVRANGEBYSCORE", "z", "3", "1"}, BulkArray({"e", "d", "c", "b", "a"})},
      {{"ZREVRANGEBYSCORE", "z", "1", "3"}, kEmpty},
      {{"ZREVRANGEBYSCORE", "z", "+inf", "(3", "WITHSCORES"}, Flat({{"f", "4"}})},
      {{"ZREVRANGEBYSCORE", "z", "inf", "-inf", "LIMIT", "4", "10"}, BulkArray({"b", "a"})},
      {{"ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d"}, Int(4)},
      {{"ZRANGEBYLEX", "lex", "(a", "+"}, BulkArray({"b", "c", "d"})},
      {{"ZRANGEBYLEX", "lex", "-", "+", "LIMIT", "1", "2"}, BulkArray({"b", "c"})},
      {{"ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "1", "2"}, BulkArray({"c", "b"})},
      {{"ZREVRANGEBYLEX", "lex", "[c", "(a"}, BulkArray({"c", "b"})},
      {{"ZREVRANGEBYLEX", "lex", "-", "+"}, kEmpty},
      // Their kind and direction are in their name: BYSCORE, BYLEX and REV are not options.
      {{"ZRANGEBYSCORE", "z", "1", "2", "BYSCORE"}, kSyntax},
      {{"ZRANGEBYSCORE", "z", "1", "2", "REV"}, kSyntax},
      {{"ZREVRANGE", "z", "0", "-1", "REV"}, kSyntax},
      {{"ZREVRANGE", "z", "0", "-1", "BYSCORE"}, kSyntax},
      {{"ZRANGEBYLEX", "lex", "-", "+", "BYLEX"}, kSyntax},
      {{"ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"}, kWithscoresByLex},
      {{"ZREVRANGEBYLEX", "lex", "+", "-", "WITHSCORES"}, kWithscoresByLex},
      {{"ZRANGEBYSCORE", "z", "x", "2"}, kScoreBounds},
      {{"ZREVRANGEBYSCORE", "z", "2", "x"}, kScoreBounds},
      {{"ZRANGEBYLEX", "lex", "a", "+"}, kLexBounds},
      {{"ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "0"}, kSyntax},
      {{"ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "x", "1"}, kNotInteger},
  });
}

TEST_F(RedisZSet, ZrangeReadsItsOptionsInRedisOrder) {
  ExpectOnBoth({
      {kAddZ, Int(6)},
      {{"SET", "str", "x"}, kOk},
      // A bad option or LIMIT's numbers, in argument order, come first.
      {{"ZRANGE", "z", "0", "-1", "LIMIT", "0"}, kSyntax},
      {{"ZRANGE", "z", "0", "-1", "LIMIT", "x", "1"}, kNotInteger},
      {{"ZRANGE", "z", "0", "-1", "LIMIT", "0", "x"}, kNotInteger},
      {{"ZRANGE", "z", "0", "-1", "LIMIT", "x", "y", "foo"}, kNotInteger},
      {{"ZRANGE", "z", "0", "-1", "foo", "LIMIT", "x", "y"}, kSyntax},
      {{"ZRANGE", "z", "0", "-1", "REV", "REV"}, kSyntax},
      {{"ZRANGE", "z", "0", "-1", "BYSCORE", "BYLEX"}, kSyntax},
      {{"ZRANGE", "z", "0", "-1", "BYSCORE", "BYSCORE"}, kSyntax},
      {{"ZRANGE", "z", "x", "y", "BYSCORE", "x"}, kSyntax},
      // Then the options that do not go together, then the range's ends.
      {{"ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"}, kWithscoresByLex},
      {{"ZRANGE", "z", "x", "y", "LIMIT", "0", "1", "WITHSCORES", "BYLEX"}, kWithscoresByLex},
      {{"ZRANGE", "z", "x", "y"}, kNotInteger},
      {{"ZRANGE", "z", "x", "y", "BYSCORE"}, kScoreBounds},
      {{"ZRANGE", "z", "x", "y", "BYLEX"}, kLexBounds},
      // Then the key.
      {{"ZRANGE", "str", "x", "1"}, kNotInteger},
      {{"ZRANGE", "str", "0", "-1"}, kWrongType},
      {{"ZRANGE", "str", "1", "0", "BYSCORE"}, kWrongType},
      {{"ZRANGE", "str", "+", "-", "BYLEX"}, kWrongType},
      {{"ZRANGEBYSCORE", "str", "1", "0"}, kWrongType},
      {{"ZREVRANGEBYLEX", "str", "-", "+"}, kWrongType},
      {{"ZRANGE", "z", "0", "-1", "withscores", "limit", "1", "1", "byscore", "rev"}, kEmpty},
      {{"ZRANGE", "z", "-1", "0", "LIMIT", "0", "1", "BYSCORE", "REV"}, kEmpty},
  });
}

TEST_F(RedisZSet, ZrangestoreStoresTheRangeAndAnEmptyOneDeletesTheDestination) {
  ExpectOnBoth({
      {{"ZADD", "src", "1", "a", "2", "b", "3", "c"}, Int(3)},
      {{"ZRANGESTORE", "dst", "src", "0", "-1"}, Int(3)},
      {{"ZRANGE", "dst", "0", "-1", "WITHSCORES"}, Flat({{"a", "1"}, {"b", "2"}, {"c", "3"}})},
      {{"ZRANGESTORE", "dst", "src", "1", "2", "BYSCORE", "LIMIT", "0", "1"}, Int(1)},
      {{"ZRANGE", "dst", "0", "-1", "WITHSCORES"}, Flat({{"a", "1"}})},
      {{"ZRANGESTORE", "dst", "src", "+inf", "(1", "BYSCORE", "REV"}, Int(2)},
      {{"ZRANGE", "dst", "0", "-1", "WITHSCORES"}, Flat({{"b", "2"}, {"c", "3"}})},
      {{"ZRANGESTORE", "dst", "src", "(1", "+inf", "BYSCORE", "REV"}, Int(0)},
      {{"EXISTS", "dst"}, Int(0)},
      {{"ZRANGESTORE", "dst", "src", "[b", "+", "BYLEX"}, Int(2)},
      {{"ZRANGESTORE", "dst", "src", "0", "0", "REV"}, Int(1)},
      {{"ZRANGE", "dst", "0", "-1", "WITHSCORES"}, Flat({{"c", "3"}})},
      {{"ZRANGESTORE", "dst", "src", "0", "-1", "LIMIT", "1", "-1"}, Int(3)},
      // An empty range, or a missing source, deletes the destination, whatever it held.
      {{"ZRANGESTORE", "dst", "src", "5", "6"}, Int(0)},
      {{"EXISTS", "dst"}, Int(0)},
      {{"SET", "str", "x"}, kOk},
      {{"ZRANGESTORE", "str", "nokey", "0", "-1"}, Int(0)},
      {{"EXISTS", "str"}, Int(0)},
      // A destination of another type, or with an expiry, is replaced whole.
      {{"SET", "str", "x", "EX", "100"}, kOk},
      {{"ZRANGESTORE", "str", "src", "0", "0"}, Int(1)},
      {{"TYPE", "str"}, "+zset\r\n"},
      {{"TTL", "str"}, Int(-1)},
      {{"ZRANGE", "str", "0", "-1", "WITHSCORES"}, Flat({{"a", "1"}})},
      {{"ZADD", "big", "5", "x", "6", "y", "7", "z", "8", "w"}, Int(4)},
      {{"ZRANGESTORE", "big", "src", "0", "0"}, Int(1)},
      {{"ZRANGE", "big", "0", "-1", "WITHSCORES"}, Flat({{"a", "1"}})},
      // Onto the source itself.
      {{"ZRANGESTORE", "src", "src", "1", "-1"}, Int(2)},
      {{"ZRANGE", "src", "0", "-1", "WITHSCORES"}, Flat({{"b", "2"}, {"c", "3"}})},
      {{"ZCARD", "src"}, Int(2)},
      // Its errors: ZRANGE's, without WITHSCORES; a source of another type; the arity.
      {{"ZRANGESTORE", "dst", "src", "0", "-1", "WITHSCORES"}, kSyntax},
      {{"ZRANGESTORE", "dst", "src", "0", "-1", "LIMIT", "0", "1"}, kLimitNeedsRange},
      {{"ZRANGESTORE", "dst", "src", "x", "1"}, kNotInteger},
      {{"ZRANGESTORE", "dst", "nokey", "x", "1"}, kNotInteger},
      {{"ZRANGESTORE", "dst", "src", "x", "1", "BYSCORE"}, kScoreBounds},
      {{"SET", "str2", "x"}, kOk},
      {{"ZRANGESTORE", "dst", "str2", "0", "-1"}, kWrongType},
      {{"ZRANGESTORE", "dst", "src", "0"}, WrongArity("zrangestore")},
      {{"EXISTS", "dst"}, Int(0)},
  });
}

TEST_F(RedisZSet, ZremrangeCommandsRemoveARangeAndTheLastMemberTakesTheKey) {
  ExpectOnBoth({
      {{"ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}, Int(5)},
      {{"ZREMRANGEBYRANK", "k", "1", "2"}, Int(2)},
      {{"ZRANGE", "k", "0", "-1"}, BulkArray({"a", "d", "e"})},
      {{"ZREMRANGEBYRANK", "k", "5", "10"}, Int(0)},
      {{"ZREMRANGEBYRANK", "k", "2", "1"}, Int(0)},
      {{"ZREMRANGEBYRANK", "k", "-1", "-1"}, Int(1)},
      {{"ZREMRANGEBYRANK", "k", "-100", "100"}, Int(2)},
      {{"EXISTS", "k"}, Int(0)},
      {{"ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}, Int(5)},
      {{"ZREMRANGEBYSCORE", "k", "(1", "3"}, Int(2)},
      {{"ZREMRANGEBYSCORE", "k", "3", "1"}, Int(0)},
      {{"ZREMRANGEBYSCORE", "k", "(4", "(5"}, Int(0)},
      {{"ZRANGE", "k", "0", "-1"}, BulkArray({"a", "d", "e"})},
      {{"ZREMRANGEBYSCORE", "k", "-inf", "+inf"}, Int(3)},
      {{"EXISTS", "k"}, Int(0)},
      {{"ZADD", "k", "0", "a", "0", "b", "0", "c", "0", "d"}, Int(4)},
      {{"ZREMRANGEBYLEX", "k", "(a", "[c"}, Int(2)},
      {{"ZRANGE", "k", "0", "-1"}, BulkArray({"a", "d"})},
      {{"ZREMRANGEBYLEX", "k", "+", "-"}, Int(0)},
      {{"ZREMRANGEBYLEX", "k", "-", "+"}, Int(2)},
      {{"EXISTS", "k"}, Int(0)},
      {{"ZREMRANGEBYRANK", "nokey", "0", "-1"}, Int(0)},
      {{"ZREMRANGEBYSCORE", "nokey", "-inf", "inf"}, Int(0)},
      {{"ZREMRANGEBYLEX", "nokey", "-", "+"}, Int(0)},
      // The range is read before the key's type.
      {{"SET", "str", "x"}, kOk},
      {{"ZREMRANGEBYRANK", "str", "x", "1"}, kNotInteger},
      {{"ZREMRANGEBYSCORE", "str", "x", "1"}, kScoreBounds},
      {{"ZREMRANGEBYLEX", "str", "x", "+"}, kLexBounds},
      {{"ZREMRANGEBYRANK", "str", "1", "0"}, kWrongType},
      {{"ZREMRANGEBYSCORE", "str", "1", "0"}, kWrongType},
      {{"ZREMRANGEBYLEX", "str", "+", "-"}, kWrongType},
      {{"ZREMRANGEBYRANK", "nokey", "x", "1"}, kNotInteger},
      {{"ZREMRANGEBYSCORE", "nokey", "(nan", "1"}, kScoreBounds},
      {{"ZREMRANGEBYLEX", "nokey", "a", "+"}, kLexBounds},
  });
}

TEST_F(RedisZSet, Resp3RepliesScoresAsDoublesAndWithscoresAsPairs) {
  ExpectOnBothInResp3({
      {{"ZADD", "z", "1", "a", "2.5", "b", "inf", "c"}, Int(3)},
      {{"ZSCORE", "z", "b"}, Double("2.5")},
      {{"ZSCORE", "z", "c"}, Double("inf")},
      {{"ZSCORE", "z", "nope"}, "_\r\n"},
      {{"ZSCORE", "nokey", "a"}, "_\r\n"},
      {{"ZMSCORE", "z", "a", "nope", "c"}, "*3\r\n" + Double("1") + "_\r\n" + Double("inf")},
      {{"ZINCRBY", "z", "0.1", "a"}, Double("1.1000000000000001")},
      {{"ZADD", "z", "INCR", "-1", "b"}, Double("1.5")},
      {{"ZADD", "z", "NX", "INCR", "1", "a"}, "_\r\n"},
      {{"ZRANK", "z", "nope"}, "_\r\n"},
      {{"ZREVRANK", "z", "a"}, Int(2)},
      {{"ZRANGE", "z", "0", "-1", "WITHSCORES"},
       Pairs({{"a", "1.1000000000000001"}, {"b", "1.5"}, {"c", "inf"}})},
      {{"ZRANGE", "z", "0", "-1"}, BulkArray({"a", "b", "c"})},
      {{"ZRANGE", "z", "(1.5", "inf", "BYSCORE", "WITHSCORES"}, Pairs({{"c", "inf"}})},
      {{"ZREVRANGE", "z", "0", "0", "WITHSCORES"}, Pairs({{"c", "inf"}})},
      {{"ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES", "LIMIT", "0", "2"},
       Pairs({{"a", "1.1000000000000001"}, {"b", "1.5"}})},
      {{"ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES", "LIMIT", "0", "1"},
       Pairs({{"c", "inf"}})},
      {{"ZRANGE", "z", "5", "6", "WITHSCORES"}, kEmpty},
      {{"ZRANGE", "nokey", "0", "-1", "WITHSCORES"}, kEmpty},
      {{"ZRANGEBYLEX", "z", "-", "+"}, BulkArray({"a", "b", "c"})},
      {{"ZRANGESTORE", "dst", "z", "0", "-1"}, Int(3)},
      {{"ZCOUNT", "z", "-inf", "inf"}, Int(3)},
  });
}

TEST_F(RedisZSet, EveryCommandRefusesAStringKeyAndAWrongArity) {
  ExpectOnBoth({
      {{"SET", "str", "x"}, kOk},
      {{"ZADD", "str", "1", "a"}, kWrongType},
      {{"ZINCRBY", "str", "1", "a"}, kWrongType},
      {{"ZREM", "str", "a"}, kWrongType},
      {{"ZCARD", "str"}, kWrongType},
      {{"ZSCORE", "str", "a"}, kWrongType},
      {{"ZMSCORE", "str", "a"}, kWrongType},
      {{"ZRANK", "str", "a"}, kWrongType},
      {{"ZREVRANK", "str", "a"}, kWrongType},
      {{"ZCOUNT", "str", "-inf", "inf"}, kWrongType},
      {{"ZLEXCOUNT", "str", "-", "+"}, kWrongType},
      {{"ZRANGE", "str", "0", "-1"}, kWrongType},
      {{"ZRANGESTORE", "dst", "str", "0", "-1"}, kWrongType},
      {{"ZREVRANGE", "str", "0", "-1"}, kWrongType},
      {{"ZRANGEBYSCORE", "str", "-inf", "inf"}, kWrongType},
      {{"ZREVRANGEBYSCORE", "str", "inf", "-inf"}, kWrongType},
      {{"ZRANGEBYLEX", "str", "-", "+"}, kWrongType},
      {{"ZREVRANGEBYLEX", "str", "+", "-"}, kWrongType},
      {{"ZREMRANGEBYRANK", "str", "0", "-1"}, kWrongType},
      {{"ZREMRANGEBYSCORE", "str", "-inf", "inf"}, kWrongType},
      {{"ZREMRANGEBYLEX", "str", "-", "+"}, kWrongType},
      {{"GET", "str"}, Bulk("x")},
      {{"ZADD", "k", "1"}, WrongArity("zadd")},
      {{"ZINCRBY", "k", "1"}, WrongArity("zincrby")},
      {{"ZINCRBY", "k", "1", "a", "b"}, WrongArity("zincrby")},
      {{"ZREM", "k"}, WrongArity("zrem")},
      {{"ZCARD"}, WrongArity("zcard")},
      {{"ZCARD", "k", "x"}, WrongArity("zcard")},
      {{"ZSCORE", "k"}, WrongArity("zscore")},
      {{"ZMSCORE", "k"}, WrongArity("zmscore")},
      {{"ZRANK", "k"}, WrongArity("zrank")},
      {{"ZREVRANK", "k"}, WrongArity("zrevrank")},
      {{"ZCOUNT", "k", "0"}, WrongArity("zcount")},
      {{"ZLEXCOUNT", "k", "-", "+", "x"}, WrongArity("zlexcount")},
      {{"ZRANGE", "k", "0"}, WrongArity("zrange")},
      {{"ZRANGESTORE", "d", "k", "0"}, WrongArity("zrangestore")},
      {{"ZREVRANGE", "k", "0"}, WrongArity("zrevrange")},
      {{"ZRANGEBYSCORE", "k", "0"}, WrongArity("zrangebyscore")},
      {{"ZREVRANGEBYSCORE", "k", "0"}, WrongArity("zrevrangebyscore")},
      {{"ZRANGEBYLEX", "k", "-"}, WrongArity("zrangebylex")},
      {{"ZREVRANGEBYLEX", "k", "+"}, WrongArity("zrevrangebylex")},
      {{"ZREMRANGEBYRANK", "k", "0"}, WrongArity("zremrangebyrank")},
      {{"ZREMRANGEBYSCORE", "k", "0", "1", "2"}, WrongArity("zremrangebyscore")},
      {{"ZREMRANGEBYLEX", "k", "-"}, WrongArity("zremrangebylex")},
      {{"EXISTS", "k"}, Int(0)},
  });
}

// How `name` describes itself: COMMAND INFO's first seven fields (name, arity, flags, first
// key, last key, key step, ACL categories) and COMMAND DOCS' since, in one line such as
// "zcard 2 [readonly fast] 1 1 1 [@read @sortedset @fast] 1.2.0"; then COMMAND DOCS' summary.
std::pair<std::string, std::string> Describe(TestClient& client, const std::string& name) {
  const auto words = [](const Reply& list) {
    std::string out;
    for (const std::string& word : Texts(list)) out += (out.empty() ? "" : " ") + word;
    return "[" + out + "]";
  };
  EXPECT_TRUE(client.Send(Resp({"COMMAND", "INFO", name})));
  const Reply info = ReadReply(client);
  if (info.items.size() != 1 || info.items[0].items.size() < 7) return {"no COMMAND INFO", ""};
  const std::vector<Reply>& fields = info.items[0].items;
  std::string line = fields[0].text + " " + fields[1].text + " " + words(fields[2]);
  for (size_t i = 3; i < 6; ++i) line += " " + fields[i].text;
  line += " " + words(fields[6]);

  EXPECT_TRUE(client.Send(Resp({"COMMAND", "DOCS", name})));
  const Reply docs = ReadReply(client);
  if (docs.items.size() != 2) return {line, "no COMMAND DOCS"};
  std::map<std::string, std::string> doc;
  const std::vector<Reply>& pairs = docs.items[1].items;
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) doc[pairs[i].text] = pairs[i + 1].text;
  return {line + " " + doc["since"], doc["summary"]};
}

// Every command describes itself as Redis does, but for the key specs, which this server
// derives from the flags.
TEST_F(RedisZSet, CommandInfoAndDocsDescribeEachCommandAsRedis) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"zadd -4 [write denyoom fast] 1 1 1 [@write @sortedset @fast] 1.2.0",
       "Add one or more members to a sorted set, or update its score if it already exists"},
      {"zincrby 4 [write denyoom fast] 1 1 1 [@write @sortedset @fast] 1.2.0",
       "Increment the score of a member in a sorted set"},
      {"zrem -3 [write fast] 1 1 1 [@write @sortedset @fast] 1.2.0",
       "Remove one or more members from a sorted set"},
      {"zcard 2 [readonly fast] 1 1 1 [@read @sortedset @fast] 1.2.0",
       "Get the number of members in a sorted set"},
      {"zscore 3 [readonly fast] 1 1 1 [@read @sortedset @fast] 1.2.0",
       "Get the score associated with the given member in a sorted set"},
      {"zmscore -3 [readonly fast] 1 1 1 [@read @sortedset @fast] 6.2.0",
       "Get the score associated with the given members in a sorted set"},
      {"zrank 3 [readonly fast] 1 1 1 [@read @sortedset @fast] 2.0.0",
       "Determine the index of a member in a sorted set"},
      {"zrevrank 3 [readonly fast] 1 1 1 [@read @sortedset @fast] 2.0.0",
       "Determine the index of a member in a sorted set, with scores ordered from high to low"},
      {"zcount 4 [readonly fast] 1 1 1 [@read @sortedset @fast] 2.0.0",
       "Count the members in a sorted set with scores within the given values"},
      {"zlexcount 4 [readonly fast] 1 1 1 [@read @sortedset @fast] 2.8.9",
       "Count the number of members in a sorted set between a given lexicographical range"},
      {"zrange -4 [readonly] 1 1 1 [@read @sortedset @slow] 1.2.0",
       "Return a range of members in a sorted set"},
      {"zrangestore -5 [write denyoom] 1 2 1 [@write @sortedset @slow] 6.2.0",
       "Store a range of members from sorted set into another key"},
      {"zrevrange -4 [readonly] 1 1 1 [@read @sortedset @slow] 1.2.0",
       "Return a range of members in a sorted set, by index, with scores ordered from high to "
       "low"},
      {"zrangebyscore -4 [readonly] 1 1 1 [@read @sortedset @slow] 1.0.5",
       "Return a range of members in a sorted set, by score"},
      {"zrevrangebyscore -4 [readonly] 1 1 1 [@read @sortedset @slow] 2.2.0",
       "Return a range of members in a sorted set, by score, with scores ordered from high to "
       "low"},
      {"zrangebylex -4 [readonly] 1 1 1 [@read @sortedset @slow] 2.8.9",
       "Return a range of members in a sorted set, by lexicographical range"},
      {"zrevrangebylex -4 [readonly] 1 1 1 [@read @sortedset @slow] 2.8.9",
       "Return a range of members in a sorted set, by lexicographical range, ordered from higher "
       "to lower strings."},
      {"zremrangebyrank 4 [write] 1 1 1 [@write @sortedset @slow] 2.0.0",
       "Remove all members in a sorted set within the given indexes"},
      {"zremrangebyscore 4 [write] 1 1 1 [@write @sortedset @slow] 1.2.0",
       "Remove all members in a sorted set within the given scores"},
      {"zremrangebylex 4 [write] 1 1 1 [@write @sortedset @slow] 2.8.9",
       "Remove all members in a sorted set between the given lexicographical range"},
  };
  ForBoth([&](TestClient& client) {
    for (const auto& [line, summary] : expected) {
      const std::string name = line.substr(0, line.find(' '));
      const auto [got_line, got_summary] = Describe(client, name);
      EXPECT_EQ(got_line, line);
      EXPECT_EQ(got_summary, summary) << name;
    }
  });
}

// 400 members whose scores repeat (every score is shared by up to eight members) and span
// negative and fractional values; every kind of range is checked against a sorted vector, on
// both servers, then ZREM, ZINCRBY and ZREMRANGEBYSCORE change the set and the ranges are
// checked again.
TEST_F(RedisZSet, RangesOfHundredsOfMembersWithTiesMatchASortedModel) {
  using Entry = std::pair<double, std::string>;  // (score, member): the set's order
  std::vector<Entry> initial;
  std::vector<std::string> zadd = {"ZADD", "big"};
  for (int i = 0; i < 400; ++i) {
    const double score = ((i * 37) % 50 - 20) * 0.5;  // -10 .. 14.5, each score 8 times
    const std::string member = "m" + std::to_string((i * 7919) % 1000);
    initial.emplace_back(score, member);
    zadd.push_back(ScoreText(score));
    zadd.push_back(member);
  }
  std::vector<Entry> model;
  const auto sort_model = [&] { std::sort(model.begin(), model.end()); };
  const auto members = [](auto first, auto last) {
    std::vector<std::string> out;
    for (auto it = first; it != last; ++it) out.push_back(it->second);
    return out;
  };
  const auto with_scores = [](auto first, auto last) {
    Scored out;
    for (auto it = first; it != last; ++it) out.emplace_back(it->second, ScoreText(it->first));
    return out;
  };
  // The members with min <= score <= max, in order.
  const auto by_score = [&](double min, double max) {
    std::vector<Entry> out;
    for (const Entry& entry : model) {
      if (entry.first >= min && entry.first <= max) out.push_back(entry);
    }
    return out;
  };
  const auto check_ranges = [&](TestClient& client) {
    const auto size = static_cast<long long>(model.size());
    ASSERT_TRUE(client.Exchange(Resp({"ZCARD", "big"}), Int(size)));
    ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", "big", "0", "-1", "WITHSCORES"}),
                                Flat(with_scores(model.begin(), model.end()))));
    ASSERT_TRUE(client.Exchange(Resp({"ZREVRANGE", "big", "0", "-1"}),
                                BulkArray(members(model.rbegin(), model.rend()))));
    ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", "big", "100", "149"}),
                                BulkArray(members(model.begin() + 100, model.begin() + 150))));
    ASSERT_TRUE(client.Exchange(Resp({"ZREVRANGE", "big", "10", "19", "WITHSCORES"}),
                                Flat(with_scores(model.rbegin() + 10, model.rbegin() + 20))));
    for (long long rank = 0; rank < size; rank += 23) {
      ASSERT_TRUE(client.Exchange(Resp({"ZRANK", "big", model[rank].second}), Int(rank)));
      ASSERT_TRUE(
          client.Exchange(Resp({"ZREVRANK", "big", model[rank].second}), Int(size - 1 - rank)));
    }
    const std::vector<Entry> middle = by_score(-2.5, 3);
    ASSERT_TRUE(client.Exchange(Resp({"ZRANGEBYSCORE", "big", "-2.5", "3"}),
                                BulkArray(members(middle.begin(), middle.end()))));
    ASSERT_TRUE(client.Exchange(Resp({"ZCOUNT", "big", "-2.5", "3"}),
                                Int(static_cast<long long>(middle.size()))));
    ASSERT_TRUE(client.Exchange(Resp({"ZREVRANGEBYSCORE", "big", "3", "-2.5"}),
                                BulkArray(members(middle.rbegin(), middle.rend()))));
    // Pages of LIMIT, both ways.
    for (size_t offset = 0; offset < middle.size(); offset += 7) {
      const size_t end = std::min(offset + 7, middle.size());
      ASSERT_TRUE(client.Exchange(
          Resp({"ZRANGE", "big", "-2.5", "3", "BYSCORE", "LIMIT", std::to_string(offset), "7"}),
          BulkArray(members(middle.begin() + offset, middle.begin() + end))));
      ASSERT_TRUE(
          client.Exchange(Resp({"ZRANGE", "big", "3", "-2.5", "BYSCORE", "REV", "LIMIT",
                                std::to_string(offset), "7", "WITHSCORES"}),
                          Flat(with_scores(middle.rbegin() + offset, middle.rbegin() + end))));
    }
  };

  ForBoth([&](TestClient& client) {
    model = initial;
    sort_model();
    ASSERT_TRUE(client.Exchange(Resp(zadd), Int(400)));
    check_ranges(client);
    // Every fifth member goes, every seventh moves by 0.25.
    std::vector<std::string> zrem = {"ZREM", "big"};
    for (size_t i = 0; i < initial.size(); i += 5) zrem.push_back(initial[i].second);
    ASSERT_TRUE(client.Exchange(Resp(zrem), Int(static_cast<long long>(zrem.size()) - 2)));
    std::erase_if(model, [&](const Entry& entry) {
      return std::find(zrem.begin() + 2, zrem.end(), entry.second) != zrem.end();
    });
    for (size_t i = 0; i < model.size(); i += 7) {
      model[i].first += 0.25;
      ASSERT_TRUE(client.Exchange(Resp({"ZINCRBY", "big", "0.25", model[i].second}),
                                  Bulk(ScoreText(model[i].first))));
    }
    sort_model();
    check_ranges(client);
    const std::vector<Entry> low = by_score(-1e9, 0);
    ASSERT_TRUE(client.Exchange(Resp({"ZREMRANGEBYSCORE", "big", "-inf", "0"}),
                                Int(static_cast<long long>(low.size()))));
    model.erase(model.begin(), model.begin() + static_cast<long>(low.size()));
    check_ranges(client);
  });
}

TEST_F(RedisZSet, SortedSetsSurviveARestart) {
  TestClient before(port());
  ASSERT_TRUE(before.Exchange(Resp({"ZADD", "k", "2", "b", "1", "a", "-0.5", "c"}), Int(3)));
  ASSERT_TRUE(before.Exchange(Resp({"ZREM", "k", "b"}), Int(1)));
  Restart();
  const std::vector<Step> after = {
      {{"ZRANGE", "k", "0", "-1", "WITHSCORES"}, Flat({{"c", "-0.5"}, {"a", "1"}})},
      {{"ZSCORE", "k", "b"}, kNil},
      {{"ZCARD", "k"}, Int(2)},
  };
  ExpectReplies(port(), after);
}

TEST_F(RedisZSet, ReadsCountKeyspaceHitsAndMissesAndWritesDoNot) {
  CommandHarness harness(Stage10Parts());
  ASSERT_EQ(harness.Run({"ZADD", "k", "0", "a", "0", "b", "0", "c"}), Int(3));
  harness.ExpectOnlyReadsCountHitsAndMisses({{"ZADD", "k", "0", "d"},
                                             {"ZINCRBY", "k", "1", "d"},
                                             {"ZREM", "k", "d"},
                                             {"ZADD", "nokey", "XX", "1", "a"},
                                             {"ZREM", "nokey", "a"},
                                             {"ZREMRANGEBYRANK", "k", "5", "6"},
                                             {"ZREMRANGEBYSCORE", "nokey", "0", "1"},
                                             {"ZREMRANGEBYLEX", "k", "(c", "+"}},
                                            {{"ZCARD", "k"},
                                             {"ZSCORE", "k", "a"},
                                             {"ZMSCORE", "k", "a", "b"},
                                             {"ZRANK", "k", "a"},
                                             {"ZREVRANK", "k", "a"},
                                             {"ZCOUNT", "k", "-inf", "inf"},
                                             {"ZLEXCOUNT", "k", "-", "+"},
                                             {"ZRANGE", "k", "0", "-1"},
                                             {"ZREVRANGE", "k", "0", "-1"},
                                             {"ZRANGEBYSCORE", "k", "-inf", "inf"},
                                             {"ZREVRANGEBYSCORE", "k", "inf", "-inf"},
                                             {"ZRANGEBYLEX", "k", "-", "+"},
                                             {"ZREVRANGEBYLEX", "k", "+", "-"}});
  // ZRANGESTORE's source is a read (its key is argv[2]); its destination is not looked up.
  const uint64_t hits = harness.stats().keyspace_hits;
  const uint64_t misses = harness.stats().keyspace_misses;
  EXPECT_EQ(harness.Run({"ZRANGESTORE", "dst", "k", "0", "-1"}), Int(3));
  EXPECT_EQ(harness.Run({"ZRANGESTORE", "dst", "nokey", "0", "-1"}), Int(0));
  EXPECT_EQ(harness.stats().keyspace_hits - hits, 1u);
  EXPECT_EQ(harness.stats().keyspace_misses - misses, 1u);
}

}  // namespace
}  // namespace stepdb
