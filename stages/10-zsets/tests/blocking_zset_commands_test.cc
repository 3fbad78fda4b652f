// The pops of sorted sets and their blocking forms (redis_blocking_zset_commands.h): ZPOPMIN,
// ZPOPMAX and ZMPOP, and BZPOPMIN, BZPOPMAX and BZMPOP waiting on an empty key and served by
// another client's write, black-box over sockets against stepdb-stage10.
//
// The replies and errors are tables of exact bytes, run on this server and, when it is
// installed, on redis-server 7.0, where every expected reply came from; RESP3 has tables of
// its own where Redis 7.0 replies differently there. The waits are scenarios of a few
// clients, as stage 09's BlockingList tests are (blocked_clients_test_support.h): a waiter
// sends a blocking command, the test waits until the server counts it blocked, another
// client writes, and the waiter's reply must be exactly Redis's. Timeouts are a few hundred
// milliseconds; every read gives up after a few seconds.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "blocked_clients_test_support.h"
#include "redis_command_test_support.h"

namespace stepdb {
namespace {

using std::chrono::milliseconds;
using testkit::TestClient;

// Members with their scores as Redis prints them ("1", "0.10000000000000001", "-inf").
using Scored = std::vector<std::pair<std::string, std::string>>;

// RESP2's flat array: member, score, member, score, ...
std::string Flat(const Scored& entries) {
  std::string out = "*" + std::to_string(2 * entries.size()) + "\r\n";
  for (const auto& [member, score] : entries) out += Bulk(member) + Bulk(score);
  return out;
}

// An array of [member, score] pairs, the scores as bulk strings (RESP2) or doubles (RESP3).
std::string Pairs(const Scored& entries, int resp) {
  std::string out = "*" + std::to_string(entries.size()) + "\r\n";
  for (const auto& [member, score] : entries) {
    out += "*2\r\n" + Bulk(member) + (resp == 3 ? "," + score + "\r\n" : Bulk(score));
  }
  return out;
}

// ZMPOP's and BZMPOP's reply: [key, [[member, score], ...]].
std::string KeyAndPairs(const std::string& key, const Scored& entries, int resp = 2) {
  return "*2\r\n" + Bulk(key) + Pairs(entries, resp);
}

// BZPOPMIN's and BZPOPMAX's reply: [key, member, score].
std::string KeyMemberScore(const std::string& key, const std::string& member,
                           const std::string& score, int resp = 2) {
  return "*3\r\n" + Bulk(key) + Bulk(member) + (resp == 3 ? "," + score + "\r\n" : Bulk(score));
}

class BlockingZSet : public RedisOracleTest {};

TEST_F(BlockingZSet, ZpopminAndZpopmaxPopFromEitherEnd) {
  ExpectOnBoth({
      {{"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}, Int(4)},
      {{"ZPOPMIN", "z"}, Flat({{"a", "1"}})},
      {{"ZPOPMIN", "z", "2"}, Flat({{"b", "2"}, {"c", "3"}})},
      {{"ZPOPMIN", "z", "0"}, "*0\r\n"},
      {{"ZPOPMAX", "z", "10"}, Flat({{"d", "4"}})},
      {{"EXISTS", "z"}, Int(0)},
      {{"ZPOPMIN", "z"}, "*0\r\n"},
      {{"ZPOPMAX", "z", "3"}, "*0\r\n"},
      {{"ZPOPMIN", "missing", "0"}, "*0\r\n"},
      // Scores print as Redis prints them; ZPOPMAX pops the highest first.
      {{"ZADD", "z", "1.5", "a", "2e20", "b", "-inf", "c", "inf", "d", "0.1", "e"}, Int(5)},
      {{"ZPOPMIN", "z", "3"}, Flat({{"c", "-inf"}, {"e", "0.10000000000000001"}, {"a", "1.5"}})},
      {{"ZPOPMAX", "z", "2"}, Flat({{"d", "inf"}, {"b", "2e+20"}})},
      // Equal scores go by the member's bytes, from either end.
      {{"ZADD", "z", "1", "x", "1", "y", "1", "w", "2", "v"}, Int(4)},
      {{"ZPOPMIN", "z", "2"}, Flat({{"w", "1"}, {"x", "1"}})},
      {{"ZPOPMAX", "z"}, Flat({{"v", "2"}})},
      {{"ZPOPMAX", "z", "9223372036854775807"}, Flat({{"y", "1"}})},
      {{"ZCARD", "z"}, Int(0)},
  });
}

TEST_F(BlockingZSet, ZpopminAndZpopmaxErrors) {
  ExpectOnBoth({
      {{"ZPOPMIN"}, WrongArity("zpopmin")},
      {{"ZPOPMAX"}, WrongArity("zpopmax")},
      {{"ZADD", "z", "1", "a"}, Int(1)},
      {{"ZPOPMIN", "z", "1", "2"}, kSyntax},
      {{"ZPOPMAX", "z", "-1", "x"}, kSyntax},
      {{"ZPOPMIN", "z", "-1"}, kNotPositive},
      {{"ZPOPMIN", "z", "x"}, kNotPositive},
      {{"ZPOPMAX", "z", "1.5"}, kNotPositive},
      {{"ZPOPMIN", "missing", "-1"}, kNotPositive},
      {{"ZPOPMIN", "z", "-9223372036854775808"}, kNotPositive},
      {{"SET", "s", "v"}, kOk},
      {{"ZPOPMIN", "s"}, kWrongType},
      {{"ZPOPMAX", "s", "0"}, kWrongType},     // the type is checked before a count of 0
      {{"ZPOPMIN", "s", "-1"}, kNotPositive},  // the count before the type
      {{"ZCARD", "z"}, Int(1)},
  });
}

TEST_F(BlockingZSet, ZpopminWithACountRepliesPairsInResp3) {
  ExpectOnBothInResp3({
      {{"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}, Int(5)},
      // Without a count, one flat pair, as in RESP2, its score a double.
      {{"ZPOPMIN", "z"}, "*2\r\n" + Bulk("a") + ",1\r\n"},
      {{"ZPOPMIN", "z", "1"}, Pairs({{"b", "2"}}, 3)},
      {{"ZPOPMAX", "z", "2"}, Pairs({{"e", "5"}, {"d", "4"}}, 3)},
      {{"ZPOPMAX", "z"}, "*2\r\n" + Bulk("c") + ",3\r\n"},
      {{"ZPOPMIN", "z"}, "*0\r\n"},
      {{"ZPOPMIN", "z", "1"}, "*0\r\n"},
      {{"ZADD", "z", "inf", "i", "-inf", "j", "1.5", "k"}, Int(3)},
      {{"ZPOPMIN", "z", "5"}, Pairs({{"j", "-inf"}, {"k", "1.5"}, {"i", "inf"}}, 3)},
  });
}

TEST_F(BlockingZSet, ZmpopPopsFromTheFirstNonEmptySet) {
  ExpectOnBoth({
      {{"ZMPOP", "1", "missing", "MIN"}, kNullArray},
      {{"ZADD", "z", "1", "a", "2", "b", "3", "c"}, Int(3)},
      {{"ZMPOP", "1", "z", "MIN"}, KeyAndPairs("z", {{"a", "1"}})},
      {{"ZMPOP", "2", "missing", "z", "max", "COUNT", "5"},
       KeyAndPairs("z", {{"c", "3"}, {"b", "2"}})},
      {{"ZMPOP", "1", "z", "MAX", "COUNT", "5"}, kNullArray},
      {{"ZADD", "z", "1", "a", "2", "b", "3", "c"}, Int(3)},
      {{"ZADD", "y", "7", "q"}, Int(1)},
      {{"ZMPOP", "2", "y", "z", "MIN", "count", "2"}, KeyAndPairs("y", {{"q", "7"}})},
      {{"ZMPOP", "1", "z", "MAX", "COUNT", "9223372036854775807"},
       KeyAndPairs("z", {{"c", "3"}, {"b", "2"}, {"a", "1"}})},
      {{"EXISTS", "y", "z"}, Int(0)},
  });
  ExpectOnBothInResp3({
      {{"ZMPOP", "1", "missing", "MIN"}, "_\r\n"},
      {{"ZADD", "z", "1", "a", "2", "b", "3", "c"}, Int(3)},
      {{"ZMPOP", "1", "z", "MIN"}, KeyAndPairs("z", {{"a", "1"}}, 3)},
      {{"ZMPOP", "1", "z", "MAX", "COUNT", "5"}, KeyAndPairs("z", {{"c", "3"}, {"b", "2"}}, 3)},
  });
}

TEST_F(BlockingZSet, ZmpopErrors) {
  ExpectOnBoth({
      {{"ZMPOP"}, WrongArity("zmpop")},
      {{"ZMPOP", "1", "z"}, WrongArity("zmpop")},
      {{"ZMPOP", "0", "z", "MIN"}, Err("ERR numkeys should be greater than 0")},
      {{"ZMPOP", "-1", "z", "MIN"}, Err("ERR numkeys should be greater than 0")},
      {{"ZMPOP", "x", "z", "MIN"}, Err("ERR numkeys should be greater than 0")},
      {{"ZMPOP", "2", "z", "MIN"}, kSyntax},
      {{"ZMPOP", "1", "z", "LEFT"}, kSyntax},
      {{"ZMPOP", "1", "z", "MIN", "COUNT", "0"}, Err("ERR count should be greater than 0")},
      {{"ZMPOP", "1", "z", "MIN", "COUNT", "x"}, Err("ERR count should be greater than 0")},
      {{"ZMPOP", "1", "z", "MIN", "COUNT"}, kSyntax},
      {{"ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1"}, kSyntax},
      {{"ZMPOP", "1", "z", "MIN", "foo"}, kSyntax},
      {{"ZADD", "z", "1", "a"}, Int(1)},
      {{"SET", "s", "v"}, kOk},
      {{"ZMPOP", "2", "s", "z", "MIN"}, kWrongType},
      {{"ZMPOP", "2", "missing", "s", "MIN"}, kWrongType},
      // A set with members before the other type is popped.
      {{"ZMPOP", "2", "z", "s", "MIN"}, KeyAndPairs("z", {{"a", "1"}})},
  });
}

TEST_F(BlockingZSet, BlockingPopsServeAtOnceWhenASetHasMembers) {
  const std::vector<Step> setup = {
      {{"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}, Int(4)},
      {{"SET", "s", "v"}, kOk},
  };
  std::vector<Step> resp2 = setup;
  resp2.insert(resp2.end(), {
                                {{"BZPOPMIN", "z", "0"}, KeyMemberScore("z", "a", "1")},
                                {{"BZPOPMAX", "missing", "z", "0"}, KeyMemberScore("z", "d", "4")},
                                {{"BZPOPMIN", "z", "s", "0.1"}, KeyMemberScore("z", "b", "2")},
                                {{"BZMPOP", "0", "2", "missing", "z", "MAX", "COUNT", "5"},
                                 KeyAndPairs("z", {{"c", "3"}})},
                            });
  ExpectOnBoth(resp2);
  std::vector<Step> resp3 = setup;
  resp3.insert(resp3.end(), {
                                {{"BZPOPMIN", "z", "0"}, KeyMemberScore("z", "a", "1", 3)},
                                {{"BZPOPMAX", "z", "0"}, KeyMemberScore("z", "d", "4", 3)},
                                {{"BZMPOP", "0", "1", "z", "MIN", "COUNT", "2"},
                                 KeyAndPairs("z", {{"b", "2"}, {"c", "3"}}, 3)},
                            });
  ExpectOnBothInResp3(resp3);
}

// Every one of these is answered at once: none may wait.
TEST_F(BlockingZSet, BlockingPopErrorsAreRepliedAtOnce) {
  const std::string not_float = Err("ERR timeout is not a float or out of range");
  const std::string negative = Err("ERR timeout is negative");
  ExpectOnBoth({
      {{"BZPOPMIN", "z"}, WrongArity("bzpopmin")},
      {{"BZPOPMAX"}, WrongArity("bzpopmax")},
      {{"BZMPOP", "0", "1", "z"}, WrongArity("bzmpop")},
      {{"BZPOPMIN", "z", "x"}, not_float},
      {{"BZPOPMIN", "z", "nan"}, not_float},
      {{"BZPOPMAX", "z", "-1"}, negative},
      {{"BZPOPMIN", "z", "inf"}, negative},
      {{"BZPOPMIN", "z", "1e16"}, negative},
      {{"BZMPOP", "x", "1", "z", "MIN"}, not_float},
      {{"BZMPOP", "-1", "1", "z", "MIN"}, negative},
      // The numkeys form is read before the timeout.
      {{"BZMPOP", "-1", "0", "z", "MIN"}, Err("ERR numkeys should be greater than 0")},
      {{"BZMPOP", "x", "1", "z", "LEFT"}, kSyntax},
      {{"BZMPOP", "x", "1", "z", "MIN", "COUNT", "0"}, Err("ERR count should be greater than 0")},
      {{"BZMPOP", "0", "1", "z", "MIN", "COUNT"}, kSyntax},
      {{"BZMPOP", "0", "5", "z", "MIN"}, kSyntax},
      {{"SET", "s", "v"}, kOk},
      {{"BZPOPMIN", "s", "0"}, kWrongType},
      {{"BZPOPMAX", "missing", "s", "0"}, kWrongType},
      {{"BZMPOP", "0", "1", "s", "MIN"}, kWrongType},
      {{"BZMPOP", "0.01", "2", "missing", "s", "MAX"}, kWrongType},
  });
}

TEST_F(BlockingZSet, ABzpopminWaiterIsServedByALaterZadd) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto writer = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BZPOPMIN", "z", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *waiter));
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "z", "2", "b", "1", "a"}), Int(2)));
    ASSERT_TRUE(waiter->Exchange("", KeyMemberScore("z", "a", "1")));
    ASSERT_TRUE(
        writer->Exchange(Resp({"ZRANGE", "z", "0", "-1", "WITHSCORES"}), Flat({{"b", "2"}})));
    EXPECT_EQ(InfoClientsField(*writer, "blocked_clients"), "0");
  });
}

TEST_F(BlockingZSet, WaitersOnOneKeyAreServedInTheOrderTheyBlocked) {
  ForBoth([](uint16_t port) {
    auto first = Connect(port);
    auto second = Connect(port);
    auto writer = Connect(port);
    // One ZADD of two members serves both: each pops from its own end, first come first.
    ASSERT_TRUE(first->Send(Resp({"BZPOPMIN", "z", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *first));
    ASSERT_TRUE(second->Send(Resp({"BZPOPMAX", "z", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 2, *second));
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "z", "1", "a", "2", "b"}), Int(2)));
    ASSERT_TRUE(first->Exchange("", KeyMemberScore("z", "a", "1")));
    ASSERT_TRUE(second->Exchange("", KeyMemberScore("z", "b", "2")));
    ASSERT_TRUE(writer->Exchange(Resp({"EXISTS", "z"}), Int(0)));

    // A ZADD of one member serves the first waiter; the second waits on for the next.
    ASSERT_TRUE(first->Send(Resp({"BZPOPMIN", "z", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *first));
    ASSERT_TRUE(second->Send(Resp({"BZPOPMIN", "z", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 2, *second));
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "z", "5", "x"}), Int(1)));
    ASSERT_TRUE(first->Exchange("", KeyMemberScore("z", "x", "5")));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *second));
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "z", "6", "y", "7", "w"}), Int(2)));
    ASSERT_TRUE(second->Exchange("", KeyMemberScore("z", "y", "6")));
    ASSERT_TRUE(writer->Exchange(Resp({"ZRANGE", "z", "0", "-1"}), BulkArray({"w"})));
  });
}

TEST_F(BlockingZSet, ABzpopmaxWaiterOnSeveralKeysIsServedInResp3) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto writer = Connect(port);
    SwitchToResp3(*waiter);
    ASSERT_TRUE(waiter->Send(Resp({"BZPOPMAX", "z1", "z2", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *waiter));
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "z2", "1", "a", "3", "c", "2.5", "b"}), Int(3)));
    ASSERT_TRUE(waiter->Exchange("", KeyMemberScore("z2", "c", "3", 3)));
    ASSERT_TRUE(writer->Exchange(Resp({"ZCARD", "z2"}), Int(2)));
  });
}

TEST_F(BlockingZSet, BzmpopWaitsThenPopsUpToCount) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto writer = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BZMPOP", "0", "2", "a", "b", "MAX", "COUNT", "2"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *waiter));
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "b", "1", "x", "2", "y", "3", "z"}), Int(3)));
    ASSERT_TRUE(waiter->Exchange("", KeyAndPairs("b", {{"z", "3"}, {"y", "2"}})));
    ASSERT_TRUE(writer->Exchange(Resp({"ZRANGE", "b", "0", "-1"}), BulkArray({"x"})));
  });
}

TEST_F(BlockingZSet, TimeoutsReplyANullArray) {
  ForBoth([](uint16_t port) {
    auto client = Connect(port);
    ASSERT_NO_FATAL_FAILURE(ExpectEachTimesOut(
        *client, {
                     {{"BZPOPMIN", "n", "0.2"}, milliseconds(200)},
                     {{"BZPOPMAX", "n", "m", "0.1"}, milliseconds(100)},
                     {{"BZMPOP", "0.1", "1", "n", "MIN"}, milliseconds(100)},
                     {{"BZMPOP", "0.1", "2", "n", "m", "MAX", "COUNT", "3"}, milliseconds(100)},
                 }));
    SwitchToResp3(*client);
    ASSERT_TRUE(client->Exchange(Resp({"BZPOPMIN", "n", "0.1"}), "_\r\n"));
    ASSERT_TRUE(client->Exchange(Resp({"BZPOPMAX", "n", "0.1"}), "_\r\n"));
    ASSERT_TRUE(client->Exchange(Resp({"BZMPOP", "0.1", "1", "n", "MAX"}), "_\r\n"));
    ASSERT_TRUE(client->Exchange(Resp({"EXISTS", "n", "m"}), Int(0)));
  });
}

// Redis 7.0 serves a waiter only from a value of the type it waits for.
TEST_F(BlockingZSet, AZaddWakesTheSortedSetWaitersOfAKeyAndNotItsListWaiters) {
  ForBoth([](uint16_t port) {
    auto list_waiter = Connect(port);
    auto zset_waiter = Connect(port);
    auto writer = Connect(port);
    // The list waiter came first: a ZADD must pass it by, neither re-running it nor moving it.
    ASSERT_TRUE(list_waiter->Send(Resp({"BLPOP", "k", "0.3"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *list_waiter));
    ASSERT_TRUE(zset_waiter->Send(Resp({"BZPOPMIN", "k", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 2, *zset_waiter));
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "k", "1", "m"}), Int(1)));
    ASSERT_TRUE(zset_waiter->Exchange("", KeyMemberScore("k", "m", "1")));
    EXPECT_EQ(InfoClientsField(*writer, "blocked_clients"), "1");
    ASSERT_TRUE(list_waiter->Exchange("", kNullArray)) << "BLPOP times out, not WRONGTYPE";

    // And the other way round: a push wakes the list waiter only.
    ASSERT_TRUE(zset_waiter->Send(Resp({"BZPOPMAX", "j", "0.3"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *zset_waiter));
    ASSERT_TRUE(list_waiter->Send(Resp({"BLPOP", "j", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 2, *list_waiter));
    ASSERT_TRUE(writer->Exchange(Resp({"RPUSH", "j", "x"}), Int(1)));
    ASSERT_TRUE(list_waiter->Exchange("", BulkArray({"j", "x"})));
    ASSERT_TRUE(zset_waiter->Exchange("", kNullArray));
    ASSERT_TRUE(writer->Exchange(Resp({"EXISTS", "j", "k"}), Int(0)));
  });
}

TEST_F(BlockingZSet, ZrangestoreIntoAWaitedKeyServesTheWaiter) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto writer = Connect(port);
    ASSERT_TRUE(writer->Exchange(Resp({"ZADD", "src", "1", "a", "2", "b", "3", "c"}), Int(3)));
    ASSERT_TRUE(waiter->Send(Resp({"BZPOPMAX", "dst", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *waiter));
    // The waiter is served right after the ZRANGESTORE, before the writer's next command.
    ASSERT_TRUE(writer->Exchange(
        Resp({"ZRANGESTORE", "dst", "src", "0", "1"}) + Resp({"ZRANGE", "dst", "0", "-1"}),
        Int(2) + BulkArray({"a"})));
    ASSERT_TRUE(waiter->Exchange("", KeyMemberScore("dst", "b", "2")));
    ASSERT_TRUE(writer->Exchange(Resp({"ZCARD", "src"}), Int(3)));
  });
}

TEST_F(BlockingZSet, AWaiterThatDisconnectsIsForgotten) {
  auto admin = Connect(port());
  {
    auto waiter = Connect(port());
    ASSERT_TRUE(waiter->Send(Resp({"BZPOPMIN", "gone", "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
  }
  ASSERT_TRUE(AwaitNoneBlocked(*admin));
  ASSERT_TRUE(admin->Exchange(Resp({"ZADD", "gone", "1", "m"}), Int(1)));
  ASSERT_TRUE(admin->Exchange(Resp({"ZCARD", "gone"}), Int(1))) << "nobody took it";
}

TEST_F(BlockingZSet, ClientUnblockEndsAWaitWithATimeoutOrAnError) {
  ForBoth([](uint16_t port) {
    auto admin = Connect(port);
    auto waiter = Connect(port);
    const std::string id = ClientId(*waiter);
    ASSERT_TRUE(waiter->Send(Resp({"BZPOPMIN", "z", "0"}) + Resp({"PING"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "UNBLOCK", id, "TIMEOUT"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", kNullArray + "+PONG\r\n"));

    ASSERT_TRUE(waiter->Send(Resp({"BZMPOP", "0", "1", "z", "MIN"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "UNBLOCK", id, "ERROR"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", Err("UNBLOCKED client unblocked via CLIENT UNBLOCK")));
    EXPECT_EQ(InfoClientsField(*admin, "blocked_clients"), "0");

    // The ZADD after the unblock finds nobody waiting.
    ASSERT_TRUE(admin->Exchange(Resp({"ZADD", "z", "1", "m"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange(Resp({"ZCARD", "z"}), Int(1)));
  });
}

}  // namespace
}  // namespace stepdb
