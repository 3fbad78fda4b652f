// The set commands (redis_set_commands.h), black-box over a socket against stepdb-stage08.
//
// Replies whose bytes are fixed (counts, single members, errors, WRONGTYPE, arity) are tables
// run on this server and, when it is installed, on redis-server 7.0, where every expected
// reply came from. Replies that hold several members come in a different order from each
// server (ours is the hash order), so those are read, sorted and compared, on both servers
// too. Random picks (SPOP, SRANDMEMBER) are checked by what must hold whatever was picked:
// how many, distinct or not, members of the set, and every member reachable.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "redis_command_test_support.h"

namespace stepdb {
namespace {

using testkit::TestClient;

// "m0" .. "m<n-1>".
std::vector<std::string> Members(int n) {
  std::vector<std::string> members;
  for (int i = 0; i < n; ++i) members.push_back("m" + std::to_string(i));
  return members;
}

class RedisSet : public RedisOracleTest {
 protected:
  // The reply to request, which must be an aggregate of `type` ('*' or '~').
  static Reply Aggregate(TestClient& client, const std::vector<std::string>& request, char type) {
    EXPECT_TRUE(client.Send(Resp(request)));
    Reply reply = ReadReply(client);
    EXPECT_EQ(reply.type, type) << request[0] << " replied type '" << reply.type << "' "
                                << reply.text;
    return reply;
  }

  // The members of the reply to request (an array in RESP2), sorted.
  static std::vector<std::string> Sorted(TestClient& client,
                                         const std::vector<std::string>& request) {
    std::vector<std::string> members = Texts(Aggregate(client, request, '*'));
    std::sort(members.begin(), members.end());
    return members;
  }
};

TEST_F(RedisSet, SaddAndSremCountOnlyTheMembersTheyChange) {
  ExpectOnBoth({
      {{"SADD", "s", "a", "b", "c"}, Int(3)},
      {{"SADD", "s", "a", "d", "d"}, Int(1)},  // a is there, d counts once
      {{"SCARD", "s"}, Int(4)},
      {{"SREM", "s", "a", "zz", "a"}, Int(1)},
      {{"SREM", "nokey", "a"}, Int(0)},
      {{"SCARD", "s"}, Int(3)},
      {{"SREM", "s", "b", "c", "d"}, Int(3)},  // the last member gone takes the key
      {{"EXISTS", "s"}, Int(0)},
      {{"SADD", "s", ""}, Int(1)},  // the empty member is a member
      {{"SISMEMBER", "s", ""}, Int(1)},
  });
}

TEST_F(RedisSet, SismemberSmismemberAndScardAnswerForMissingKeysToo) {
  ExpectOnBoth({
      {{"SADD", "s", "a", "b"}, Int(2)},
      {{"SISMEMBER", "s", "a"}, Int(1)},
      {{"SISMEMBER", "s", "zz"}, Int(0)},
      {{"SISMEMBER", "nokey", "a"}, Int(0)},
      {{"SMISMEMBER", "s", "b", "zz", "a"}, "*3\r\n:1\r\n:0\r\n:1\r\n"},
      {{"SMISMEMBER", "nokey", "a", "b"}, "*2\r\n:0\r\n:0\r\n"},
      {{"SCARD", "s"}, Int(2)},
      {{"SCARD", "nokey"}, Int(0)},
      {{"SMEMBERS", "nokey"}, "*0\r\n"},
  });
}

TEST_F(RedisSet, EveryCommandRefusesAKeyOfAnotherTypeAndAWrongArity) {
  ExpectOnBoth({
      {{"SET", "str", "x"}, kOk},
      {{"SADD", "str", "a"}, kWrongType},
      {{"SREM", "str", "a"}, kWrongType},
      {{"SISMEMBER", "str", "a"}, kWrongType},
      {{"SMISMEMBER", "str", "a"}, kWrongType},
      {{"SMEMBERS", "str"}, kWrongType},
      {{"SCARD", "str"}, kWrongType},
      {{"SPOP", "str"}, kWrongType},
      {{"SPOP", "str", "1"}, kWrongType},
      {{"SRANDMEMBER", "str"}, kWrongType},
      {{"SRANDMEMBER", "str", "0"}, kWrongType},
      {{"SMOVE", "str", "t", "a"}, kWrongType},
      // A missing key is an empty set, but every key is type-checked first.
      {{"SINTER", "nokey", "str"}, kWrongType},
      {{"SUNION", "str", "nokey"}, kWrongType},
      {{"SDIFF", "nokey", "str"}, kWrongType},
      {{"SINTERSTORE", "d", "nokey", "str"}, kWrongType},
      {{"SUNIONSTORE", "d", "str"}, kWrongType},
      {{"SDIFFSTORE", "d", "nokey", "str"}, kWrongType},
      {{"SINTERCARD", "2", "nokey", "str"}, kWrongType},
      {{"GET", "str"}, Bulk("x")},
      {{"SADD", "s"}, WrongArity("sadd")},
      {{"SREM", "s"}, WrongArity("srem")},
      {{"SISMEMBER", "s"}, WrongArity("sismember")},
      {{"SMISMEMBER", "s"}, WrongArity("smismember")},
      {{"SMEMBERS", "s", "t"}, WrongArity("smembers")},
      {{"SCARD", "s", "t"}, WrongArity("scard")},
      {{"SPOP"}, WrongArity("spop")},
      {{"SRANDMEMBER"}, WrongArity("srandmember")},
      {{"SMOVE", "s", "t"}, WrongArity("smove")},
      {{"SINTER"}, WrongArity("sinter")},
      {{"SINTERCARD", "1"}, WrongArity("sintercard")},
      {{"SINTERSTORE", "d"}, WrongArity("sinterstore")},
      {{"SUNION"}, WrongArity("sunion")},
      {{"SUNIONSTORE", "d"}, WrongArity("sunionstore")},
      {{"SDIFF"}, WrongArity("sdiff")},
      {{"SDIFFSTORE", "d"}, WrongArity("sdiffstore")},
  });
}

TEST_F(RedisSet, SpopAndSrandmemberCheckTheCountAsRedisDoes) {
  ExpectOnBoth({
      {{"SET", "str", "x"}, kOk},
      {{"SADD", "s", "a"}, Int(1)},
      // SPOP reads the count before the key; anything but a non-negative integer is "out of
      // range", even a word, and even on a key of another type.
      {{"SPOP", "s", "-1"}, kNotPositive},
      {{"SPOP", "s", "x"}, kNotPositive},
      {{"SPOP", "s", "-0"}, kNotPositive},
      {{"SPOP", "s", "9223372036854775808"}, kNotPositive},
      {{"SPOP", "str", "x"}, kNotPositive},
      {{"SPOP", "s", "1", "2"}, kSyntax},
      {{"SPOP", "nokey"}, kNil},
      {{"SPOP", "nokey", "2"}, "*0\r\n"},
      {{"SPOP", "s", "0"}, "*0\r\n"},
      // SRANDMEMBER's count is any integer whose magnitude int64 holds.
      {{"SRANDMEMBER", "s", "x"}, kNotInteger},
      {{"SRANDMEMBER", "s", "-9223372036854775808"},
       Err("ERR value is out of range, value must between -9223372036854775807 and "
           "9223372036854775807")},
      {{"SRANDMEMBER", "s", "1", "2"}, kSyntax},
      {{"SRANDMEMBER", "nokey"}, kNil},
      {{"SRANDMEMBER", "nokey", "3"}, "*0\r\n"},
      {{"SRANDMEMBER", "nokey", "-3"}, "*0\r\n"},
      {{"SRANDMEMBER", "s", "0"}, "*0\r\n"},
      {{"SRANDMEMBER", "s"}, Bulk("a")},
      {{"SRANDMEMBER", "s", "5"}, BulkArray({"a"})},
      {{"SRANDMEMBER", "s", "-3"}, BulkArray({"a", "a", "a"})},
      {{"SPOP", "s"}, Bulk("a")},
      {{"EXISTS", "s"}, Int(0)},
      {{"SADD", "s", "b"}, Int(1)},
      {{"SPOP", "s", "9"}, BulkArray({"b"})},
      {{"EXISTS", "s"}, Int(0)},
  });
}

TEST_F(RedisSet, SrandmemberOnASmallSetPicksDistinctOrRepeatedMembers) {
  const std::vector<std::string> all = Members(10);
  const std::set<std::string> members(all.begin(), all.end());
  TestClient client(port());
  std::vector<std::string> sadd = {"SADD", "s"};
  sadd.insert(sadd.end(), all.begin(), all.end());
  ASSERT_TRUE(client.Exchange(Resp(sadd), Int(10)));
  std::set<std::string> seen;
  for (int round = 0; round < 50; ++round) {
    const std::vector<std::string> distinct =
        Texts(Aggregate(client, {"SRANDMEMBER", "s", "4"}, '*'));
    ASSERT_EQ(distinct.size(), 4u);
    EXPECT_EQ(std::set<std::string>(distinct.begin(), distinct.end()).size(), 4u)
        << "SRANDMEMBER s 4 repeated a member";
    const std::vector<std::string> repeated =
        Texts(Aggregate(client, {"SRANDMEMBER", "s", "-25"}, '*'));
    ASSERT_EQ(repeated.size(), 25u);  // more picks than members: some repeat
    for (const std::string& member : distinct) EXPECT_TRUE(members.count(member)) << member;
    for (const std::string& member : repeated) EXPECT_TRUE(members.count(member)) << member;
    seen.insert(repeated.begin(), repeated.end());
  }
  EXPECT_EQ(seen, members) << "1250 picks with repetition missed a member";
  EXPECT_EQ(Sorted(client, {"SRANDMEMBER", "s", "100"}),
            std::vector<std::string>(members.begin(), members.end()));
  EXPECT_TRUE(client.Exchange(Resp({"SCARD", "s"}), Int(10)));  // SRANDMEMBER removes nothing
}

TEST_F(RedisSet, SpopAndSrandmemberReachEveryMemberOfALargeSet) {
  constexpr int kSize = 3000;
  const std::vector<std::string> all = Members(kSize);
  const std::set<std::string> members(all.begin(), all.end());
  TestClient client(port());
  std::vector<std::string> sadd = {"SADD", "s"};
  sadd.insert(sadd.end(), all.begin(), all.end());
  ASSERT_TRUE(client.Exchange(Resp(sadd), Int(kSize)));

  // Fewer than half the members: picked one seek at a time, distinct all the same. (Each seek
  // costs a scan of the engine, so the test keeps these few.)
  const std::vector<std::string> some = Texts(Aggregate(client, {"SRANDMEMBER", "s", "50"}, '*'));
  EXPECT_EQ(std::set<std::string>(some.begin(), some.end()).size(), 50u);
  for (const std::string& member : some) ASSERT_TRUE(members.count(member)) << member;
  const std::vector<std::string> repeated =
      Texts(Aggregate(client, {"SRANDMEMBER", "s", "-4000"}, '*'));
  EXPECT_EQ(repeated.size(), 4000u);
  for (const std::string& member : repeated) ASSERT_TRUE(members.count(member)) << member;
  EXPECT_EQ(Sorted(client, {"SRANDMEMBER", "s", "3000"}), Sorted(client, {"SMEMBERS", "s"}));

  // Popping in rounds: each round distinct, never a member popped before, SCARD shrinking by
  // as many; together the rounds pop every member once, and the key goes with the last. The
  // first two rounds pick by seeks, the others read the set whole.
  std::set<std::string> popped;
  const int rounds[] = {1, 20, 1490, 1000, 489};
  int left = kSize;
  for (const int count : rounds) {
    const std::vector<std::string> got =
        Texts(Aggregate(client, {"SPOP", "s", std::to_string(count)}, '*'));
    ASSERT_EQ(got.size(), static_cast<size_t>(count));
    for (const std::string& member : got) {
      EXPECT_TRUE(members.count(member)) << member;
      EXPECT_TRUE(popped.insert(member).second) << member << " popped twice";
    }
    left -= count;
    ASSERT_TRUE(client.Exchange(Resp({"SCARD", "s"}), Int(left)));
  }
  EXPECT_EQ(popped, members);
  EXPECT_TRUE(client.Exchange(Resp({"EXISTS", "s"}), Int(0)));
}

TEST_F(RedisSet, Resp3RepliesSetsForMembersAndArraysForRandomPicks) {
  ForBoth([&](TestClient& client, const std::string& server) {
    SwitchToResp3(client);
    Expect(client, {"SADD", "s", "a", "b"}, Int(2), server);
    Expect(client, {"SADD", "t", "b", "c"}, Int(2), server);
    Expect(client, {"SMEMBERS", "nokey"}, "~0\r\n", server);
    Expect(client, {"SINTER", "s", "nokey"}, "~0\r\n", server);
    Expect(client, {"SUNION", "nokey"}, "~0\r\n", server);
    Expect(client, {"SDIFF", "nokey"}, "~0\r\n", server);
    Expect(client, {"SPOP", "nokey", "2"}, "~0\r\n", server);
    Expect(client, {"SPOP", "nokey"}, "_\r\n", server);
    Expect(client, {"SRANDMEMBER", "nokey", "2"}, "*0\r\n", server);
    Expect(client, {"SRANDMEMBER", "nokey"}, "_\r\n", server);
    Expect(client, {"SINTER", "s", "t"}, "~1\r\n" + Bulk("b"), server);
    Expect(client, {"SDIFF", "s", "t"}, "~1\r\n" + Bulk("a"), server);
    Expect(client, {"SMISMEMBER", "s", "a"}, "*1\r\n:1\r\n", server);
    EXPECT_EQ(Aggregate(client, {"SMEMBERS", "s"}, '~').items.size(), 2u) << server;
    EXPECT_EQ(Aggregate(client, {"SUNION", "s", "t"}, '~').items.size(), 3u) << server;
    EXPECT_EQ(Aggregate(client, {"SRANDMEMBER", "s", "5"}, '*').items.size(), 2u) << server;
    EXPECT_EQ(Aggregate(client, {"SRANDMEMBER", "s", "-5"}, '*').items.size(), 5u) << server;
    EXPECT_EQ(Aggregate(client, {"SPOP", "t", "5"}, '~').items.size(), 2u) << server;
  });
}

TEST_F(RedisSet, SinterSunionAndSdiffTakeAMissingKeyAsAnEmptySet) {
  ForBoth([&](TestClient& client, const std::string& server) {
    Expect(client, {"SADD", "s", "a", "b", "c", "d"}, Int(4), server);
    Expect(client, {"SADD", "t", "b", "c", "e"}, Int(3), server);
    Expect(client, {"SADD", "u", "c", "d", "e", "f"}, Int(4), server);
    using V = std::vector<std::string>;
    EXPECT_EQ(Sorted(client, {"SMEMBERS", "s"}), (V{"a", "b", "c", "d"})) << server;
    EXPECT_EQ(Sorted(client, {"SINTER", "s", "t"}), (V{"b", "c"})) << server;
    EXPECT_EQ(Sorted(client, {"SINTER", "u", "s", "t"}), (V{"c"})) << server;
    EXPECT_EQ(Sorted(client, {"SINTER", "s"}), (V{"a", "b", "c", "d"})) << server;
    EXPECT_EQ(Sorted(client, {"SINTER", "s", "s"}), (V{"a", "b", "c", "d"})) << server;
    EXPECT_EQ(Sorted(client, {"SINTER", "s", "nokey", "t"}), V{}) << server;
    EXPECT_EQ(Sorted(client, {"SUNION", "s", "nokey", "t"}), (V{"a", "b", "c", "d", "e"}))
        << server;
    EXPECT_EQ(Sorted(client, {"SDIFF", "s", "t"}), (V{"a", "d"})) << server;
    EXPECT_EQ(Sorted(client, {"SDIFF", "s", "t", "u"}), (V{"a"})) << server;
    EXPECT_EQ(Sorted(client, {"SDIFF", "s", "nokey"}), (V{"a", "b", "c", "d"})) << server;
    EXPECT_EQ(Sorted(client, {"SDIFF", "s", "s"}), V{}) << server;
    EXPECT_EQ(Sorted(client, {"SDIFF", "nokey", "s"}), V{}) << server;
  });
}

TEST_F(RedisSet, TheAlgebraWalksSetsOfManyChunks) {
  // Sets of hundreds of members, so that a walk reads its set in several scans: multiples of 2
  // and of 3 below 1800.
  std::vector<std::string> evens = {"SADD", "evens"};
  std::vector<std::string> threes = {"SADD", "threes"};
  std::vector<std::string> both;
  std::vector<std::string> evens_only;
  for (int i = 0; i < 1800; ++i) {
    const std::string member = "m" + std::to_string(i);
    if (i % 2 == 0) evens.push_back(member);
    if (i % 3 == 0) threes.push_back(member);
    if (i % 6 == 0) both.push_back(member);
    if (i % 2 == 0 && i % 3 != 0) evens_only.push_back(member);
  }
  std::sort(both.begin(), both.end());
  std::sort(evens_only.begin(), evens_only.end());
  ForBoth([&](TestClient& client, const std::string& server) {
    Expect(client, evens, Int(900), server);
    Expect(client, threes, Int(600), server);
    EXPECT_EQ(Sorted(client, {"SINTER", "evens", "threes"}), both) << server;
    EXPECT_EQ(Sorted(client, {"SDIFF", "evens", "threes"}), evens_only) << server;
    EXPECT_EQ(Sorted(client, {"SUNION", "evens", "threes"}).size(), 1200u) << server;
    Expect(client, {"SINTERCARD", "2", "evens", "threes"}, Int(300), server);
    Expect(client, {"SINTERCARD", "2", "evens", "threes", "LIMIT", "280"}, Int(280), server);
    Expect(client, {"SDIFFSTORE", "evens", "evens", "threes"}, Int(600), server);
    Expect(client, {"SINTERSTORE", "d", "evens", "threes"}, Int(0), server);
    EXPECT_EQ(Sorted(client, {"SMEMBERS", "evens"}), evens_only) << server;
  });
}

TEST_F(RedisSet, SintercardCountsUpToItsLimitAndChecksNumkeysThenOptionsThenKeys) {
  ExpectOnBoth({
      {{"SET", "str", "x"}, kOk},
      {{"SADD", "s", "a", "b", "c", "d"}, Int(4)},
      {{"SADD", "t", "b", "c", "d", "e"}, Int(4)},
      {{"SINTERCARD", "2", "s", "t"}, Int(3)},
      {{"SINTERCARD", "1", "s"}, Int(4)},
      {{"SINTERCARD", "2", "s", "t", "LIMIT", "2"}, Int(2)},
      {{"SINTERCARD", "2", "s", "t", "limit", "0"}, Int(3)},  // 0: no limit
      {{"SINTERCARD", "2", "s", "t", "LIMIT", "9"}, Int(3)},
      {{"SINTERCARD", "2", "s", "t", "LIMIT", "9", "LIMIT", "1"}, Int(1)},  // the last wins
      {{"SINTERCARD", "2", "s", "nokey"}, Int(0)},
      {{"SINTERCARD", "0", "s"}, Err("ERR numkeys should be greater than 0")},
      {{"SINTERCARD", "-1", "s"}, Err("ERR numkeys should be greater than 0")},
      {{"SINTERCARD", "x", "s"}, Err("ERR numkeys should be greater than 0")},
      {{"SINTERCARD", "3", "s", "t"},
       Err("ERR Number of keys can't be greater than number of args")},
      {{"SINTERCARD", "1", "s", "t"}, kSyntax},  // t is where an option should be
      {{"SINTERCARD", "2", "s", "t", "LIMIT"}, kSyntax},
      {{"SINTERCARD", "2", "s", "t", "LIMIT", "-1"}, Err("ERR LIMIT can't be negative")},
      {{"SINTERCARD", "2", "s", "t", "LIMIT", "x"}, Err("ERR LIMIT can't be negative")},
      // The options come before the keys' types.
      {{"SINTERCARD", "2", "str", "s", "LIMIT", "-1"}, Err("ERR LIMIT can't be negative")},
      {{"SINTERCARD", "2", "s", "str"}, kWrongType},
  });
}

TEST_F(RedisSet, StoreFormsReplaceAnyDestinationEvenOneOfTheirSources) {
  ExpectOnBoth({
      {{"SADD", "s", "a", "b", "c"}, Int(3)},
      {{"SADD", "t", "b", "c", "d"}, Int(3)},
      {{"SET", "str", "x"}, kOk},
      {{"EXPIRE", "str", "100"}, Int(1)},
      {{"SINTERSTORE", "str", "s", "t"}, Int(2)},  // a string becomes a set, without the TTL
      {{"TYPE", "str"}, "+set\r\n"},
      {{"TTL", "str"}, Int(-1)},
      {{"SINTERSTORE", "str", "s", "nokey"}, Int(0)},  // an empty result deletes it
      {{"EXISTS", "str"}, Int(0)},
      {{"SET", "str", "x"}, kOk},
      {{"SDIFFSTORE", "str", "s", "t"}, Int(1)},
      {{"SISMEMBER", "str", "a"}, Int(1)},
      {{"SET", "str", "x"}, kOk},
      {{"SUNIONSTORE", "str", "nokey"}, Int(0)},
      {{"EXISTS", "str"}, Int(0)},
      {{"SUNIONSTORE", "d", "nokey"}, Int(0)},
      {{"EXISTS", "d"}, Int(0)},
      // The destination as a source: read whole before it is replaced.
      {{"SUNIONSTORE", "s", "s", "t"}, Int(4)},
      {{"SCARD", "s"}, Int(4)},
      {{"SINTERSTORE", "t", "t", "s"}, Int(3)},
      {{"SDIFFSTORE", "s", "s", "t"}, Int(1)},
      {{"SMEMBERS", "s"}, BulkArray({"a"})},
      {{"SINTERSTORE", "s", "s"}, Int(1)},
      {{"SISMEMBER", "s", "a"}, Int(1)},
      {{"SDIFFSTORE", "s", "s", "s"}, Int(0)},
      {{"EXISTS", "s"}, Int(0)},
  });
  ForBoth([&](TestClient& client, const std::string& server) {
    Expect(client, {"SADD", "p", "a", "b", "c"}, Int(3), server);
    Expect(client, {"SADD", "q", "c", "d"}, Int(2), server);
    Expect(client, {"SUNIONSTORE", "r", "p", "q"}, Int(4), server);
    EXPECT_EQ(Sorted(client, {"SMEMBERS", "r"}), (std::vector<std::string>{"a", "b", "c", "d"}))
        << server;
    Expect(client, {"SUNIONSTORE", "r", "q", "q"}, Int(2), server);  // the old members are gone
    EXPECT_EQ(Sorted(client, {"SMEMBERS", "r"}), (std::vector<std::string>{"c", "d"})) << server;
  });
}

TEST_F(RedisSet, SmoveMovesOneMemberAndChecksTheSourceFirst) {
  ExpectOnBoth({
      {{"SET", "str", "x"}, kOk},
      {{"SADD", "s", "a", "b"}, Int(2)},
      {{"SADD", "t", "c"}, Int(1)},
      {{"SMOVE", "s", "t", "a"}, Int(1)},
      {{"SISMEMBER", "t", "a"}, Int(1)},
      {{"SCARD", "s"}, Int(1)},
      {{"SMOVE", "s", "t", "zz"}, Int(0)},
      {{"SMOVE", "nokey", "t", "a"}, Int(0)},
      // A missing source answers 0 before the destination's type is looked at ...
      {{"SMOVE", "nokey", "str", "a"}, Int(0)},
      {{"SMOVE", "str", "t", "a"}, kWrongType},
      // ... then a destination of another type is WRONGTYPE, member or not.
      {{"SMOVE", "s", "str", "b"}, kWrongType},
      {{"SMOVE", "s", "str", "zz"}, kWrongType},
      {{"SMOVE", "str", "str", "zz"}, kWrongType},
      // Source and destination the same: 1 iff the member is there, nothing changes.
      {{"SMOVE", "s", "s", "b"}, Int(1)},
      {{"SMOVE", "s", "s", "zz"}, Int(0)},
      {{"SCARD", "s"}, Int(1)},
      // Moving a member the destination has already only takes it from the source; the last
      // member moved takes the source key with it.
      {{"SADD", "t", "b"}, Int(1)},
      {{"SMOVE", "s", "t", "b"}, Int(1)},
      {{"EXISTS", "s"}, Int(0)},
      {{"SCARD", "t"}, Int(3)},
      {{"SMOVE", "t", "fresh", "c"}, Int(1)},
      {{"SMEMBERS", "fresh"}, BulkArray({"c"})},
      {{"SCARD", "t"}, Int(2)},
  });
}

TEST_F(RedisSet, SetsSurviveARestart) {
  {
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(Resp({"SADD", "s", "a", "b", "c"}), Int(3)));
    ASSERT_TRUE(client.Exchange(Resp({"SREM", "s", "b"}), Int(1)));
    ASSERT_TRUE(client.Exchange(Resp({"SADD", "gone", "x"}), Int(1)));
    ASSERT_TRUE(client.Exchange(Resp({"SPOP", "gone"}), Bulk("x")));
    ASSERT_TRUE(client.Exchange(Resp({"SUNIONSTORE", "u", "s"}), Int(2)));
  }
  ASSERT_EQ(server().Stop(SIGTERM), 0) << server().log();
  Restart();
  TestClient client(port());
  EXPECT_EQ(Sorted(client, {"SMEMBERS", "s"}), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(Sorted(client, {"SMEMBERS", "u"}), (std::vector<std::string>{"a", "c"}));
  EXPECT_TRUE(client.Exchange(Resp({"SCARD", "s"}), Int(2)));
  EXPECT_TRUE(client.Exchange(Resp({"EXISTS", "gone"}), Int(0)));
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(2)));
}

}  // namespace
}  // namespace stepdb
