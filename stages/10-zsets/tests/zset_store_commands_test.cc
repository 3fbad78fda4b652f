// The sorted set commands that combine keys or sample one (zset_store_commands.h), black-box
// over a socket against stepdb-stage10.
//
// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD reply in a fixed order (by score,
// then by member), so their tables are exact bytes, run on this server and, when it is
// installed, on redis-server 7.0, where every expected reply came from: results and scores,
// WEIGHTS and AGGREGATE, sets as inputs, Redis's rules for the NaN of inf * 0 and inf - inf,
// the order of the checks, RESP3's pairs of doubles. ZRANDMEMBER and ZSCAN return members in
// an order of their own (random; hash order here, score order in Redis's listpacks), so their
// exact-bytes tables use keys of one member, and the rest is checked by properties on both
// servers: every member returned belongs, with its own score; a positive count gives distinct
// members; a full ZSCAN returns every member (here exactly once). What the wire cannot show
// (which lookups count as keyspace reads) is checked in-process.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "redis_command_test_support.h"
#include "zset_server.h"

namespace stepdb {
namespace {

using testkit::TestClient;

const std::string kEmpty = "*0\r\n";
const std::string kWeightNotFloat = Err("ERR weight value is not a float");
const std::string kNegativeLimit = Err("ERR LIMIT can't be negative");
const std::string kCountRange = Err(
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
const std::string kValueRange = Err("ERR value is out of range");

std::string NeedsAKey(const std::string& command) {
  return Err("ERR at least 1 input key is needed for '" + command + "' command");
}

using Scored = std::vector<std::pair<std::string, std::string>>;  // (member, score as printed)

// A WITHSCORES reply in RESP2: one flat array, member then score.
std::string Flat(const Scored& entries) {
  std::string out = "*" + std::to_string(2 * entries.size()) + "\r\n";
  for (const auto& [member, score] : entries) out += Bulk(member) + Bulk(score);
  return out;
}

// A WITHSCORES reply in RESP3: an array of [member, score] pairs, each score a double.
std::string Pairs(const Scored& entries) {
  std::string out = "*" + std::to_string(entries.size()) + "\r\n";
  for (const auto& [member, score] : entries) {
    out += "*2\r\n" + Bulk(member) + "," + score + "\r\n";
  }
  return out;
}

// A score as Redis prints it ("%.17g").
std::string ScoreText(double score) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g", score);
  return buffer;
}

// The inputs most tables start from: two sorted sets that share b and c, and a set.
const std::vector<Step> kInputs = {
    {{"ZADD", "z1", "1", "a", "2", "b", "3", "c"}, Int(3)},
    {{"ZADD", "z2", "10", "b", "20", "c", "30", "d"}, Int(3)},
    {{"SADD", "s", "a", "b", "x"}, Int(3)},
};

std::vector<Step> WithInputs(const std::vector<Step>& steps) {
  std::vector<Step> all = kInputs;
  all.insert(all.end(), steps.begin(), steps.end());
  return all;
}

class RedisZSetStore : public RedisOracleTest {
 protected:
  // A sorted set of `n` members "m0", "m1", ... scored i * 1.5 - 7 (negative, fractional and
  // integral scores), added in one ZADD; the scores each member has, as printed.
  static std::map<std::string, std::string> AddNumbered(TestClient& client, const std::string& key,
                                                        int n) {
    std::vector<std::string> request = {"ZADD", key};
    std::map<std::string, std::string> scores;
    for (int i = 0; i < n; ++i) {
      const std::string member = "m" + std::to_string(i);
      const std::string score = ScoreText(i * 1.5 - 7);
      request.push_back(score);
      request.push_back(member);
      scores[member] = score;
    }
    EXPECT_TRUE(client.Exchange(Resp(request), Int(n)));
    return scores;
  }
};

// ---- ZUNION, ZINTER, ZDIFF ----

TEST_F(RedisZSetStore, ZunionAddsTheScoresOfEveryInputInScoreOrder) {
  ExpectOnBoth(WithInputs({
      {{"ZUNION", "2", "z1", "z2"}, BulkArray({"a", "b", "c", "d"})},
      {{"ZUNION", "2", "z1", "z2", "WITHSCORES"},
       Flat({{"a", "1"}, {"b", "12"}, {"c", "23"}, {"d", "30"}})},
      // A set's members score 1.
      {{"ZUNION", "3", "z1", "z2", "s", "withscores"},
       Flat({{"x", "1"}, {"a", "2"}, {"b", "13"}, {"c", "23"}, {"d", "30"}})},
      {{"ZUNION", "1", "s", "WITHSCORES"}, Flat({{"a", "1"}, {"b", "1"}, {"x", "1"}})},
      // Missing keys are empty inputs.
      {{"ZUNION", "3", "nokey", "z1", "nokey2", "WITHSCORES"},
       Flat({{"a", "1"}, {"b", "2"}, {"c", "3"}})},
      {{"ZUNION", "1", "nokey", "WITHSCORES"}, kEmpty},
      // A key named twice counts twice.
      {{"ZUNION", "2", "z1", "z1", "WITHSCORES"}, Flat({{"a", "2"}, {"b", "4"}, {"c", "6"}})},
  }));
}

TEST_F(RedisZSetStore, WeightsAndAggregateChangeTheScores) {
  ExpectOnBoth(WithInputs({
      {{"ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "0.5", "WITHSCORES"},
       Flat({{"a", "2"}, {"b", "9"}, {"d", "15"}, {"c", "16"}})},
      {{"ZUNION", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"},
       Flat({{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "30"}})},
      {{"ZUNION", "2", "z1", "z2", "aggregate", "max", "withscores"},
       Flat({{"a", "1"}, {"b", "10"}, {"c", "20"}, {"d", "30"}})},
      {{"ZUNION", "2", "z1", "z2", "AGGREGATE", "max", "WEIGHTS", "1", "-1", "WITHSCORES"},
       Flat({{"d", "-30"}, {"a", "1"}, {"b", "2"}, {"c", "3"}})},
      {{"ZINTER", "2", "z1", "z2", "WEIGHTS", "-1", "0.1", "AGGREGATE", "SUM", "WITHSCORES"},
       Flat({{"b", "-1"}, {"c", "-1"}})},
      // Options may repeat; the last one counts.
      {{"ZUNION", "2", "z1", "z2", "AGGREGATE", "SUM", "AGGREGATE", "MIN", "WITHSCORES"},
       Flat({{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "30"}})},
      {{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "2", "WEIGHTS", "3", "4", "WITHSCORES"},
       Flat({{"a", "3"}, {"b", "46"}, {"c", "89"}, {"d", "120"}})},
      {{"ZUNION", "1", "z1", "WITHSCORES", "WEIGHTS", "2", "WITHSCORES"},
       Flat({{"a", "2"}, {"b", "4"}, {"c", "6"}})},
      // A weight is a float as strtod reads it, whole.
      {{"ZUNION", "1", "z1", "WEIGHTS", "0x10", "WITHSCORES"},
       Flat({{"a", "16"}, {"b", "32"}, {"c", "48"}})},
      {{"ZUNION", "1", "z1", "WEIGHTS", "-INF", "WITHSCORES"},
       Flat({{"a", "-inf"}, {"b", "-inf"}, {"c", "-inf"}})},
      {{"ZUNION", "1", "z1", "WEIGHTS", "1e-310", "WITHSCORES"},
       Flat({{"a", "9.9999999999999694e-311"},
             {"b", "1.9999999999999939e-310"},
             {"c", "2.9999999999999908e-310"}})},
      {{"ZUNION", "1", "z1", "WEIGHTS", "1e308", "WITHSCORES"},
       Flat({{"a", "1e+308"}, {"b", "inf"}, {"c", "inf"}})},
  }));
}

TEST_F(RedisZSetStore, ZinterKeepsTheMembersOfEveryInput) {
  ExpectOnBoth(WithInputs({
      {{"ZINTER", "2", "z1", "z2"}, BulkArray({"b", "c"})},
      {{"ZINTER", "2", "z1", "z2", "WITHSCORES"}, Flat({{"b", "12"}, {"c", "23"}})},
      {{"ZINTER", "3", "z1", "z2", "s", "WITHSCORES"}, Flat({{"b", "13"}})},
      {{"ZINTER", "2", "s", "z1", "WITHSCORES"}, Flat({{"a", "2"}, {"b", "3"}})},
      {{"ZINTER", "2", "s", "s", "WITHSCORES"}, Flat({{"a", "2"}, {"b", "2"}, {"x", "2"}})},
      {{"ZINTER", "1", "z2", "WITHSCORES"}, Flat({{"b", "10"}, {"c", "20"}, {"d", "30"}})},
      // A missing input empties the intersection, wherever it stands.
      {{"ZINTER", "2", "z1", "nokey"}, kEmpty},
      {{"ZINTER", "2", "nokey", "z1", "WITHSCORES"}, kEmpty},
      {{"ZADD", "lone", "5", "y"}, Int(1)},
      {{"ZINTER", "3", "z1", "z2", "lone"}, kEmpty},
  }));
}

TEST_F(RedisZSetStore, ZdiffKeepsTheFirstInputsMembersAndScores) {
  ExpectOnBoth(WithInputs({
      {{"ZDIFF", "2", "z1", "z2"}, BulkArray({"a"})},
      {{"ZDIFF", "2", "z1", "z2", "WITHSCORES"}, Flat({{"a", "1"}})},
      {{"ZDIFF", "2", "z2", "z1", "WITHSCORES"}, Flat({{"d", "30"}})},
      {{"ZDIFF", "2", "z2", "s", "WITHSCORES"}, Flat({{"c", "20"}, {"d", "30"}})},
      {{"ZDIFF", "2", "s", "z1", "WITHSCORES"}, Flat({{"x", "1"}})},
      {{"ZDIFF", "1", "z1", "WITHSCORES"}, Flat({{"a", "1"}, {"b", "2"}, {"c", "3"}})},
      {{"ZDIFF", "3", "z2", "nokey", "z1", "WITHSCORES"}, Flat({{"d", "30"}})},
      {{"ZDIFF", "2", "z1", "z1"}, kEmpty},
      {{"ZDIFF", "2", "nokey", "z1"}, kEmpty},
      {{"ZDIFF", "3", "z1", "z2", "s"}, kEmpty},
  }));
}

// Members of equal score come in byte order, whatever the inputs' order.
TEST_F(RedisZSetStore, EqualScoresComeInMemberOrder) {
  ExpectOnBoth({
      {{"ZADD", "p", "1", "b", "1", "B", "2", "a"}, Int(3)},
      {{"ZADD", "q", "1", "\xff", "0", "aa", "1", "", "1", "a\x01"}, Int(4)},
      {{"ZUNION", "2", "q", "p", "WITHSCORES"},
       Flat({{"aa", "0"},
             {"", "1"},
             {"B", "1"},
             {"a\x01", "1"},
             {"b", "1"},
             {"\xff", "1"},
             {"a", "2"}})},
      {{"ZUNION", "2", "q", "p", "WEIGHTS", "0", "0"},
       BulkArray({"", "B", "a", "a\x01", "aa", "b", "\xff"})},
  });
}

// Redis's rules for the NaN that inf * 0 and inf + -inf make (zunionInterAggregate): a
// weighted score that is NaN counts as 0, except in an intersection for every input but the
// smallest, whose NaN goes to MIN and MAX as it is, and loses every comparison; a sum that is
// NaN is 0. The inputs are combined smallest first, equal sizes in the order given, and with
// infinities the order shows.
TEST_F(RedisZSetStore, NanFromInfinitiesIsTakenForZeroAsInRedis) {
  ExpectOnBoth({
      {{"ZADD", "inf", "inf", "m", "1", "x"}, Int(2)},
      {{"ZADD", "ninf", "-inf", "m"}, Int(1)},
      {{"ZADD", "five", "5", "m"}, Int(1)},
      {{"ZADD", "zero", "0", "m"}, Int(1)},
      {{"ZUNION", "1", "inf", "WEIGHTS", "0", "WITHSCORES"}, Flat({{"m", "0"}, {"x", "0"}})},
      {{"ZUNION", "2", "ninf", "inf", "WITHSCORES"}, Flat({{"m", "0"}, {"x", "1"}})},
      {{"ZINTER", "2", "ninf", "inf", "WITHSCORES"}, Flat({{"m", "0"}})},
      {{"ZUNION", "2", "ninf", "inf", "AGGREGATE", "MIN", "WITHSCORES"},
       Flat({{"m", "-inf"}, {"x", "1"}})},
      // Equal sizes keep their order: (inf + -inf) + 5 is 5, (inf + 5) + -inf is 0.
      {{"ZADD", "pinf", "inf", "m"}, Int(1)},
      {{"ZUNION", "3", "pinf", "ninf", "five", "WITHSCORES"}, Flat({{"m", "5"}})},
      {{"ZUNION", "3", "pinf", "five", "ninf", "WITHSCORES"}, Flat({{"m", "0"}})},
      {{"ZINTER", "3", "pinf", "ninf", "five", "WITHSCORES"}, Flat({{"m", "5"}})},
      {{"ZINTER", "3", "five", "pinf", "ninf", "WITHSCORES"}, Flat({{"m", "0"}})},
      // The larger input comes last wherever it stands: (inf + -inf) + inf.
      {{"ZUNION", "3", "inf", "pinf", "ninf", "WITHSCORES"}, Flat({{"x", "1"}, {"m", "inf"}})},
      // The union takes inf * 0 for 0 in every input: MIN(5, 0).
      {{"ZUNION", "2", "five", "inf", "WEIGHTS", "1", "0", "AGGREGATE", "MIN", "WITHSCORES"},
       Flat({{"m", "0"}, {"x", "0"}})},
      // The intersection only in the smallest: MIN(5, NaN) and MAX(5, NaN) are 5, the sum 0.
      {{"ZINTER", "2", "five", "inf", "WEIGHTS", "1", "0", "AGGREGATE", "MIN", "WITHSCORES"},
       Flat({{"m", "5"}})},
      {{"ZINTER", "2", "five", "inf", "WEIGHTS", "1", "0", "AGGREGATE", "MAX", "WITHSCORES"},
       Flat({{"m", "5"}})},
      {{"ZINTER", "2", "five", "inf", "WEIGHTS", "1", "0", "WITHSCORES"}, Flat({{"m", "0"}})},
      {{"ZINTER", "2", "inf", "five", "WEIGHTS", "0", "1", "AGGREGATE", "MIN", "WITHSCORES"},
       Flat({{"m", "5"}})},
      // A weight of -0 multiplies as -0.0: ZUNION replies "-0", and a stored -0 is 0.
      {{"ZUNION", "1", "zero", "WEIGHTS", "-1", "WITHSCORES"}, Flat({{"m", "-0"}})},
      {{"ZUNION", "1", "five", "WEIGHTS", "-0", "WITHSCORES"}, Flat({{"m", "-0"}})},
      {{"ZUNIONSTORE", "d", "1", "five", "WEIGHTS", "-0"}, Int(1)},
      {{"ZSCORE", "d", "m"}, Bulk("0")},
  });
}

// numkeys first, then every key's type, then the options, in argument order; an option
// without all its arguments is a syntax error.
TEST_F(RedisZSetStore, ArgumentsAreCheckedInRedisOrder) {
  ExpectOnBoth(WithInputs({
      {{"SET", "str", "v"}, kOk},
      {{"ZUNION", "0", "z1"}, NeedsAKey("zunion")},
      {{"ZINTER", "-1", "z1"}, NeedsAKey("zinter")},
      {{"ZDIFF", "0", "z1"}, NeedsAKey("zdiff")},
      {{"ZUNIONSTORE", "d", "0", "z1"}, NeedsAKey("zunionstore")},
      {{"zinterstore", "d", "0", "z1"}, NeedsAKey("zinterstore")},
      {{"ZDIFFSTORE", "d", "-5", "z1"}, NeedsAKey("zdiffstore")},
      {{"ZINTERCARD", "0", "z1"}, NeedsAKey("zintercard")},
      {{"ZUNION", "x", "z1"}, kNotInteger},
      {{"ZUNION", "1.5", "z1"}, kNotInteger},
      {{"ZUNION", "99999999999999999999", "z1"}, kNotInteger},
      {{"ZUNION", "3", "z1", "z2"}, kSyntax},
      {{"ZUNION", "9223372036854775807", "z1"}, kSyntax},
      {{"ZUNIONSTORE", "d", "3", "z1", "z2"}, kSyntax},
      {{"ZINTERCARD", "3", "z1", "z2"}, kSyntax},
      // The keys before the options.
      {{"ZUNION", "2", "z1", "str"}, kWrongType},
      {{"ZUNION", "2", "nokey", "str", "WEIGHTS", "x"}, kWrongType},
      {{"ZINTER", "2", "str", "nokey"}, kWrongType},
      {{"ZDIFF", "2", "z1", "str", "bogus"}, kWrongType},
      {{"ZINTERCARD", "2", "str", "z1", "LIMIT", "x"}, kWrongType},
      {{"ZUNIONSTORE", "d", "2", "z1", "str"}, kWrongType},
      // WEIGHTS needs one weight per key, each a float.
      {{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1"}, kSyntax},
      {{"ZUNION", "2", "z1", "z2", "WEIGHTS", "x"}, kSyntax},
      {{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "x"}, kWeightNotFloat},
      {{"ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "2", "3"}, kSyntax},
      {{"ZUNION", "1", "z1", "WEIGHTS"}, kSyntax},
      {{"ZUNION", "1", "z1", "WEIGHTS", "nan"}, kWeightNotFloat},
      {{"ZUNION", "1", "z1", "WEIGHTS", ""}, kWeightNotFloat},
      {{"ZUNION", "1", "z1", "WEIGHTS", " 1"}, kWeightNotFloat},
      {{"ZUNION", "1", "z1", "WEIGHTS", "1 "}, kWeightNotFloat},
      {{"ZUNIONSTORE", "d", "1", "z1", "WEIGHTS", "1e400"}, kWeightNotFloat},
      {{"ZINTER", "1", "z1", "WEIGHTS", "1e-400"}, kWeightNotFloat},
      {{"ZUNION", "1", "z1", "WEIGHTS", "x", "AGGREGATE", "bogus"}, kWeightNotFloat},
      // AGGREGATE needs SUM, MIN or MAX.
      {{"ZUNION", "1", "z1", "AGGREGATE"}, kSyntax},
      {{"ZINTER", "1", "z1", "AGGREGATE", "avg"}, kSyntax},
      {{"ZUNION", "1", "z1", "AGGREGATE", "bogus", "WEIGHTS", "x"}, kSyntax},
      {{"ZUNION", "1", "z1", "bogus"}, kSyntax},
      // ZDIFF takes neither; the STORE forms do not take WITHSCORES.
      {{"ZDIFF", "1", "z1", "WEIGHTS", "1"}, kSyntax},
      {{"ZDIFF", "1", "z1", "AGGREGATE", "MIN"}, kSyntax},
      {{"ZDIFFSTORE", "d", "1", "z1", "WITHSCORES"}, kSyntax},
      {{"ZUNIONSTORE", "d", "1", "z1", "WITHSCORES"}, kSyntax},
      {{"ZINTERSTORE", "d", "2", "z1", "z2", "WITHSCORES"}, kSyntax},
      {{"EXISTS", "d"}, Int(0)},
      // The arity.
      {{"ZUNION", "1"}, WrongArity("zunion")},
      {{"ZINTER", "1"}, WrongArity("zinter")},
      {{"ZDIFF", "1"}, WrongArity("zdiff")},
      {{"ZUNIONSTORE", "d", "1"}, WrongArity("zunionstore")},
      {{"ZINTERSTORE", "d", "1"}, WrongArity("zinterstore")},
      {{"ZDIFFSTORE", "d", "1"}, WrongArity("zdiffstore")},
      {{"ZINTERCARD", "1"}, WrongArity("zintercard")},
  }));
}

// ---- The STORE forms ----

TEST_F(RedisZSetStore, StoreReplacesTheDestinationAndRepliesItsSize) {
  ExpectOnBoth(WithInputs({
      {{"ZUNIONSTORE", "d", "2", "z1", "z2"}, Int(4)},
      {{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
       Flat({{"a", "1"}, {"b", "12"}, {"c", "23"}, {"d", "30"}})},
      {{"ZINTERSTORE", "d", "2", "z1", "z2", "WEIGHTS", "2", "1", "AGGREGATE", "MAX"}, Int(2)},
      {{"ZRANGE", "d", "0", "-1", "WITHSCORES"}, Flat({{"b", "10"}, {"c", "20"}})},
      {{"ZDIFFSTORE", "d", "2", "z2", "z1"}, Int(1)},
      {{"ZRANGE", "d", "0", "-1", "WITHSCORES"}, Flat({{"d", "30"}})},
      // Sets in, a sorted set out.
      {{"ZUNIONSTORE", "fromset", "1", "s"}, Int(3)},
      {{"TYPE", "fromset"}, "+zset\r\n"},
      {{"ZRANGE", "fromset", "0", "-1", "WITHSCORES"}, Flat({{"a", "1"}, {"b", "1"}, {"x", "1"}})},
      {{"ZCARD", "fromset"}, Int(3)},
      {{"ZRANK", "fromset", "x"}, Int(2)},
      {{"ZRANGEBYSCORE", "fromset", "(0", "1"}, BulkArray({"a", "b", "x"})},
  }));
}

// The inputs are read whole before the destination is written, so the destination may be
// one of them; it loses its old members, and its expiry, to the result.
TEST_F(RedisZSetStore, StoreOntoOneOfItsSources) {
  ExpectOnBoth(WithInputs({
      {{"EXPIRE", "z1", "100"}, Int(1)},
      {{"ZINTERSTORE", "z1", "2", "z1", "z2"}, Int(2)},
      {{"ZRANGE", "z1", "0", "-1", "WITHSCORES"}, Flat({{"b", "12"}, {"c", "23"}})},
      {{"TTL", "z1"}, Int(-1)},
      {{"ZUNIONSTORE", "z2", "2", "z2", "z2", "WEIGHTS", "1", "-1"}, Int(3)},
      {{"ZRANGE", "z2", "0", "-1", "WITHSCORES"}, Flat({{"b", "0"}, {"c", "0"}, {"d", "0"}})},
      {{"ZDIFFSTORE", "z2", "2", "z2", "z1"}, Int(1)},
      {{"ZRANGE", "z2", "0", "-1", "WITHSCORES"}, Flat({{"d", "0"}})},
      // A set replaced by a sorted set computed from it.
      {{"ZUNIONSTORE", "s", "1", "s", "WEIGHTS", "2"}, Int(3)},
      {{"TYPE", "s"}, "+zset\r\n"},
      {{"ZRANGE", "s", "0", "-1", "WITHSCORES"}, Flat({{"a", "2"}, {"b", "2"}, {"x", "2"}})},
      {{"SISMEMBER", "s", "a"}, kWrongType},
  }));
}

// Redis never type-checks the destination: a string, a hash or a list is replaced, its
// expiry with it.
TEST_F(RedisZSetStore, StoreOntoAKeyOfAnotherType) {
  ExpectOnBoth(WithInputs({
      {{"SET", "str", "v", "EX", "100"}, kOk},
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"RPUSH", "l", "a", "b"}, Int(2)},
      {{"ZUNIONSTORE", "str", "1", "z1"}, Int(3)},
      {{"TYPE", "str"}, "+zset\r\n"},
      {{"TTL", "str"}, Int(-1)},
      {{"ZRANGE", "str", "0", "-1", "WITHSCORES"}, Flat({{"a", "1"}, {"b", "2"}, {"c", "3"}})},
      {{"GET", "str"}, kWrongType},
      {{"ZINTERSTORE", "h", "2", "z1", "z2"}, Int(2)},
      {{"TYPE", "h"}, "+zset\r\n"},
      {{"HGET", "h", "f"}, kWrongType},
      {{"ZDIFFSTORE", "l", "1", "s"}, Int(3)},
      {{"ZRANGE", "l", "0", "-1"}, BulkArray({"a", "b", "x"})},
      {{"LLEN", "l"}, kWrongType},
      {{"DBSIZE"}, Int(6)},
  }));
}

// An empty result deletes the destination, whatever it held, and replies 0.
TEST_F(RedisZSetStore, AnEmptyResultDeletesTheDestination) {
  ExpectOnBoth(WithInputs({
      {{"SET", "str", "v"}, kOk},
      {{"ZINTERSTORE", "str", "2", "z1", "nokey"}, Int(0)},
      {{"EXISTS", "str"}, Int(0)},
      {{"ZUNIONSTORE", "d", "1", "z2"}, Int(3)},
      {{"ZDIFFSTORE", "d", "2", "z2", "z2"}, Int(0)},
      {{"EXISTS", "d"}, Int(0)},
      {{"ZUNIONSTORE", "d", "2", "nokey", "nokey2"}, Int(0)},
      {{"EXISTS", "d"}, Int(0)},
      {{"ZINTERSTORE", "z1", "2", "z1", "s", "WEIGHTS", "1", "1"}, Int(2)},
      {{"ZINTERSTORE", "z1", "2", "z1", "z2", "AGGREGATE", "MIN"}, Int(1)},
      {{"ZDIFFSTORE", "z1", "2", "z1", "z2"}, Int(0)},
      {{"EXISTS", "z1"}, Int(0)},
      {{"DBSIZE"}, Int(2)},
      // The key can hold a sorted set again.
      {{"ZADD", "z1", "7", "new"}, Int(1)},
      {{"ZRANGE", "z1", "0", "-1", "WITHSCORES"}, Flat({{"new", "7"}})},
  }));
}

// A stored result is a whole sorted set: its members, its scores and its order survive a
// restart, and it answers every range.
TEST_F(RedisZSetStore, AStoredResultIsAWholeSortedSet) {
  TestClient before(port());
  ExpectReplies(before, WithInputs({
                            {{"ZUNIONSTORE", "d", "3", "z1", "z2", "s"}, Int(5)},
                            {{"ZADD", "d", "0", "new"}, Int(1)},
                            {{"ZREM", "d", "c"}, Int(1)},
                        }));
  Restart();
  ExpectReplies(port(),
                {
                    {{"ZRANGE", "d", "0", "-1", "WITHSCORES"},
                     Flat({{"new", "0"}, {"x", "1"}, {"a", "2"}, {"b", "13"}, {"d", "30"}})},
                    {{"ZREVRANK", "d", "x"}, Int(3)},
                    {{"ZCOUNT", "d", "1", "13"}, Int(3)},
                    {{"ZSCORE", "d", "c"}, kNil},
                });
}

// ---- ZINTERCARD ----

TEST_F(RedisZSetStore, ZintercardCountsTheIntersectionUpToTheLimit) {
  ExpectOnBoth(WithInputs({
      {{"ZINTERCARD", "2", "z1", "z2"}, Int(2)},
      {{"ZINTERCARD", "1", "z1"}, Int(3)},
      {{"ZINTERCARD", "2", "z1", "s"}, Int(2)},
      {{"ZINTERCARD", "3", "z1", "z2", "s"}, Int(1)},
      {{"ZINTERCARD", "2", "z1", "nokey"}, Int(0)},
      {{"ZINTERCARD", "1", "nokey"}, Int(0)},
      {{"ZINTERCARD", "2", "z1", "z2", "LIMIT", "1"}, Int(1)},
      {{"ZINTERCARD", "2", "z1", "z2", "limit", "0"}, Int(2)},  // 0: no limit
      {{"ZINTERCARD", "2", "z1", "z2", "LIMIT", "5"}, Int(2)},
      {{"ZINTERCARD", "2", "z1", "z2", "LIMIT", "1", "LIMIT", "5"}, Int(2)},
      {{"ZINTERCARD", "2", "z1", "z2", "LIMIT", "-1"}, kNegativeLimit},
      {{"ZINTERCARD", "2", "z1", "z2", "LIMIT", "x"}, kNegativeLimit},
      {{"ZINTERCARD", "2", "z1", "z2", "LIMIT"}, kSyntax},
      {{"ZINTERCARD", "2", "z1", "z2", "WITHSCORES"}, kSyntax},
      {{"ZINTERCARD", "2", "z1", "z2", "WEIGHTS", "1", "1"}, kSyntax},
      {{"ZINTERCARD", "2", "z1", "z2", "AGGREGATE", "MIN"}, kSyntax},
  }));
}

// ---- RESP3 ----

TEST_F(RedisZSetStore, Resp3RepliesScoresAsDoublesInPairs) {
  ExpectOnBothInResp3(WithInputs({
      {{"ZUNION", "3", "z1", "z2", "s", "WITHSCORES"},
       Pairs({{"x", "1"}, {"a", "2"}, {"b", "13"}, {"c", "23"}, {"d", "30"}})},
      {{"ZUNION", "2", "z1", "z2"}, BulkArray({"a", "b", "c", "d"})},
      {{"ZINTER", "2", "z1", "z2", "WEIGHTS", "0.1", "1", "WITHSCORES"},
       Pairs({{"b", "10.199999999999999"}, {"c", "20.300000000000001"}})},
      {{"ZDIFF", "2", "z2", "z1", "WITHSCORES"}, Pairs({{"d", "30"}})},
      {{"ZUNION", "1", "nokey", "WITHSCORES"}, kEmpty},
      {{"ZUNIONSTORE", "d", "1", "z1", "WEIGHTS", "-inf"}, Int(3)},
      {{"ZRANGE", "d", "0", "0", "WITHSCORES"}, Pairs({{"a", "-inf"}})},
      {{"ZINTERCARD", "2", "z1", "s"}, Int(2)},
  }));
}

// ---- ZRANDMEMBER ----

// Keys of one member, so every reply is fixed; the errors, in Redis's order: the count, the
// option, the range of the count, then the key.
TEST_F(RedisZSetStore, ZrandmemberRepliesAndErrorsAsRedis) {
  ExpectOnBoth({
      {{"ZADD", "one", "2.5", "m"}, Int(1)},
      {{"SET", "str", "v"}, kOk},
      {{"SADD", "s", "m"}, Int(1)},
      {{"ZRANDMEMBER", "one"}, Bulk("m")},
      {{"ZRANDMEMBER", "one", "1"}, BulkArray({"m"})},
      {{"ZRANDMEMBER", "one", "5"}, BulkArray({"m"})},
      {{"ZRANDMEMBER", "one", "-3"}, BulkArray({"m", "m", "m"})},
      {{"ZRANDMEMBER", "one", "2", "WITHSCORES"}, Flat({{"m", "2.5"}})},
      {{"ZRANDMEMBER", "one", "-2", "withscores"}, Flat({{"m", "2.5"}, {"m", "2.5"}})},
      {{"ZRANDMEMBER", "one", "0"}, kEmpty},
      {{"ZRANDMEMBER", "one", "0", "WITHSCORES"}, kEmpty},
      {{"ZRANDMEMBER", "nokey"}, kNil},
      {{"ZRANDMEMBER", "nokey", "5"}, kEmpty},
      {{"ZRANDMEMBER", "nokey", "-5", "WITHSCORES"}, kEmpty},
      {{"ZRANDMEMBER", "one", "x"}, kNotInteger},
      {{"ZRANDMEMBER", "one", "1.5"}, kNotInteger},
      {{"ZRANDMEMBER", "one", "WITHSCORES"}, kNotInteger},
      {{"ZRANDMEMBER", "one", "-9223372036854775808"}, kCountRange},
      {{"ZRANDMEMBER", "one", "1", "WITHVALUES"}, kSyntax},
      {{"ZRANDMEMBER", "one", "1", "WITHSCORES", "x"}, kSyntax},
      {{"ZRANDMEMBER", "one", "4611686018427387903", "WITHSCORES"}, Flat({{"m", "2.5"}})},
      {{"ZRANDMEMBER", "one", "4611686018427387904", "WITHSCORES"}, kValueRange},
      {{"ZRANDMEMBER", "one", "-4611686018427387904", "WITHSCORES"}, kValueRange},
      {{"ZRANDMEMBER", "one", "9223372036854775807", "WITHSCORES"}, kValueRange},
      {{"ZRANDMEMBER", "str"}, kWrongType},
      {{"ZRANDMEMBER", "s", "1"}, kWrongType},
      {{"ZRANDMEMBER", "str", "x"}, kNotInteger},
      {{"ZRANDMEMBER", "str", "1", "bogus"}, kSyntax},
      {{"ZRANDMEMBER", "nokey", "1", "bogus"}, kSyntax},
      {{"ZRANDMEMBER"}, WrongArity("zrandmember")},
  });
  ExpectOnBothInResp3({
      {{"ZADD", "ninf", "-inf", "m"}, Int(1)},
      {{"ZRANDMEMBER", "ninf", "1", "WITHSCORES"}, Pairs({{"m", "-inf"}})},
      {{"ZRANDMEMBER", "ninf", "-2", "WITHSCORES"}, Pairs({{"m", "-inf"}, {"m", "-inf"}})},
      {{"ZRANDMEMBER", "ninf", "1"}, BulkArray({"m"})},
      {{"ZRANDMEMBER", "nokey"}, "_\r\n"},
  });
}

// Random picks, checked by what must hold whatever was picked, on a small set (Redis's
// listpack, read whole here) and on one of 200 members (a skiplist in Redis, picked by seeks
// into the hash space here): every member belongs, with its own score; a positive count gives
// distinct members, as many as asked and as the set holds; a negative count gives exactly
// that many picks.
TEST_F(RedisZSetStore, ZrandmemberPicksMembersWithTheirScores) {
  ForBoth([&](TestClient& client, const std::string& server) {
    for (const int size : {20, 200}) {
      SCOPED_TRACE(server + ", " + std::to_string(size) + " members");
      const std::string key = "z" + std::to_string(size);
      const std::map<std::string, std::string> scores = AddNumbered(client, key, size);
      for (const long long count :
           {1LL, 7LL, size - 1LL, size + 0LL, size + 5LL, -1LL, -9LL, -3LL * size}) {
        const bool distinct = count > 0;
        const auto expected =
            static_cast<size_t>(distinct ? std::min<long long>(count, size) : -count);
        ASSERT_TRUE(client.Send(Resp({"ZRANDMEMBER", key, std::to_string(count)})));
        const std::vector<std::string> members = Texts(ReadReply(client));
        ASSERT_TRUE(client.Send(Resp({"ZRANDMEMBER", key, std::to_string(count), "WITHSCORES"})));
        const std::vector<std::string> flat = Texts(ReadReply(client));
        ASSERT_EQ(members.size(), expected) << "ZRANDMEMBER " << key << " " << count;
        ASSERT_EQ(flat.size(), 2 * expected)
            << "ZRANDMEMBER " << key << " " << count << " WITHSCORES";
        for (const std::string& member : members) {
          EXPECT_TRUE(scores.contains(member)) << "a stranger: " << member;
        }
        for (size_t i = 0; i < flat.size(); i += 2) {
          const auto found = scores.find(flat[i]);
          ASSERT_NE(found, scores.end()) << "a stranger: " << flat[i];
          EXPECT_EQ(flat[i + 1], found->second) << "the score of " << flat[i];
        }
        if (distinct) {
          EXPECT_EQ(std::set<std::string>(members.begin(), members.end()).size(), expected)
              << "ZRANDMEMBER " << key << " " << count << " repeated a member";
          std::set<std::string> picked;
          for (size_t i = 0; i < flat.size(); i += 2) picked.insert(flat[i]);
          EXPECT_EQ(picked.size(), expected)
              << "ZRANDMEMBER " << key << " " << count << " WITHSCORES repeated a member";
        }
      }
      // Without a count: one member of the set.
      ASSERT_TRUE(client.Send(Resp({"ZRANDMEMBER", key})));
      EXPECT_TRUE(scores.contains(ReadReply(client).text));
    }
  });
}

// Over many picks, every member of a small set comes out, and a negative count repeats.
TEST_F(RedisZSetStore, ZrandmemberReachesEveryMember) {
  ForBoth([&](TestClient& client) {
    ASSERT_TRUE(
        client.Exchange(Resp({"ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d"}), Int(4)));
    std::set<std::string> seen;
    for (int i = 0; i < 50 && seen.size() < 4; ++i) {
      ASSERT_TRUE(client.Send(Resp({"ZRANDMEMBER", "k"})));
      seen.insert(ReadReply(client).text);
    }
    EXPECT_EQ(seen, (std::set<std::string>{"a", "b", "c", "d"}));
    ASSERT_TRUE(client.Send(Resp({"ZRANDMEMBER", "k", "-40"})));
    const std::vector<std::string> picks = Texts(ReadReply(client));
    EXPECT_LT(std::set<std::string>(picks.begin(), picks.end()).size(), picks.size())
        << "40 picks among 4 members never repeated one";
  });
}

// ---- ZSCAN ----

// Keys of one member, so every reply is fixed. The scores are text, bulk strings in RESP3
// too, printed as Redis prints a score. Redis's order of the checks: the cursor, the key, then
// the options (a missing key replies an empty last page whatever they say).
TEST_F(RedisZSetStore, ZscanRepliesAndErrorsAsRedis) {
  ExpectOnBoth({
      {{"ZADD", "one", "0.1", "m"}, Int(1)},
      {{"ZADD", "inf", "-inf", "n"}, Int(1)},
      {{"SET", "str", "v"}, kOk},
      {{"SADD", "s", "m"}, Int(1)},
      {{"ZSCAN", "one", "0"}, "*2\r\n" + Bulk("0") + Flat({{"m", "0.10000000000000001"}})},
      {{"ZSCAN", "inf", "0", "COUNT", "1"}, "*2\r\n" + Bulk("0") + Flat({{"n", "-inf"}})},
      {{"ZSCAN", "one", "0", "MATCH", "m*"},
       "*2\r\n" + Bulk("0") + Flat({{"m", "0.10000000000000001"}})},
      {{"ZSCAN", "one", "0", "match", "x*", "count", "100"}, "*2\r\n" + Bulk("0") + kEmpty},
      {{"ZSCAN", "nokey", "0"}, "*2\r\n" + Bulk("0") + kEmpty},
      {{"ZSCAN", "nokey", "0", "COUNT", "0"}, "*2\r\n" + Bulk("0") + kEmpty},
      {{"ZSCAN", "one", "x"}, kInvalidCursor},
      {{"ZSCAN", "nokey", "x"}, kInvalidCursor},
      {{"ZSCAN", "str", "x"}, kInvalidCursor},
      {{"ZSCAN", "str", "0"}, kWrongType},
      {{"ZSCAN", "s", "0"}, kWrongType},
      {{"ZSCAN", "one", "0", "COUNT", "0"}, kSyntax},
      {{"ZSCAN", "one", "0", "COUNT", "x"}, kNotInteger},
      {{"ZSCAN", "one", "0", "MATCH"}, kSyntax},
      {{"ZSCAN", "one", "0", "TYPE", "zset"}, kSyntax},
      {{"ZSCAN", "one", "0", "NOVALUES"}, kSyntax},
      {{"ZSCAN", "one"}, WrongArity("zscan")},
  });
  ExpectOnBothInResp3({
      {{"ZADD", "two", "2.5", "m"}, Int(1)},
      {{"ZSCAN", "two", "0"}, "*2\r\n" + Bulk("0") + Flat({{"m", "2.5"}})},
  });
}

// A full iteration, a few members at a time, returns every member with its own score: here
// exactly once (a cursor is a position in the members' order), in Redis at least once. MATCH
// filters, COUNT bounds a page here (Redis replies a small set whole).
TEST_F(RedisZSetStore, ZscanIteratesOverEveryMemberWithItsScore) {
  ForBoth([&](TestClient& client, const std::string& server) {
    const std::map<std::string, std::string> scores = AddNumbered(client, "k", 150);
    for (const std::vector<std::string>& options : std::vector<std::vector<std::string>>{
             {"COUNT", "7"}, {}, {"MATCH", "m1*", "COUNT", "20"}}) {
      const bool matching = !options.empty() && options[0] == "MATCH";
      std::map<std::string, int> returned;
      std::string cursor = "0";
      int calls = 0;
      do {
        std::vector<std::string> request = {"ZSCAN", "k", cursor};
        request.insert(request.end(), options.begin(), options.end());
        ASSERT_TRUE(client.Send(Resp(request)));
        const Reply page = ReadReply(client);
        ASSERT_EQ(page.items.size(), 2u) << server;
        cursor = page.items[0].text;
        const std::vector<std::string> flat = Texts(page.items[1]);
        ASSERT_EQ(flat.size() % 2, 0u) << server;
        if (server == "stepdb" && !options.empty() && !matching) {
          EXPECT_LE(flat.size(), 2u * 7) << "more members than COUNT";
        }
        for (size_t i = 0; i < flat.size(); i += 2) {
          const auto found = scores.find(flat[i]);
          ASSERT_NE(found, scores.end()) << server << ": a stranger: " << flat[i];
          EXPECT_EQ(flat[i + 1], found->second) << server << ": the score of " << flat[i];
          ++returned[flat[i]];
        }
      } while (cursor != "0" && ++calls < 1000);
      ASSERT_EQ(cursor, "0") << server << ": the iteration did not end";
      size_t expected = 0;
      for (const auto& [member, score] : scores) {
        if (matching && member.rfind("m1", 0) != 0) {
          EXPECT_FALSE(returned.contains(member)) << server << ": MATCH let " << member << " by";
          continue;
        }
        ++expected;
        EXPECT_TRUE(returned.contains(member)) << server << ": never returned " << member;
        if (server == "stepdb") {
          EXPECT_EQ(returned[member], 1) << "returned " << member << " more than once";
        }
      }
      EXPECT_EQ(returned.size(), expected) << server;
    }
  });
}

// ---- The command table ----

// COMMAND INFO and DOCS as Redis 7.0 has them, but for one flag: Redis marks the commands
// whose keys follow numkeys "movablekeys", a flag this server's table does not have.
TEST_F(RedisZSetStore, CommandInfoAndDocsDescribeEachCommand) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"zunion -3 [readonly] 0 0 0", "6.2.0 Add multiple sorted sets"},
      {"zinter -3 [readonly] 0 0 0", "6.2.0 Intersect multiple sorted sets"},
      {"zdiff -3 [readonly] 0 0 0", "6.2.0 Subtract multiple sorted sets"},
      {"zunionstore -4 [write denyoom] 1 1 1",
       "2.0.0 Add multiple sorted sets and store the resulting sorted set in a new key"},
      {"zinterstore -4 [write denyoom] 1 1 1",
       "2.0.0 Intersect multiple sorted sets and store the resulting sorted set in a new key"},
      {"zdiffstore -4 [write denyoom] 1 1 1",
       "6.2.0 Subtract multiple sorted sets and store the resulting sorted set in a new key"},
      {"zintercard -3 [readonly] 0 0 0",
       "7.0.0 Intersect multiple sorted sets and return the cardinality of the result"},
      {"zrandmember -2 [readonly] 1 1 1",
       "6.2.0 Get one or multiple random elements from a sorted set"},
      {"zscan -3 [readonly] 1 1 1",
       "2.8.0 Incrementally iterate sorted sets elements and associated scores"},
  };
  ForBoth([&](TestClient& client, const std::string& server) {
    for (const auto& [info, docs] : expected) {
      const std::string name = info.substr(0, info.find(' '));
      ASSERT_TRUE(client.Send(Resp({"COMMAND", "INFO", name})));
      const Reply reply = ReadReply(client);
      ASSERT_EQ(reply.items.size(), 1u) << server << ": " << name;
      const std::vector<Reply>& fields = reply.items[0].items;
      ASSERT_GE(fields.size(), 7u) << server << ": " << name;
      std::string flags;
      for (const std::string& flag : Texts(fields[2])) {
        if (flag != "movablekeys") flags += (flags.empty() ? "" : " ") + flag;
      }
      EXPECT_EQ(fields[0].text + " " + fields[1].text + " [" + flags + "] " + fields[3].text + " " +
                    fields[4].text + " " + fields[5].text,
                info)
          << server;
      const bool write = info.find("write") != std::string::npos;
      EXPECT_EQ(Texts(fields[6]),
                (std::vector<std::string>{write ? "@write" : "@read", "@sortedset", "@slow"}))
          << server << ": " << name;
      ASSERT_TRUE(client.Send(Resp({"COMMAND", "DOCS", name})));
      const Reply doc = ReadReply(client);
      ASSERT_EQ(doc.items.size(), 2u) << server << ": " << name;
      std::map<std::string, std::string> fields_of_doc;
      const std::vector<Reply>& pairs = doc.items[1].items;
      for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
        fields_of_doc[pairs[i].text] = pairs[i + 1].text;
      }
      EXPECT_EQ(fields_of_doc["since"] + " " + fields_of_doc["summary"], docs) << server;
    }
  });
}

// ---- In-process: which lookups count ----

// Every input is a read (a keyspace hit or a miss), as Redis's lookupKeyRead counts it; the
// destination of a STORE form is looked up to be written, and counts nothing.
TEST_F(RedisZSetStore, InputsCountAsKeyspaceReadsAndTheDestinationDoesNot) {
  CommandHarness harness(Stage10Parts());
  ASSERT_EQ(harness.Run({"ZADD", "z", "1", "a", "2", "b"}), Int(2));
  ASSERT_EQ(harness.Run({"SADD", "s", "a"}), Int(1));
  const std::vector<std::pair<std::vector<std::string>, std::pair<int, int>>> cases = {
      {{"ZUNION", "3", "z", "s", "nokey"}, {2, 1}},
      {{"ZINTER", "2", "nokey", "z"}, {1, 1}},
      {{"ZDIFF", "2", "z", "z"}, {2, 0}},
      {{"ZINTERCARD", "2", "z", "s", "LIMIT", "1"}, {2, 0}},
      {{"ZUNIONSTORE", "z", "2", "z", "s"}, {2, 0}},
      {{"ZINTERSTORE", "dst", "1", "nokey"}, {0, 1}},
      {{"ZDIFFSTORE", "dst", "1", "s"}, {1, 0}},
      {{"ZRANDMEMBER", "z"}, {1, 0}},
      {{"ZRANDMEMBER", "nokey", "3", "WITHSCORES"}, {0, 1}},
      {{"ZSCAN", "z", "0"}, {1, 0}},
      {{"ZSCAN", "nokey", "0"}, {0, 1}},
  };
  for (const auto& [request, counts] : cases) {
    const uint64_t hits = harness.stats().keyspace_hits;
    const uint64_t misses = harness.stats().keyspace_misses;
    const std::string reply = harness.Run(request);
    EXPECT_NE(reply[0], '-') << request[0] << ": " << reply;
    EXPECT_EQ(harness.stats().keyspace_hits - hits, static_cast<uint64_t>(counts.first))
        << request[0];
    EXPECT_EQ(harness.stats().keyspace_misses - misses, static_cast<uint64_t>(counts.second))
        << request[0];
  }
}

}  // namespace
}  // namespace stepdb
