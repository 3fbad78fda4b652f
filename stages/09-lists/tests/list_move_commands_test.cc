// LMOVE, RPOPLPUSH and LMPOP, and the blocking commands where they need not wait
// (redis_blocking_list_commands.h), black-box over a socket against stepdb-stage09.
//
// A list's replies have a fixed order, so every table here runs on this server and, when it
// is installed, on redis-server 7.0, where every expected reply came from. The waits
// themselves (a blocked client served by a push, timeouts, CLIENT UNBLOCK) are
// blocking_commands_test.cc's.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "redis_command_test_support.h"

namespace stepdb {
namespace {

using testkit::TestClient;

const std::string kWrongType =
    Err("WRONGTYPE Operation against a key holding the wrong kind of value");
const std::string kSyntax = Err("ERR syntax error");
const std::string kNullArray = "*-1\r\n";
const std::string kTimeoutNotFloat = Err("ERR timeout is not a float or out of range");
const std::string kTimeoutNegative = Err("ERR timeout is negative");
const std::string kNumkeys = Err("ERR numkeys should be greater than 0");
const std::string kCount = Err("ERR count should be greater than 0");

std::string WrongArity(std::string_view command) {
  return Err("ERR wrong number of arguments for '" + std::string(command) + "' command");
}

// A RESP2 array of bulk strings, in the order given.
std::string BulkArray(const std::vector<std::string>& items) {
  std::string out = "*" + std::to_string(items.size()) + "\r\n";
  for (const std::string& item : items) out += Bulk(item);
  return out;
}

// LMPOP's and BLMPOP's reply: [key, [elements...]].
std::string KeyAndElements(const std::string& key, const std::vector<std::string>& elements) {
  return "*2\r\n" + Bulk(key) + BulkArray(elements);
}

class RedisListMove : public Stage06ServerTest {
 protected:
  // This server and, when installed, redis-server give every reply of `steps`.
  void ExpectOnBoth(const std::vector<Step>& steps) {
    ExpectReplies(port(), steps);
    ExpectRepliesFromRedis(steps);
  }

  // The same on connections switched to RESP3.
  void ExpectOnBothInResp3(const std::vector<Step>& steps) {
    {
      TestClient client(port());
      SwitchToResp3(client);
      ExpectReplies(client, steps);
    }
    std::unique_ptr<testkit::ServerProcess> redis = StartReferenceRedis();
    if (redis == nullptr) return;
    TestClient client(redis->port());
    SwitchToResp3(client);
    ExpectReplies(client, steps, "redis-server");
  }
};

TEST_F(RedisListMove, LmoveMovesOneElementBetweenAnyEnds) {
  ExpectOnBoth({
      {{"RPUSH", "src", "a", "b", "c", "d"}, Int(4)},
      {{"RPUSH", "dst", "x"}, Int(1)},
      {{"LMOVE", "src", "dst", "LEFT", "LEFT"}, Bulk("a")},
      {{"LMOVE", "src", "dst", "left", "right"}, Bulk("b")},
      {{"LMOVE", "src", "dst", "RIGHT", "LEFT"}, Bulk("d")},
      {{"LRANGE", "src", "0", "-1"}, BulkArray({"c"})},
      {{"LRANGE", "dst", "0", "-1"}, BulkArray({"d", "a", "x", "b"})},
      // The last element leaves: the source is deleted, the destination made.
      {{"LMOVE", "src", "new", "Right", "Right"}, Bulk("c")},
      {{"EXISTS", "src"}, Int(0)},
      {{"TYPE", "new"}, "+list\r\n"},
      {{"LRANGE", "new", "0", "-1"}, BulkArray({"c"})},
      // Nothing to move: nil, and nothing is made.
      {{"LMOVE", "missing", "dst", "LEFT", "LEFT"}, kNil},
      {{"EXISTS", "missing"}, Int(0)},
      {{"LLEN", "dst"}, Int(4)},
  });
}

TEST_F(RedisListMove, RpoplpushIsLmoveRightLeft) {
  ExpectOnBoth({
      {{"RPUSH", "src", "a", "b", "c"}, Int(3)},
      {{"RPOPLPUSH", "src", "dst"}, Bulk("c")},
      {{"RPOPLPUSH", "src", "dst"}, Bulk("b")},
      {{"LRANGE", "dst", "0", "-1"}, BulkArray({"b", "c"})},
      {{"RPOPLPUSH", "src", "src"}, Bulk("a")},
      {{"RPOPLPUSH", "src", "dst"}, Bulk("a")},
      {{"EXISTS", "src"}, Int(0)},
      {{"RPOPLPUSH", "src", "dst"}, kNil},
      {{"LRANGE", "dst", "0", "-1"}, BulkArray({"a", "b", "c"})},
  });
}

TEST_F(RedisListMove, LmoveOfAListOntoItselfRotatesIt) {
  ExpectOnBoth({
      {{"RPUSH", "l", "a", "b", "c"}, Int(3)},
      {{"LMOVE", "l", "l", "LEFT", "RIGHT"}, Bulk("a")},
      {{"LRANGE", "l", "0", "-1"}, BulkArray({"b", "c", "a"})},
      {{"LMOVE", "l", "l", "RIGHT", "LEFT"}, Bulk("a")},
      {{"LRANGE", "l", "0", "-1"}, BulkArray({"a", "b", "c"})},
      {{"LMOVE", "l", "l", "LEFT", "LEFT"}, Bulk("a")},
      {{"LMOVE", "l", "l", "RIGHT", "RIGHT"}, Bulk("c")},
      {{"LRANGE", "l", "0", "-1"}, BulkArray({"a", "b", "c"})},
      // A list of one element turns onto itself and stays.
      {{"RPUSH", "one", "x"}, Int(1)},
      {{"LMOVE", "one", "one", "LEFT", "RIGHT"}, Bulk("x")},
      {{"LRANGE", "one", "0", "-1"}, BulkArray({"x"})},
      // A full turn, element by element, gives the list back.
      {{"RPOPLPUSH", "l", "l"}, Bulk("c")},
      {{"RPOPLPUSH", "l", "l"}, Bulk("b")},
      {{"RPOPLPUSH", "l", "l"}, Bulk("a")},
      {{"LRANGE", "l", "0", "-1"}, BulkArray({"a", "b", "c"})},
  });
}

TEST_F(RedisListMove, LmoveOfAnotherTypeOnEitherSideIsWrongTypeAndChangesNothing) {
  ExpectOnBoth({
      {{"SET", "s", "v"}, kOk},
      {{"RPUSH", "l", "a", "b"}, Int(2)},
      {{"LMOVE", "l", "s", "LEFT", "RIGHT"}, kWrongType},
      {{"LMOVE", "s", "l", "LEFT", "RIGHT"}, kWrongType},
      {{"RPOPLPUSH", "l", "s"}, kWrongType},
      {{"RPOPLPUSH", "s", "l"}, kWrongType},
      {{"LRANGE", "l", "0", "-1"}, BulkArray({"a", "b"})},
      {{"GET", "s"}, Bulk("v")},
      // An empty source is nil, whatever the destination holds (Redis looks no further).
      {{"LMOVE", "missing", "s", "LEFT", "RIGHT"}, kNil},
      {{"RPOPLPUSH", "missing", "s"}, kNil},
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"LMOVE", "l", "h", "RIGHT", "LEFT"}, kWrongType},
      {{"LLEN", "l"}, Int(2)},
  });
}

TEST_F(RedisListMove, LmoveArgumentErrors) {
  ExpectOnBoth({
      {{"RPUSH", "l", "a"}, Int(1)},
      {{"LMOVE", "l", "d", "LEFT"}, WrongArity("lmove")},
      {{"LMOVE", "l", "d", "LEFT", "RIGHT", "LEFT"}, WrongArity("lmove")},
      {{"LMOVE", "l", "d", "UP", "RIGHT"}, kSyntax},
      {{"LMOVE", "l", "d", "LEFT", "LEFTY"}, kSyntax},
      {{"LMOVE", "missing", "d", "UP", "RIGHT"}, kSyntax},
      {{"RPOPLPUSH", "l"}, WrongArity("rpoplpush")},
      {{"RPOPLPUSH", "l", "d", "x"}, WrongArity("rpoplpush")},
      {{"LLEN", "l"}, Int(1)},
  });
}

TEST_F(RedisListMove, LmpopPopsFromTheFirstListThatHasElements) {
  ExpectOnBoth({
      {{"RPUSH", "b", "1", "2", "3", "4"}, Int(4)},
      {{"LMPOP", "2", "a", "b", "LEFT"}, KeyAndElements("b", {"1"})},
      {{"LMPOP", "2", "a", "b", "RIGHT", "COUNT", "2"}, KeyAndElements("b", {"4", "3"})},
      {{"RPUSH", "a", "x"}, Int(1)},
      {{"LMPOP", "2", "a", "b", "left", "count", "10"}, KeyAndElements("a", {"x"})},
      {{"EXISTS", "a"}, Int(0)},
      {{"LMPOP", "1", "b", "RIGHT", "COUNT", "9223372036854775807"}, KeyAndElements("b", {"2"})},
      {{"EXISTS", "b"}, Int(0)},
      {{"LMPOP", "2", "a", "b", "LEFT"}, kNullArray},
      // A key of another type before the list is WRONGTYPE; after it, never looked at.
      {{"SET", "s", "v"}, kOk},
      {{"RPUSH", "l", "e"}, Int(1)},
      {{"LMPOP", "2", "s", "l", "LEFT"}, kWrongType},
      {{"LMPOP", "2", "missing", "s", "LEFT"}, kWrongType},
      {{"LMPOP", "2", "l", "s", "LEFT"}, KeyAndElements("l", {"e"})},
  });
}

TEST_F(RedisListMove, LmpopArgumentErrors) {
  ExpectOnBoth({
      {{"RPUSH", "l", "a"}, Int(1)},
      {{"LMPOP", "1", "l"}, WrongArity("lmpop")},
      {{"LMPOP", "0", "l", "LEFT"}, kNumkeys},
      {{"LMPOP", "-1", "l", "LEFT"}, kNumkeys},
      {{"LMPOP", "x", "l", "LEFT"}, kNumkeys},
      {{"LMPOP", "01", "l", "LEFT"}, kNumkeys},
      {{"LMPOP", "99999999999999999999", "l", "LEFT"}, kNumkeys},
      // More keys than arguments, or no room left for LEFT|RIGHT.
      {{"LMPOP", "2", "l", "LEFT"}, kSyntax},
      {{"LMPOP", "9223372036854775807", "l", "LEFT"}, kSyntax},
      {{"LMPOP", "1", "l", "UP"}, kSyntax},
      {{"LMPOP", "1", "l", "LEFT", "COUNT"}, kSyntax},
      {{"LMPOP", "1", "l", "LEFT", "LIMIT", "1"}, kSyntax},
      {{"LMPOP", "1", "l", "LEFT", "COUNT", "0"}, kCount},
      {{"LMPOP", "1", "l", "LEFT", "COUNT", "-1"}, kCount},
      {{"LMPOP", "1", "l", "LEFT", "COUNT", "x"}, kCount},
      {{"LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"}, kSyntax},
      {{"LLEN", "l"}, Int(1)},
  });
}

TEST_F(RedisListMove, NilsAreResp3Nulls) {
  ExpectOnBothInResp3({
      {{"LMOVE", "missing", "d", "LEFT", "LEFT"}, "_\r\n"},
      {{"RPOPLPUSH", "missing", "d"}, "_\r\n"},
      {{"LMPOP", "1", "missing", "LEFT"}, "_\r\n"},
      {{"RPUSH", "l", "a", "b"}, Int(2)},
      {{"LMPOP", "1", "l", "LEFT", "COUNT", "2"}, KeyAndElements("l", {"a", "b"})},
      {{"BLPOP", "missing", "0.01"}, "_\r\n"},
  });
}

TEST_F(RedisListMove, BlockingCommandsServeAtOnceWhenAListHasElements) {
  // Timeout 0 would wait forever: every reply below comes without a wait.
  ExpectOnBoth({
      {{"RPUSH", "l", "a", "b", "c", "d", "e", "f"}, Int(6)},
      {{"BLPOP", "l", "0"}, BulkArray({"l", "a"})},
      {{"BRPOP", "l", "0"}, BulkArray({"l", "f"})},
      {{"BLPOP", "missing", "l", "0"}, BulkArray({"l", "b"})},
      {{"BLMOVE", "l", "d", "LEFT", "RIGHT", "0"}, Bulk("c")},
      {{"BRPOPLPUSH", "l", "d", "0"}, Bulk("e")},
      {{"LRANGE", "d", "0", "-1"}, BulkArray({"e", "c"})},
      {{"BLMPOP", "0", "2", "missing", "d", "RIGHT", "COUNT", "5"},
       KeyAndElements("d", {"c", "e"})},
      {{"BLMOVE", "l", "l", "LEFT", "RIGHT", "0"}, Bulk("d")},
      {{"BLPOP", "l", "0"}, BulkArray({"l", "d"})},
      {{"EXISTS", "l", "d"}, Int(0)},
  });
}

TEST_F(RedisListMove, BlockingCommandsOnAnotherTypeAreWrongTypeAtOnce) {
  ExpectOnBoth({
      {{"SET", "s", "v"}, kOk},
      {{"RPUSH", "l", "a"}, Int(1)},
      {{"BLPOP", "s", "0"}, kWrongType},
      {{"BRPOP", "missing", "s", "0"}, kWrongType},
      {{"BLMOVE", "s", "d", "LEFT", "LEFT", "0"}, kWrongType},
      {{"BLMOVE", "l", "s", "LEFT", "LEFT", "0"}, kWrongType},
      {{"BRPOPLPUSH", "s", "d", "0"}, kWrongType},
      {{"BLMPOP", "0", "2", "missing", "s", "LEFT"}, kWrongType},
      // The first list with an element is served before the other type is reached.
      {{"BLPOP", "l", "s", "0"}, BulkArray({"l", "a"})},
      {{"GET", "s"}, Bulk("v")},
  });
}

TEST_F(RedisListMove, BlockingCommandsArgumentErrors) {
  ExpectOnBoth({
      {{"BLPOP", "l"}, WrongArity("blpop")},
      {{"BRPOP", "l"}, WrongArity("brpop")},
      {{"BLMOVE", "l", "d", "LEFT", "LEFT"}, WrongArity("blmove")},
      {{"BRPOPLPUSH", "l", "d"}, WrongArity("brpoplpush")},
      {{"BLMPOP", "0", "1", "l"}, WrongArity("blmpop")},
      // Timeouts: seconds as a float; what is not a float, then what is negative or too large
      // for 64-bit milliseconds (Redis's own conversion makes those negative).
      {{"BLPOP", "l", "x"}, kTimeoutNotFloat},
      {{"BLPOP", "l", "nan"}, kTimeoutNotFloat},
      {{"BLPOP", "l", ""}, kTimeoutNotFloat},
      {{"BLPOP", "l", "1.5e"}, kTimeoutNotFloat},
      {{"BLPOP", "l", "1e-5000"}, kTimeoutNotFloat},
      {{"BLPOP", "l", "-1"}, kTimeoutNegative},
      {{"BLPOP", "l", "-0.0011"}, kTimeoutNegative},
      {{"BRPOP", "l", "-inf"}, kTimeoutNegative},
      {{"BRPOP", "l", "inf"}, kTimeoutNegative},
      {{"BRPOP", "l", "1e400"}, kTimeoutNegative},
      {{"BRPOP", "l", "9223372036854775.808"}, kTimeoutNegative},
      {{"BRPOPLPUSH", "l", "d", "x"}, kTimeoutNotFloat},
      {{"BRPOPLPUSH", "l", "d", "-2"}, kTimeoutNegative},
      // BLMOVE reads its ends before its timeout; a key of another type comes after both.
      {{"SET", "s", "v"}, kOk},
      {{"BLMOVE", "s", "d", "UP", "LEFT", "x"}, kSyntax},
      {{"BLMOVE", "s", "d", "LEFT", "UP", "x"}, kSyntax},
      {{"BLMOVE", "s", "d", "LEFT", "LEFT", "x"}, kTimeoutNotFloat},
      {{"BLMOVE", "s", "d", "LEFT", "LEFT", "-1"}, kTimeoutNegative},
      {{"BLPOP", "s", "x"}, kTimeoutNotFloat},
      // BLMPOP reads numkeys, the end and COUNT before its timeout.
      {{"BLMPOP", "x", "0", "l", "LEFT"}, kNumkeys},
      {{"BLMPOP", "x", "2", "l", "LEFT"}, kSyntax},
      {{"BLMPOP", "x", "1", "l", "UP"}, kSyntax},
      {{"BLMPOP", "x", "1", "l", "LEFT", "COUNT", "0"}, kCount},
      {{"BLMPOP", "x", "1", "l", "LEFT", "COUNT"}, kSyntax},
      {{"BLMPOP", "x", "1", "l", "LEFT"}, kTimeoutNotFloat},
      {{"BLMPOP", "-1", "1", "s", "LEFT"}, kTimeoutNegative},
      {{"BLMPOP", "0", "1", "s", "LEFT"}, kWrongType},
  });
}

TEST_F(RedisListMove, TimeoutsAreMillisecondsRoundedUp) {
  // A positive timeout under a millisecond waits one, rather than forever.
  ExpectOnBoth({
      {{"BLPOP", "l", "0.0001"}, kNullArray},
      {{"BLPOP", "l", "1e-10"}, kNullArray},
      {{"BRPOPLPUSH", "l", "d", "0.0005"}, kNullArray},
      {{"BRPOP", "l", "-0.0011"}, kTimeoutNegative},
      {{"BRPOP", "l", "9223372036854775.8075"}, kTimeoutNegative},
  });
  // Rounded up, -0.0009 s is 0 ms: forever, until CLIENT UNBLOCK ends it.
  TestClient waiter(port());
  TestClient other(port());
  ASSERT_TRUE(waiter.Send(Resp({"CLIENT", "ID"})));
  const std::string id = ReadReply(waiter).text;
  ASSERT_TRUE(waiter.Send(Resp({"BLPOP", "l", "-0.0009"})));
  for (int attempt = 0; attempt < 1000; ++attempt) {
    ASSERT_EQ(waiter.ReadAvailable(), "") << "BLPOP l -0.0009 answered instead of blocking";
    ASSERT_TRUE(other.Send(Resp({"INFO", "clients"})));
    if (ReadReply(other).text.find("blocked_clients:1\r\n") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_TRUE(other.Exchange(Resp({"CLIENT", "UNBLOCK", id}), Int(1)));
  EXPECT_TRUE(waiter.Exchange("", kNullArray));
}

TEST_F(RedisListMove, CommandInfoIsRedis) {
  struct Expected {
    std::string name;
    long long arity;
    std::vector<std::string> flags;
    long long first, last, step;
  };
  const std::vector<Expected> commands = {
      {"lmove", 5, {"write", "denyoom"}, 1, 2, 1},
      {"rpoplpush", 3, {"write", "denyoom"}, 1, 2, 1},
      {"lmpop", -4, {"write"}, 0, 0, 0},
      {"blpop", -3, {"write", "noscript", "blocking"}, 1, -2, 1},
      {"brpop", -3, {"write", "noscript", "blocking"}, 1, -2, 1},
      {"blmove", 6, {"write", "denyoom", "noscript", "blocking"}, 1, 2, 1},
      {"brpoplpush", 4, {"write", "denyoom", "noscript", "blocking"}, 1, 2, 1},
      {"blmpop", -5, {"write", "blocking"}, 0, 0, 0},
  };
  TestClient client(port());
  for (const Expected& expected : commands) {
    SCOPED_TRACE(expected.name);
    ASSERT_TRUE(client.Send(Resp({"COMMAND", "INFO", expected.name})));
    const Reply reply = ReadReply(client);
    ASSERT_EQ(reply.items.size(), 1u);
    const Reply& info = reply.items[0];
    ASSERT_GE(info.items.size(), 7u);
    EXPECT_EQ(info.items[0].text, expected.name);
    EXPECT_EQ(info.items[1].text, std::to_string(expected.arity));
    std::vector<std::string> flags;
    for (const Reply& flag : info.items[2].items) flags.push_back(flag.text);
    EXPECT_EQ(flags, expected.flags);
    EXPECT_EQ(info.items[3].text, std::to_string(expected.first));
    EXPECT_EQ(info.items[4].text, std::to_string(expected.last));
    EXPECT_EQ(info.items[5].text, std::to_string(expected.step));
    std::vector<std::string> categories;
    for (const Reply& category : info.items[6].items) categories.push_back(category.text);
    EXPECT_NE(std::find(categories.begin(), categories.end(), "@list"), categories.end());
  }
}

}  // namespace
}  // namespace stepdb
