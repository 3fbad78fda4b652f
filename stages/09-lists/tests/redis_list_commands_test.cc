// The list commands (redis_list_commands.h), black-box over a socket against stepdb-stage09.
//
// A list's replies have a fixed order, so every expectation is exact bytes, and every table
// runs on this server and, when it is installed, on redis-server 7.0, where each expected
// reply came from. Longer scenarios (a list of thousands of elements, edits in the middle of
// hundreds) compute what the list must hold with a std::vector beside it and compare LRANGE's
// bytes with it, on both servers too. What the wire cannot show (which lookups count as
// keyspace reads, a list at the edge of its position space) is checked in-process.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/testkit/status_matchers.h"
#include "keyspace.h"
#include "list_encoding.h"
#include "list_server.h"
#include "redis_command_test_support.h"
#include "value_envelope.h"

namespace stepdb {
namespace {

using testkit::TestClient;

const std::string kNoSuchKey = Err("ERR no such key");
const std::string kOutOfRange = Err("ERR index out of range");
const std::string kRankZero =
    Err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
        "use negative to start from the end of the list");
const std::string kCountNegative = Err("ERR COUNT can't be negative");
const std::string kMaxlenNegative = Err("ERR MAXLEN can't be negative");
const std::string kEmpty = "*0\r\n";

// `command` key followed by elements: a push request.
std::vector<std::string> Push(std::string command, std::string key,
                              const std::vector<std::string>& elements) {
  std::vector<std::string> request = {std::move(command), std::move(key)};
  request.insert(request.end(), elements.begin(), elements.end());
  return request;
}

class RedisList : public RedisOracleTest {};

TEST_F(RedisList, PushesReplyTheLengthAndPushOneElementAfterAnother) {
  ExpectOnBoth({
      {{"LPUSH", "k", "a", "b", "c"}, Int(3)},  // c is pushed last: it is the head
      {{"RPUSH", "k", "d", "e"}, Int(5)},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"c", "b", "a", "d", "e"})},
      {{"LPUSHX", "k", "z"}, Int(6)},
      {{"RPUSHX", "k", "y", "z"}, Int(8)},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"z", "c", "b", "a", "d", "e", "y", "z"})},
      // The X forms push only onto a list that exists.
      {{"LPUSHX", "nokey", "a"}, Int(0)},
      {{"RPUSHX", "nokey", "a", "b"}, Int(0)},
      {{"EXISTS", "nokey"}, Int(0)},
      {{"RPUSH", "fresh", ""}, Int(1)},  // the empty element is an element
      {{"LRANGE", "fresh", "0", "-1"}, BulkArray({""})},
      {{"TYPE", "fresh"}, "+list\r\n"},
  });
}

TEST_F(RedisList, PopsTakeOneElementOrAnArrayOfCount) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "c", "d", "e", "f"}, Int(6)},
      {{"LPOP", "k"}, Bulk("a")},
      {{"RPOP", "k"}, Bulk("f")},
      {{"LPOP", "k", "2"}, BulkArray({"b", "c"})},
      {{"RPOP", "k", "1"}, BulkArray({"e"})},  // a count asks for an array, even of one
      {{"LPOP", "k", "0"}, kEmpty},
      {{"LLEN", "k"}, Int(1)},
      {{"RPOP", "k", "100"}, BulkArray({"d"})},  // up to count: the last element takes the key
      {{"EXISTS", "k"}, Int(0)},
      {{"RPUSH", "k", "a", "b", "c"}, Int(3)},
      {{"RPOP", "k", "2"}, BulkArray({"c", "b"})},  // from the tail inwards
      {{"LPOP", "k"}, Bulk("a")},
      {{"EXISTS", "k"}, Int(0)},
      // A missing key: nil without a count, a null array with one (even a count of 0).
      {{"LPOP", "nokey"}, kNil},
      {{"RPOP", "nokey"}, kNil},
      {{"LPOP", "nokey", "1"}, kNullArray},
      {{"RPOP", "nokey", "0"}, kNullArray},
      // The count is read before the key: anything but a non-negative integer is "out of
      // range", even a word, and even on a missing key or a key of another type.
      {{"SET", "str", "x"}, kOk},
      {{"RPUSH", "k", "a"}, Int(1)},
      {{"LPOP", "k", "-1"}, kNotPositive},
      {{"LPOP", "k", "abc"}, kNotPositive},
      {{"RPOP", "nokey", "-1"}, kNotPositive},
      {{"LPOP", "str", "abc"}, kNotPositive},
      {{"LPOP", "k", "9223372036854775808"}, kNotPositive},
      {{"LPOP", "str", "1"}, kWrongType},
      {{"LPOP", "k", "1", "2"}, WrongArity("lpop")},
      {{"RPOP", "k", "1", "2"}, WrongArity("rpop")},
      {{"LLEN", "k"}, Int(1)},
  });
}

TEST_F(RedisList, Resp3RepliesNullWhereResp2HasANilOrANullArray) {
  ForBoth([&](TestClient& client) {
    SwitchToResp3(client);
    ASSERT_TRUE(client.Exchange(Resp({"LPOP", "nokey"}), "_\r\n"));
    ASSERT_TRUE(client.Exchange(Resp({"LPOP", "nokey", "1"}), "_\r\n"));
    ASSERT_TRUE(client.Exchange(Resp({"RPOP", "nokey", "0"}), "_\r\n"));
    ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "nokey", "0"}), "_\r\n"));
    ASSERT_TRUE(client.Exchange(Resp({"LPOS", "nokey", "a"}), "_\r\n"));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "nokey", "0", "-1"}), kEmpty));
    ASSERT_TRUE(client.Exchange(Resp({"LPOS", "nokey", "a", "COUNT", "0"}), kEmpty));
    ASSERT_TRUE(client.Exchange(Resp({"RPUSH", "k", "a", "b"}), Int(2)));
    ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "k", "5"}), "_\r\n"));
    ASSERT_TRUE(client.Exchange(Resp({"LPOS", "k", "zz"}), "_\r\n"));
    ASSERT_TRUE(client.Exchange(Resp({"LPOP", "k", "0"}), kEmpty));
    // A count asks for an array, as in RESP2.
    ASSERT_TRUE(client.Exchange(Resp({"RPOP", "k", "1"}), BulkArray({"b"})));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "k", "0", "-1"}), BulkArray({"a"})));
  });
}

TEST_F(RedisList, LlenAndLindexCountNegativeIndexesFromTheTail) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "c", "d", "e"}, Int(5)},
      {{"LLEN", "k"}, Int(5)},
      {{"LLEN", "nokey"}, Int(0)},
      {{"LINDEX", "k", "0"}, Bulk("a")},
      {{"LINDEX", "k", "2"}, Bulk("c")},
      {{"LINDEX", "k", "4"}, Bulk("e")},
      {{"LINDEX", "k", "5"}, kNil},
      {{"LINDEX", "k", "-1"}, Bulk("e")},
      {{"LINDEX", "k", "-5"}, Bulk("a")},
      {{"LINDEX", "k", "-6"}, kNil},
      {{"LINDEX", "k", "9223372036854775807"}, kNil},
      {{"LINDEX", "k", "-9223372036854775808"}, kNil},
      {{"LINDEX", "nokey", "0"}, kNil},
      // The key is looked up before the index is read.
      {{"LINDEX", "k", "abc"}, kNotInteger},
      {{"LINDEX", "k", "9223372036854775808"}, kNotInteger},
      {{"LINDEX", "nokey", "abc"}, kNil},
      {{"SET", "str", "x"}, kOk},
      {{"LINDEX", "str", "abc"}, kWrongType},
  });
}

TEST_F(RedisList, LsetReplacesAnElementByIndex) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "c", "d", "e"}, Int(5)},
      {{"LSET", "k", "0", "A"}, kOk},
      {{"LSET", "k", "-1", "E"}, kOk},
      {{"LSET", "k", "2", "C"}, kOk},
      {{"LSET", "k", "-4", "B"}, kOk},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"A", "B", "C", "d", "E"})},
      {{"LSET", "k", "5", "x"}, kOutOfRange},
      {{"LSET", "k", "-6", "x"}, kOutOfRange},
      {{"LSET", "k", "-9223372036854775808", "x"}, kOutOfRange},
      {{"LSET", "k", "abc", "x"}, kNotInteger},
      // The key is looked up before the index is read.
      {{"LSET", "nokey", "0", "x"}, kNoSuchKey},
      {{"LSET", "nokey", "abc", "x"}, kNoSuchKey},
      {{"SET", "str", "x"}, kOk},
      {{"LSET", "str", "abc", "x"}, kWrongType},
      {{"EXISTS", "nokey"}, Int(0)},
      {{"LLEN", "k"}, Int(5)},
  });
}

TEST_F(RedisList, LrangeTakesNegativeBoundsAndClampsThem) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "c", "d", "e"}, Int(5)},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"a", "b", "c", "d", "e"})},
      {{"LRANGE", "k", "1", "3"}, BulkArray({"b", "c", "d"})},
      {{"LRANGE", "k", "1", "-2"}, BulkArray({"b", "c", "d"})},
      {{"LRANGE", "k", "-2", "-1"}, BulkArray({"d", "e"})},
      {{"LRANGE", "k", "2", "2"}, BulkArray({"c"})},
      {{"LRANGE", "k", "0", "-5"}, BulkArray({"a"})},
      // Past either end: clamped.
      {{"LRANGE", "k", "-100", "100"}, BulkArray({"a", "b", "c", "d", "e"})},
      {{"LRANGE", "k", "3", "9223372036854775807"}, BulkArray({"d", "e"})},
      {{"LRANGE", "k", "-9223372036854775808", "1"}, BulkArray({"a", "b"})},
      // Empty: start after stop, start past the tail, stop before the head.
      {{"LRANGE", "k", "2", "1"}, kEmpty},
      {{"LRANGE", "k", "-1", "-2"}, kEmpty},
      {{"LRANGE", "k", "5", "10"}, kEmpty},
      {{"LRANGE", "k", "0", "-6"}, kEmpty},
      {{"LRANGE", "k", "-100", "-6"}, kEmpty},
      {{"LRANGE", "nokey", "0", "-1"}, kEmpty},
      // The bounds are read before the key.
      {{"SET", "str", "x"}, kOk},
      {{"LRANGE", "k", "abc", "1"}, kNotInteger},
      {{"LRANGE", "k", "0", "1.5"}, kNotInteger},
      {{"LRANGE", "str", "abc", "1"}, kNotInteger},
      {{"LRANGE", "nokey", "0", "x"}, kNotInteger},
      {{"LRANGE", "str", "0", "1"}, kWrongType},
  });
}

TEST_F(RedisList, LinsertPutsTheElementBeforeOrAfterTheFirstPivot) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "c", "b"}, Int(4)},
      {{"LINSERT", "k", "BEFORE", "b", "x"}, Int(5)},  // the first b from the head
      {{"LINSERT", "k", "after", "b", "y"}, Int(6)},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"a", "x", "b", "y", "c", "b"})},
      {{"LINSERT", "k", "Before", "a", "head"}, Int(7)},
      {{"LINSERT", "k", "AFTER", "c", "z"}, Int(8)},
      {{"LINSERT", "k", "after", "b", "tail"}, Int(9)},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"head", "a", "x", "b", "tail", "y", "c", "z", "b"})},
      // No pivot: -1; no key: 0; neither creates anything.
      {{"LINSERT", "k", "BEFORE", "zz", "x"}, Int(-1)},
      {{"LINSERT", "nokey", "BEFORE", "b", "x"}, Int(0)},
      {{"EXISTS", "nokey"}, Int(0)},
      {{"LLEN", "k"}, Int(9)},
      // BEFORE|AFTER is checked before the key.
      {{"SET", "str", "x"}, kOk},
      {{"LINSERT", "k", "middle", "b", "x"}, kSyntax},
      {{"LINSERT", "nokey", "middle", "b", "x"}, kSyntax},
      {{"LINSERT", "str", "middle", "b", "x"}, kSyntax},
      {{"LINSERT", "str", "BEFORE", "b", "x"}, kWrongType},
  });
}

TEST_F(RedisList, LremRemovesFromTheHeadTheTailOrEverywhere) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "a", "c", "a", "d", "a"}, Int(7)},
      {{"LREM", "k", "2", "a"}, Int(2)},  // the first two from the head
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"b", "c", "a", "d", "a"})},
      {{"LREM", "k", "-1", "a"}, Int(1)},  // the last one
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"b", "c", "a", "d"})},
      {{"RPUSH", "k", "a", "b", "a"}, Int(7)},
      {{"LREM", "k", "0", "a"}, Int(3)},  // every one
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"b", "c", "d", "b"})},
      {{"LREM", "k", "-9223372036854775808", "b"}, Int(2)},  // |count| past any list: all
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"c", "d"})},
      {{"LREM", "k", "5", "zz"}, Int(0)},
      {{"LREM", "k", "0", "c"}, Int(1)},
      {{"LREM", "k", "5", "d"}, Int(1)},  // the last element takes the key
      {{"EXISTS", "k"}, Int(0)},
      {{"LREM", "nokey", "0", "a"}, Int(0)},
      // The count is read before the key.
      {{"SET", "str", "x"}, kOk},
      {{"LREM", "nokey", "abc", "a"}, kNotInteger},
      {{"LREM", "str", "abc", "a"}, kNotInteger},
      {{"LREM", "str", "0", "a"}, kWrongType},
  });
}

TEST_F(RedisList, LtrimKeepsARangeAndAnEmptyRangeDeletesTheKey) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "c", "d", "e"}, Int(5)},
      {{"LTRIM", "k", "1", "-2"}, kOk},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"b", "c", "d"})},
      {{"LTRIM", "k", "-100", "100"}, kOk},  // clamped: everything stays
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"b", "c", "d"})},
      {{"LTRIM", "k", "1", "1"}, kOk},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"c"})},
      {{"LTRIM", "k", "5", "1"}, kOk},
      {{"EXISTS", "k"}, Int(0)},
      {{"RPUSH", "k", "a", "b", "c"}, Int(3)},
      {{"LTRIM", "k", "-1", "-2"}, kOk},
      {{"EXISTS", "k"}, Int(0)},
      {{"RPUSH", "k", "a", "b", "c"}, Int(3)},
      {{"LTRIM", "k", "3", "5"}, kOk},  // start past the tail
      {{"EXISTS", "k"}, Int(0)},
      {{"RPUSH", "k", "a", "b", "c"}, Int(3)},
      {{"LTRIM", "k", "-9223372036854775808", "9223372036854775807"}, kOk},
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"a", "b", "c"})},
      {{"LTRIM", "k", "-2", "-1"}, kOk},
      {{"RPUSH", "k", "d"}, Int(3)},  // a trimmed list grows on as any other
      {{"LRANGE", "k", "0", "-1"}, BulkArray({"b", "c", "d"})},
      {{"LTRIM", "nokey", "0", "1"}, kOk},
      {{"EXISTS", "nokey"}, Int(0)},
      // The bounds are read before the key.
      {{"SET", "str", "x"}, kOk},
      {{"LTRIM", "k", "abc", "1"}, kNotInteger},
      {{"LTRIM", "nokey", "0", "abc"}, kNotInteger},
      {{"LTRIM", "str", "abc", "1"}, kNotInteger},
      {{"LTRIM", "str", "0", "1"}, kWrongType},
  });
}

TEST_F(RedisList, LposFindsTheRankthMatchWithinMaxlen) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b", "c", "a", "b", "c", "a"}, Int(7)},
      {{"LPOS", "k", "a"}, Int(0)},
      {{"LPOS", "k", "c"}, Int(2)},
      {{"LPOS", "k", "zz"}, kNil},
      {{"LPOS", "nokey", "a"}, kNil},
      // RANK: the rank-th match, from the tail if negative; indexes still count from the head.
      {{"LPOS", "k", "a", "RANK", "2"}, Int(3)},
      {{"LPOS", "k", "a", "RANK", "-1"}, Int(6)},
      {{"LPOS", "k", "a", "rank", "-2"}, Int(3)},
      {{"LPOS", "k", "a", "RANK", "4"}, kNil},
      {{"LPOS", "k", "a", "RANK", "-4"}, kNil},
      {{"LPOS", "k", "a", "RANK", "9223372036854775807"}, kNil},
      // COUNT: an array of up to count matches from the rank-th on; 0 means all.
      {{"LPOS", "k", "a", "COUNT", "0"}, IntArray({0, 3, 6})},
      {{"LPOS", "k", "a", "COUNT", "2"}, IntArray({0, 3})},
      {{"LPOS", "k", "a", "COUNT", "10"}, IntArray({0, 3, 6})},
      {{"LPOS", "k", "a", "RANK", "2", "COUNT", "0"}, IntArray({3, 6})},
      {{"LPOS", "k", "a", "RANK", "-1", "COUNT", "0"}, IntArray({6, 3, 0})},
      {{"LPOS", "k", "a", "count", "2", "rank", "-2"}, IntArray({3, 0})},
      {{"LPOS", "k", "zz", "COUNT", "0"}, kEmpty},
      {{"LPOS", "nokey", "a", "COUNT", "1"}, kEmpty},
      // MAXLEN: compare only the first (or, with a negative RANK, the last) len elements.
      {{"LPOS", "k", "c", "MAXLEN", "2"}, kNil},
      {{"LPOS", "k", "c", "MAXLEN", "3"}, Int(2)},
      {{"LPOS", "k", "a", "MAXLEN", "3", "COUNT", "0"}, IntArray({0})},
      {{"LPOS", "k", "b", "RANK", "-1", "MAXLEN", "2"}, kNil},
      {{"LPOS", "k", "b", "RANK", "-1", "MAXLEN", "3"}, Int(4)},
      {{"LPOS", "k", "a", "RANK", "-1", "MAXLEN", "4", "COUNT", "0"}, IntArray({6, 3})},
      {{"LPOS", "k", "a", "MAXLEN", "0"}, Int(0)},  // 0: the whole list
      {{"LPOS", "k", "a", "MAXLEN", "9223372036854775807"}, Int(0)},
      // A repeated option: the last wins.
      {{"LPOS", "k", "a", "RANK", "1", "RANK", "-1"}, Int(6)},
      // Redis 7.0 takes the lowest RANK as "every match from the tail", whatever COUNT says.
      {{"LPOS", "k", "a", "RANK", "-9223372036854775808"}, Int(6)},
      {{"LPOS", "k", "a", "RANK", "-9223372036854775808", "COUNT", "1"}, IntArray({6, 3, 0})},
      {{"LPOS", "k", "a", "RANK", "-9223372036854775807", "COUNT", "0"}, kEmpty},
  });
}

TEST_F(RedisList, LposReadsEveryOptionBeforeTheKey) {
  ExpectOnBoth({
      {{"RPUSH", "k", "a", "b"}, Int(2)},
      {{"SET", "str", "x"}, kOk},
      {{"LPOS", "k", "a", "RANK", "0"}, kRankZero},
      {{"LPOS", "k", "a", "RANK", "abc"}, kNotInteger},
      {{"LPOS", "k", "a", "RANK", "9223372036854775808"}, kNotInteger},
      {{"LPOS", "k", "a", "COUNT", "-1"}, kCountNegative},
      {{"LPOS", "k", "a", "COUNT", "abc"}, kCountNegative},
      {{"LPOS", "k", "a", "COUNT", "9223372036854775808"}, kCountNegative},
      {{"LPOS", "k", "a", "MAXLEN", "-1"}, kMaxlenNegative},
      {{"LPOS", "k", "a", "MAXLEN", "abc"}, kMaxlenNegative},
      {{"LPOS", "k", "a", "RANK"}, kSyntax},
      {{"LPOS", "k", "a", "COUNT"}, kSyntax},
      {{"LPOS", "k", "a", "FOO", "1"}, kSyntax},
      {{"LPOS", "k", "a", "FOO"}, kSyntax},
      {{"LPOS", "k", "a", "RANK", "1", "FOO"}, kSyntax},
      // The first error in argument order wins.
      {{"LPOS", "k", "a", "RANK", "0", "COUNT", "-1"}, kRankZero},
      {{"LPOS", "k", "a", "COUNT", "-1", "RANK", "0"}, kCountNegative},
      // Options before the key's type.
      {{"LPOS", "str", "a", "RANK", "0"}, kRankZero},
      {{"LPOS", "nokey", "a", "RANK", "0"}, kRankZero},
      {{"LPOS", "str", "a"}, kWrongType},
      {{"LPOS", "str", "a", "COUNT", "0"}, kWrongType},
  });
}

TEST_F(RedisList, EveryCommandRefusesAStringKeyAndAWrongArity) {
  ExpectOnBoth({
      {{"SET", "str", "x"}, kOk},
      {{"LPUSH", "str", "a"}, kWrongType},
      {{"RPUSH", "str", "a"}, kWrongType},
      {{"LPUSHX", "str", "a"}, kWrongType},
      {{"RPUSHX", "str", "a"}, kWrongType},
      {{"LPOP", "str"}, kWrongType},
      {{"RPOP", "str"}, kWrongType},
      {{"RPOP", "str", "2"}, kWrongType},
      {{"LLEN", "str"}, kWrongType},
      {{"LRANGE", "str", "0", "-1"}, kWrongType},
      {{"LINDEX", "str", "0"}, kWrongType},
      {{"LSET", "str", "0", "a"}, kWrongType},
      {{"LINSERT", "str", "AFTER", "x", "a"}, kWrongType},
      {{"LREM", "str", "0", "x"}, kWrongType},
      {{"LTRIM", "str", "0", "-1"}, kWrongType},
      {{"LPOS", "str", "x"}, kWrongType},
      {{"GET", "str"}, Bulk("x")},
      {{"LPUSH", "k"}, WrongArity("lpush")},
      {{"RPUSH", "k"}, WrongArity("rpush")},
      {{"LPUSHX", "k"}, WrongArity("lpushx")},
      {{"RPUSHX", "k"}, WrongArity("rpushx")},
      {{"LPOP"}, WrongArity("lpop")},
      {{"RPOP"}, WrongArity("rpop")},
      {{"LLEN"}, WrongArity("llen")},
      {{"LLEN", "k", "x"}, WrongArity("llen")},
      {{"LRANGE", "k", "0"}, WrongArity("lrange")},
      {{"LRANGE", "k", "0", "1", "2"}, WrongArity("lrange")},
      {{"LINDEX", "k"}, WrongArity("lindex")},
      {{"LINDEX", "k", "1", "2"}, WrongArity("lindex")},
      {{"LSET", "k", "0"}, WrongArity("lset")},
      {{"LINSERT", "k", "BEFORE", "b"}, WrongArity("linsert")},
      {{"LREM", "k", "1"}, WrongArity("lrem")},
      {{"LTRIM", "k", "0"}, WrongArity("ltrim")},
      {{"LPOS", "k"}, WrongArity("lpos")},
      {{"EXISTS", "k"}, Int(0)},
  });
}

// The first seven fields of COMMAND INFO (name, arity, flags, first key, last key, key step,
// ACL categories) and COMMAND DOCS' summary, since and group, on both servers. The key specs
// are left out: this server derives them from the flags (redis_command_introspection.h).
TEST_F(RedisList, CommandInfoAndDocsDescribeEachCommandAsRedis) {
  struct Info {
    std::string name;
    long long arity;
    std::vector<std::string> flags;
    std::vector<std::string> categories;
    std::string since;
    std::string summary;
  };
  const std::vector<std::string> kGrowFast = {"write", "denyoom", "fast"};
  const std::vector<std::string> kWriteCategories = {"@write", "@list", "@fast"};
  const std::vector<std::string> kSlowWrite = {"@write", "@list", "@slow"};
  const std::vector<std::string> kSlowRead = {"@read", "@list", "@slow"};
  const std::vector<Info> infos = {
      {"lpush", -3, kGrowFast, kWriteCategories, "1.0.0",
       "Prepend one or multiple elements to a list"},
      {"rpush", -3, kGrowFast, kWriteCategories, "1.0.0",
       "Append one or multiple elements to a list"},
      {"lpushx", -3, kGrowFast, kWriteCategories, "2.2.0",
       "Prepend an element to a list, only if the list exists"},
      {"rpushx", -3, kGrowFast, kWriteCategories, "2.2.0",
       "Append an element to a list, only if the list exists"},
      {"lpop",
       -2,
       {"write", "fast"},
       kWriteCategories,
       "1.0.0",
       "Remove and get the first elements in a list"},
      {"rpop",
       -2,
       {"write", "fast"},
       kWriteCategories,
       "1.0.0",
       "Remove and get the last elements in a list"},
      {"llen",
       2,
       {"readonly", "fast"},
       {"@read", "@list", "@fast"},
       "1.0.0",
       "Get the length of a list"},
      {"lrange", 4, {"readonly"}, kSlowRead, "1.0.0", "Get a range of elements from a list"},
      {"lindex", 3, {"readonly"}, kSlowRead, "1.0.0", "Get an element from a list by its index"},
      {"lset",
       4,
       {"write", "denyoom"},
       kSlowWrite,
       "1.0.0",
       "Set the value of an element in a list by its index"},
      {"linsert",
       5,
       {"write", "denyoom"},
       kSlowWrite,
       "2.2.0",
       "Insert an element before or after another element in a list"},
      {"lrem", 4, {"write"}, kSlowWrite, "1.0.0", "Remove elements from a list"},
      {"ltrim", 4, {"write"}, kSlowWrite, "1.0.0", "Trim a list to the specified range"},
      {"lpos",
       -3,
       {"readonly"},
       kSlowRead,
       "6.0.6",
       "Return the index of matching elements on a list"},
  };
  const auto texts = [](const Reply& reply) {
    std::vector<std::string> out;
    for (const Reply& item : reply.items) out.push_back(item.text);
    return out;
  };
  ForBoth([&](TestClient& client) {
    for (const Info& info : infos) {
      ASSERT_TRUE(client.Send(Resp({"COMMAND", "INFO", info.name})));
      const Reply reply = ReadReply(client);
      ASSERT_EQ(reply.items.size(), 1u) << info.name;
      const Reply& fields = reply.items[0];
      ASSERT_GE(fields.items.size(), 7u) << info.name;
      EXPECT_EQ(fields.items[0].text, info.name);
      EXPECT_EQ(fields.items[1].text, std::to_string(info.arity)) << info.name;
      EXPECT_EQ(texts(fields.items[2]), info.flags) << info.name;
      EXPECT_EQ(fields.items[3].text + " " + fields.items[4].text + " " + fields.items[5].text,
                "1 1 1")
          << info.name << "'s keys";
      EXPECT_EQ(texts(fields.items[6]), info.categories) << info.name;

      ASSERT_TRUE(client.Send(Resp({"COMMAND", "DOCS", info.name})));
      const Reply docs = ReadReply(client);
      ASSERT_EQ(docs.items.size(), 2u) << info.name;
      std::map<std::string, std::string> fields_of_docs;
      const std::vector<Reply>& pairs = docs.items[1].items;
      for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
        fields_of_docs[pairs[i].text] = pairs[i + 1].text;
      }
      EXPECT_EQ(fields_of_docs["summary"], info.summary) << info.name;
      EXPECT_EQ(fields_of_docs["since"], info.since) << info.name;
      EXPECT_EQ(fields_of_docs["group"], "list") << info.name;
    }
  });
}

TEST_F(RedisList, AListOfThousandsReadsBackWholeAndByIndex) {
  // 3000 elements from RPUSH (two commands of 500, two of 1000), and 200 more from LPUSH,
  // so that the list grows from both ends of its position space.
  std::vector<std::string> model;
  std::vector<std::vector<std::string>> pushes;
  for (int chunk = 0; chunk < 4; ++chunk) {
    std::vector<std::string> elements;
    const int size = chunk < 2 ? 500 : 1000;
    for (int i = 0; i < size; ++i) {
      elements.push_back("e" + std::to_string(model.size()));
      model.push_back(elements.back());
    }
    pushes.push_back(Push("RPUSH", "big", elements));
  }
  std::vector<std::string> head;
  for (int i = 0; i < 200; ++i) head.push_back("h" + std::to_string(i));
  pushes.push_back(Push("LPUSH", "big", head));
  for (const std::string& element : head) model.insert(model.begin(), element);
  const auto size = static_cast<long long>(model.size());

  ForBoth([&](TestClient& client) {
    long long pushed = 0;
    for (const std::vector<std::string>& push : pushes) {
      pushed += static_cast<long long>(push.size()) - 2;
      ASSERT_TRUE(client.Exchange(Resp(push), Int(pushed)));
    }
    ASSERT_TRUE(client.Exchange(Resp({"LLEN", "big"}), Int(size)));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "big", "0", "-1"}), BulkArray(model)));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "big", "1500", "1502"}),
                                BulkArray({model[1500], model[1501], model[1502]})));
    for (long long i = 0; i < size; i += 37) {
      ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "big", std::to_string(i)}), Bulk(model[i])));
      ASSERT_TRUE(
          client.Exchange(Resp({"LINDEX", "big", std::to_string(i - size)}), Bulk(model[i])));
    }
    ASSERT_TRUE(
        client.Exchange(Resp({"LINDEX", "big", std::to_string(size - 1)}), Bulk(model.back())));
    ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "big", std::to_string(size)}), kNil));
    ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "big", std::to_string(-size - 1)}), kNil));
    ASSERT_TRUE(client.Exchange(Resp({"LPOS", "big", "e2999", "RANK", "-1"}), Int(size - 1)));
    ASSERT_TRUE(client.Exchange(Resp({"LPOS", "big", "h199"}), Int(0)));
  });
}

TEST_F(RedisList, LinsertAndLremInTheMiddleOfALongListKeepItsOrder) {
  // 300 elements, every tenth of them "dup"; each edit is made on a vector too, and LRANGE
  // must show what the vector holds.
  std::vector<std::string> initial;
  for (int i = 0; i < 300; ++i) initial.push_back(i % 10 == 5 ? "dup" : "v" + std::to_string(i));
  std::vector<std::string> model;
  const auto at = [&](const std::string& element) {
    return std::find(model.begin(), model.end(), element) - model.begin();
  };
  // Removes up to `count` "dup"s from the head (count > 0) or the tail (count < 0).
  const auto remove_dups = [&](int count) {
    int removed = 0;
    if (count > 0) {
      for (auto it = model.begin(); it != model.end() && removed < count;) {
        if (*it == "dup") {
          it = model.erase(it);
          ++removed;
        } else {
          ++it;
        }
      }
    } else {
      for (auto i = static_cast<long long>(model.size()) - 1; i >= 0 && removed < -count; --i) {
        if (model[i] == "dup") {
          model.erase(model.begin() + i);
          ++removed;
        }
      }
    }
    return removed;
  };

  ForBoth([&](TestClient& client) {
    model = initial;
    ASSERT_TRUE(client.Exchange(Resp(Push("RPUSH", "k", model)), Int(300)));
    // In the middle, then near either end, where the shorter side is short.
    model.insert(model.begin() + at("v150"), "before-150");
    ASSERT_TRUE(client.Exchange(Resp({"LINSERT", "k", "BEFORE", "v150", "before-150"}), Int(301)));
    model.insert(model.begin() + at("v150") + 1, "after-150");
    ASSERT_TRUE(client.Exchange(Resp({"LINSERT", "k", "AFTER", "v150", "after-150"}), Int(302)));
    model.insert(model.begin() + at("v2"), "before-2");
    ASSERT_TRUE(client.Exchange(Resp({"LINSERT", "k", "BEFORE", "v2", "before-2"}), Int(303)));
    model.insert(model.begin() + at("v297") + 1, "after-297");
    ASSERT_TRUE(client.Exchange(Resp({"LINSERT", "k", "AFTER", "v297", "after-297"}), Int(304)));
    model.insert(model.begin() + at("dup"), "before-dup");  // the first dup
    ASSERT_TRUE(client.Exchange(Resp({"LINSERT", "k", "BEFORE", "dup", "before-dup"}), Int(305)));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "k", "0", "-1"}), BulkArray(model)));

    ASSERT_TRUE(client.Exchange(Resp({"LREM", "k", "3", "dup"}), Int(remove_dups(3))));
    ASSERT_TRUE(client.Exchange(Resp({"LREM", "k", "-4", "dup"}), Int(remove_dups(-4))));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "k", "0", "-1"}), BulkArray(model)));
    model.erase(model.begin() + at("v150"));
    ASSERT_TRUE(client.Exchange(Resp({"LREM", "k", "0", "v150"}), Int(1)));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "k", "0", "-1"}), BulkArray(model)));
    ASSERT_TRUE(client.Exchange(Resp({"LREM", "k", "0", "dup"}), Int(remove_dups(1000))));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "k", "0", "-1"}), BulkArray(model)));
    ASSERT_TRUE(client.Exchange(Resp({"LLEN", "k"}), Int(static_cast<long long>(model.size()))));
    ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "k", "150"}), Bulk(model[150])));
    ASSERT_TRUE(client.Exchange(Resp({"LPOS", "k", "after-297"}), Int(at("after-297"))));
  });
}

TEST_F(RedisList, ReadsCountKeyspaceHitsAndMissesAndWritesDoNot) {
  CommandHarness harness(Stage09Parts());
  ASSERT_EQ(harness.Run({"RPUSH", "k", "a", "b", "c", "a"}), Int(4));
  harness.ExpectOnlyReadsCountHitsAndMisses(
      {{"LPUSH", "k", "x"},
       {"RPUSH", "k", "y"},
       {"LPUSHX", "k", "z"},
       {"RPUSHX", "k", "z"},
       {"LPOP", "k"},
       {"RPOP", "k", "1"},
       {"LSET", "k", "0", "q"},
       {"LINSERT", "k", "BEFORE", "a", "w"},
       {"LREM", "k", "1", "a"},
       {"LTRIM", "k", "0", "-1"},
       {"LPUSHX", "nokey", "a"},
       {"LPOP", "nokey"},
       {"LREM", "nokey", "1", "a"},
       {"LTRIM", "nokey", "0", "1"}},
      {{"LLEN", "k"}, {"LRANGE", "k", "0", "-1"}, {"LINDEX", "k", "0"}, {"LPOS", "k", "a"}});
}

// A list whose head is position 1 (written by hand: one that grew 2^63 - 1 elements to the
// left): one more LPUSH fits, the next does not, and a command that fails writes nothing,
// not even the pushes before the one that failed.
TEST_F(RedisList, PushesAtTheEdgeOfThePositionSpaceFailWithoutWriting) {
  CommandHarness harness(Stage09Parts());
  const ListMeta meta = {.version = 7, .head = 1, .size = 2};
  ValueEnvelope envelope;
  envelope.type = ValueType::kList;
  EncodeListMeta(meta, &envelope.payload);
  Keyspace::Batch batch;
  batch.Put(0, "low", envelope);
  batch.PutRecord(0, "low", ListElementSuffix(meta.version, 1), "a");
  batch.PutRecord(0, "low", ListElementSuffix(meta.version, 2), "b");
  ASSERT_OK(harness.keyspace().Apply(batch));
  const std::string exhausted = Err("ERR list position space exhausted");

  EXPECT_EQ(harness.Run({"LPUSH", "low", "z", "no"}), exhausted);
  EXPECT_EQ(harness.Run({"LRANGE", "low", "0", "-1"}), BulkArray({"a", "b"}));
  EXPECT_EQ(harness.Run({"LPUSH", "low", "z"}), Int(3));
  EXPECT_EQ(harness.Run({"LPUSHX", "low", "no"}), exhausted);
  // LINSERT moves the shorter side, here the one element left of the pivot: no room.
  EXPECT_EQ(harness.Run({"LINSERT", "low", "BEFORE", "a", "no"}), exhausted);
  EXPECT_EQ(harness.Run({"LINSERT", "low", "AFTER", "a", "x"}), Int(4));
  EXPECT_EQ(harness.Run({"RPUSH", "low", "c"}), Int(5));
  EXPECT_EQ(harness.Run({"LRANGE", "low", "0", "-1"}), BulkArray({"z", "a", "x", "b", "c"}));
  // Popping the head makes room again.
  EXPECT_EQ(harness.Run({"LPOP", "low"}), Bulk("z"));
  EXPECT_EQ(harness.Run({"LPUSH", "low", "y"}), Int(5));
  EXPECT_EQ(harness.Run({"LINDEX", "low", "0"}), Bulk("y"));
}

// LRANGE writes the elements into its reply as it reads them: on a list damaged on disk (an
// element record missing), the reply is the storage error alone, not an array cut short.
TEST_F(RedisList, LrangeOfADamagedListRepliesTheErrorAlone) {
  CommandHarness harness(Stage09Parts());
  const ListMeta meta = {.version = 7, .head = kListStartPosition, .size = 5};
  ValueEnvelope envelope;
  envelope.type = ValueType::kList;
  EncodeListMeta(meta, &envelope.payload);
  Keyspace::Batch batch;
  batch.Put(0, "damaged", envelope);
  for (const uint64_t index : {0, 1, 2, 4}) {  // index 3 has no record
    batch.PutRecord(0, "damaged", ListElementSuffix(meta.version, meta.head + index),
                    std::string(1, static_cast<char>('a' + index)));
  }
  ASSERT_OK(harness.keyspace().Apply(batch));
  const std::string missing =
      Err("ERR " + Status::Corruption("list damaged: an element record is missing").ToString());

  EXPECT_EQ(harness.Run({"LRANGE", "damaged", "0", "-1"}), missing);
  EXPECT_EQ(harness.Run({"LRANGE", "damaged", "2", "3"}), missing);
  EXPECT_EQ(harness.Run({"LRANGE", "damaged", "0", "2"}), BulkArray({"a", "b", "c"}));
  EXPECT_EQ(harness.Run({"LRANGE", "damaged", "4", "-1"}), BulkArray({"e"}));
}

}  // namespace
}  // namespace stepdb
