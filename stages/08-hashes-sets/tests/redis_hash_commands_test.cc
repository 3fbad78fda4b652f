// The hash commands (redis_hash_commands.h) and the collection scans (collection_scan.h),
// black-box over a socket against stepdb-stage08, and in-process for what the wire cannot show
// yet (a set to SSCAN, INFO's hit counters).
//
// Every expected reply in the tables run by ExpectOnBoth was taken from redis-server 7.0.15
// with the same requests, and is checked against redis-server too when it is installed. Where
// a reply lists several fields, Redis's order (its hash table's) and ours (the fields' hashes)
// differ, and both servers' replies are compared sorted.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "collection.h"
#include "common/testkit/status_matchers.h"
#include "redis_command_test_support.h"
#include "typed_server.h"

namespace stepdb {
namespace {

using namespace std::string_literals;

const std::string kHashNotInteger = Err("ERR hash value is not an integer");
const std::string kHashNotFloat = Err("ERR hash value is not a float");
const std::string kOverflow = Err("ERR increment or decrement would overflow");
const std::string kEmptyScan = "*2\r\n$1\r\n0\r\n*0\r\n";

// (field, value) pairs from a flat field, value, field, value... list, sorted.
std::vector<std::pair<std::string, std::string>> SortedPairs(const std::vector<std::string>& flat) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i + 1 < flat.size(); i += 2) pairs.emplace_back(flat[i], flat[i + 1]);
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

std::vector<std::string> Sorted(std::vector<std::string> texts) {
  std::sort(texts.begin(), texts.end());
  return texts;
}

Reply Request(testkit::TestClient& client, const std::vector<std::string>& request) {
  EXPECT_TRUE(client.Send(Resp(request)));
  return ReadReply(client);
}

// The reply to a scan: the cursor and the page's items.
struct ScanReply {
  std::string cursor;
  std::vector<std::string> items;
};

ScanReply Scan(testkit::TestClient& client, const std::vector<std::string>& request) {
  const Reply reply = Request(client, request);
  EXPECT_EQ(reply.type, '*') << request[0] << " replied " << reply.text;
  EXPECT_EQ(reply.items.size(), 2u);
  if (reply.type != '*' || reply.items.size() != 2) return {};
  return {reply.items[0].text, Texts(reply.items[1])};
}

// A stepdb-stage08 server for the socket tests.
class RedisHash : public RedisOracleTest {
 protected:
  // Runs `setup` then `request` on this server and on redis-server (when installed), and
  // checks that both replies hold the same elements in some order, and those are `expected`
  // (sorted).
  void ExpectSortedOnBoth(const std::vector<std::vector<std::string>>& setup,
                          const std::vector<std::string>& request,
                          const std::vector<std::string>& expected) {
    ForBoth([&](testkit::TestClient& client, const std::string& server) {
      for (const std::vector<std::string>& step : setup) {
        const Reply reply = Request(client, step);
        ASSERT_NE(reply.type, '-') << server << ": " << step[0] << " failed: " << reply.text;
      }
      const Reply reply = Request(client, request);
      EXPECT_EQ(Sorted(Texts(reply)), Sorted(expected)) << server << ": " << request[0];
    });
  }

  // HSET key with `fields` fields "f<i>" -> "v<i>", in one command.
  void FillHash(testkit::TestClient& client, const std::string& key, int fields) {
    std::vector<std::string> hset = {"HSET", key};
    for (int i = 0; i < fields; ++i) {
      hset.push_back("f" + std::to_string(i));
      hset.push_back("v" + std::to_string(i));
    }
    ASSERT_TRUE(client.Exchange(Resp(hset), Int(fields)));
  }
};

TEST_F(RedisHash, HsetHsetnxHgetAndHmset) {
  ExpectOnBoth({
      {{"HSET", "h", "a", "1", "b", "2"}, Int(2)},
      {{"HSET", "h", "a", "3", "c", "4"}, Int(1)},
      {{"HSET", "h", "d", "x", "d", "y"}, Int(1)},  // a field named twice counts once...
      {{"HGET", "h", "d"}, Bulk("y")},              // ...and keeps its last value
      {{"HGET", "h", "a"}, Bulk("3")},
      {{"HGET", "h", "missing"}, kNil},
      {{"HGET", "missing", "a"}, kNil},
      {{"HSETNX", "h", "a", "9"}, Int(0)},
      {{"HGET", "h", "a"}, Bulk("3")},
      {{"HSETNX", "h", "e", "5"}, Int(1)},
      {{"HSETNX", "new", "f", "v"}, Int(1)},
      {{"HMSET", "h", "a", "10", "z", "26"}, kOk},
      {{"HGET", "h", "z"}, Bulk("26")},
      {{"HSET", "empty", "", ""}, Int(1)},
      {{"HGET", "empty", ""}, Bulk("")},
      {{"HSET", "bin", "f\r\n\0"s, "v\0\r\n"s}, Int(1)},
      {{"HGET", "bin", "f\r\n\0"s}, Bulk("v\0\r\n"s)},
      {{"TYPE", "h"}, "+hash\r\n"},
  });
}

TEST_F(RedisHash, HmgetHlenHstrlenHexistsAndHdel) {
  ExpectOnBoth({
      {{"HSET", "h", "a", "1", "bb", "22", "ccc", "333"}, Int(3)},
      {{"HMGET", "h", "a", "missing", "ccc"}, "*3\r\n" + Bulk("1") + kNil + Bulk("333")},
      {{"HMGET", "missing", "a", "b"}, "*2\r\n"s + kNil + kNil},
      {{"HLEN", "h"}, Int(3)},
      {{"HLEN", "missing"}, Int(0)},
      {{"HSTRLEN", "h", "ccc"}, Int(3)},
      {{"HSTRLEN", "h", "missing"}, Int(0)},
      {{"HSTRLEN", "missing", "a"}, Int(0)},
      {{"HEXISTS", "h", "bb"}, Int(1)},
      {{"HEXISTS", "h", "missing"}, Int(0)},
      {{"HEXISTS", "missing", "a"}, Int(0)},
      {{"HDEL", "h", "a", "a", "missing"}, Int(1)},
      {{"HDEL", "missing", "a"}, Int(0)},
      {{"HLEN", "h"}, Int(2)},
      {{"HDEL", "h", "bb", "ccc"}, Int(2)},  // the last field takes the key with it
      {{"EXISTS", "h"}, Int(0)},
      {{"HLEN", "h"}, Int(0)},
      {{"HSET", "h", "a", "again"}, Int(1)},
      {{"HGETALL", "h"}, BulkArray({"a", "again"})},
  });
}

TEST_F(RedisHash, HkeysHvalsAndHgetallOfOneField) {
  ExpectOnBoth({
      {{"HKEYS", "missing"}, "*0\r\n"},
      {{"HVALS", "missing"}, "*0\r\n"},
      {{"HGETALL", "missing"}, "*0\r\n"},
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"HKEYS", "h"}, BulkArray({"f"})},
      {{"HVALS", "h"}, BulkArray({"v"})},
      {{"HGETALL", "h"}, BulkArray({"f", "v"})},
  });
}

TEST_F(RedisHash, HkeysHvalsAndHgetallOfManyFieldsMatchRedisInSomeOrder) {
  const std::vector<std::vector<std::string>> setup = {
      {"DEL", "h"}, {"HSET", "h", "one", "1", "two", "2", "three", "3", "four", "4"}};
  ExpectSortedOnBoth(setup, {"HKEYS", "h"}, {"one", "two", "three", "four"});
  ExpectSortedOnBoth(setup, {"HVALS", "h"}, {"1", "2", "3", "4"});
  testkit::TestClient client(port());
  for (const auto& step : setup) (void)Request(client, step);
  const Reply all = Request(client, {"HGETALL", "h"});
  ASSERT_EQ(all.type, '*');
  EXPECT_EQ(SortedPairs(Texts(all)),
            SortedPairs({"four", "4", "one", "1", "three", "3", "two", "2"}));
}

TEST_F(RedisHash, HsetKeepsTheKeysExpiry) {
  ExpectOnBoth({
      {{"HSET", "h", "a", "1"}, Int(1)},
      {{"EXPIREAT", "h", "4102444800"}, Int(1)},
      {{"HSET", "h", "b", "2"}, Int(1)},
      {{"HINCRBY", "h", "n", "1"}, Int(1)},
      {{"HDEL", "h", "a"}, Int(1)},
      {{"EXPIRETIME", "h"}, Int(4102444800)},
      {{"HDEL", "h", "b", "n"}, Int(2)},
      {{"HSET", "h", "c", "3"}, Int(1)},  // a new hash: the old one's expiry went with it
      {{"TTL", "h"}, Int(-1)},
  });
}

TEST_F(RedisHash, Hincrby) {
  ExpectOnBoth({
      {{"HINCRBY", "h", "n", "5"}, Int(5)},
      {{"HINCRBY", "h", "n", "-7"}, Int(-2)},
      {{"HGET", "h", "n"}, Bulk("-2")},
      {{"HINCRBY", "h", "n", "0"}, Int(-2)},
      {{"HSET", "h", "max", "9223372036854775806"}, Int(1)},
      {{"HINCRBY", "h", "max", "1"}, Int(9223372036854775807)},
      {{"HINCRBY", "h", "max", "1"}, kOverflow},
      {{"HINCRBY", "h", "min", "-9223372036854775808"}, ":-9223372036854775808\r\n"},
      {{"HINCRBY", "h", "min", "-1"}, kOverflow},
      {{"HGET", "h", "min"}, Bulk("-9223372036854775808")},
      {{"HINCRBY", "h", "n", "x"}, kNotInteger},
      {{"HINCRBY", "h", "n", "1.5"}, kNotInteger},
      {{"HINCRBY", "h", "n", "9223372036854775808"}, kNotInteger},
      {{"HSET", "h", "word", "abc", "spaced", " 1", "float", "1.0", "empty", ""}, Int(4)},
      {{"HINCRBY", "h", "word", "1"}, kHashNotInteger},
      {{"HINCRBY", "h", "spaced", "1"}, kHashNotInteger},
      {{"HINCRBY", "h", "float", "1"}, kHashNotInteger},
      {{"HINCRBY", "h", "empty", "1"}, kHashNotInteger},
      {{"HGET", "h", "word"}, Bulk("abc")},
  });
}

TEST_F(RedisHash, Hincrbyfloat) {
  ExpectOnBoth({
      {{"HINCRBYFLOAT", "h", "f", "1.5"}, Bulk("1.5")},
      {{"HINCRBYFLOAT", "h", "f", "1.5"}, Bulk("3")},
      {{"HINCRBYFLOAT", "h", "f", "-0.25"}, Bulk("2.75")},
      {{"HINCRBYFLOAT", "h", "f", "5.0e3"}, Bulk("5002.75")},
      {{"HINCRBYFLOAT", "h", "f", "0x10"}, Bulk("5018.75")},
      {{"HGET", "h", "f"}, Bulk("5018.75")},
      {{"HSET", "h", "i", "10"}, Int(1)},
      {{"HINCRBYFLOAT", "h", "i", "0.1"}, Bulk("10.1")},
      {{"HINCRBYFLOAT", "h", "p", "1.6"}, Bulk("1.6")},
      {{"HINCRBYFLOAT", "h", "p", "1000"}, Bulk("1001.59999999999999998")},
      {{"HINCRBYFLOAT", "h", "f", "abc"}, kNotFloat},
      {{"HINCRBYFLOAT", "h", "f", "nan"}, kNotFloat},
      {{"HINCRBYFLOAT", "h", "f", ""}, kNotFloat},
      {{"HINCRBYFLOAT", "h", "f", "inf"}, Err("ERR value is NaN or Infinity")},
      {{"HINCRBYFLOAT", "h", "f", "-inf"}, Err("ERR value is NaN or Infinity")},
      {{"HSET", "h", "word", "abc", "spaced", " 1", "empty", ""}, Int(3)},
      {{"HINCRBYFLOAT", "h", "word", "1"}, kHashNotFloat},
      {{"HINCRBYFLOAT", "h", "spaced", "1"}, kHashNotFloat},
      {{"HINCRBYFLOAT", "h", "empty", "1"}, kHashNotFloat},
      {{"HSET", "h", "huge", "1e4932"}, Int(1)},
      {{"HINCRBYFLOAT", "h", "huge", "1e4932"}, Err("ERR increment would produce NaN or Infinity")},
      {{"HINCRBY", "h", "f", "1"}, kHashNotInteger},  // "5018.75" is not an integer
  });
}

TEST_F(RedisHash, WrongTypeOnAStringKey) {
  const std::vector<std::vector<std::string>> commands = {{"HSET", "s", "f", "v"},
                                                          {"HSETNX", "s", "f", "v"},
                                                          {"HMSET", "s", "f", "v"},
                                                          {"HGET", "s", "f"},
                                                          {"HMGET", "s", "f"},
                                                          {"HDEL", "s", "f"},
                                                          {"HLEN", "s"},
                                                          {"HSTRLEN", "s", "f"},
                                                          {"HEXISTS", "s", "f"},
                                                          {"HKEYS", "s"},
                                                          {"HVALS", "s"},
                                                          {"HGETALL", "s"},
                                                          {"HINCRBY", "s", "f", "1"},
                                                          {"HINCRBYFLOAT", "s", "f", "1"},
                                                          {"HRANDFIELD", "s"},
                                                          {"HRANDFIELD", "s", "0"},
                                                          {"HRANDFIELD", "s", "-3", "WITHVALUES"},
                                                          {"HSCAN", "s", "0"},
                                                          {"HSCAN", "s", "0", "COUNT", "0"}};
  std::vector<Step> steps = {{{"SET", "s", "string"}, kOk}};
  for (const auto& command : commands) steps.push_back({command, kWrongType});
  // The arguments are checked before the key's type.
  steps.push_back({{"HINCRBY", "s", "f", "x"}, kNotInteger});
  steps.push_back({{"HINCRBYFLOAT", "s", "f", "x"}, kNotFloat});
  steps.push_back({{"HRANDFIELD", "s", "x"}, kNotInteger});
  steps.push_back({{"HRANDFIELD", "s", "1", "x"}, kSyntax});
  steps.push_back({{"HSCAN", "s", "x"}, kInvalidCursor});
  steps.push_back({{"GET", "s"}, Bulk("string")});
  ExpectOnBoth(steps);
}

TEST_F(RedisHash, WrongNumberOfArguments) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"hset", {"HSET", "h"}},
      {"hset", {"HSET", "h", "f"}},
      {"hset", {"HSET", "h", "f", "v", "g"}},
      {"hmset", {"HMSET", "h", "f"}},
      {"hmset", {"HMSET", "h", "f", "v", "g"}},
      {"hsetnx", {"HSETNX", "h", "f"}},
      {"hget", {"HGET", "h"}},
      {"hmget", {"HMGET", "h"}},
      {"hdel", {"HDEL", "h"}},
      {"hlen", {"HLEN"}},
      {"hstrlen", {"HSTRLEN", "h"}},
      {"hexists", {"HEXISTS", "h", "f", "g"}},
      {"hkeys", {"HKEYS", "h", "x"}},
      {"hvals", {"HVALS"}},
      {"hgetall", {"HGETALL", "h", "x"}},
      {"hincrby", {"HINCRBY", "h", "f"}},
      {"hincrbyfloat", {"HINCRBYFLOAT", "h", "f", "1", "2"}},
      {"hrandfield", {"HRANDFIELD"}},
      {"hscan", {"HSCAN", "h"}},
      {"sscan", {"SSCAN", "s"}},
  };
  std::vector<Step> steps;
  for (const auto& [name, request] : cases) steps.push_back({request, WrongArity(name)});
  steps.push_back({{"EXISTS", "h"}, Int(0)});
  ExpectOnBoth(steps);
}

TEST_F(RedisHash, HrandfieldRepliesAndErrors) {
  const std::string field = Bulk("f");
  const std::string value = Bulk("v");
  ExpectOnBoth({
      {{"HRANDFIELD", "missing"}, kNil},
      {{"HRANDFIELD", "missing", "3"}, "*0\r\n"},
      {{"HRANDFIELD", "missing", "-3", "WITHVALUES"}, "*0\r\n"},
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"HRANDFIELD", "h"}, field},
      {{"HRANDFIELD", "h", "0"}, "*0\r\n"},
      {{"HRANDFIELD", "h", "1"}, "*1\r\n" + field},
      {{"HRANDFIELD", "h", "5"}, "*1\r\n" + field},  // distinct: at most the whole hash
      {{"HRANDFIELD", "h", "-3"}, "*3\r\n" + field + field + field},
      {{"HRANDFIELD", "h", "2", "withvalues"}, "*2\r\n" + field + value},
      {{"HRANDFIELD", "h", "-2", "WITHVALUES"}, "*4\r\n" + field + value + field + value},
      {{"HRANDFIELD", "h", "x"}, kNotInteger},
      {{"HRANDFIELD", "h", "1.5"}, kNotInteger},
      {{"HRANDFIELD", "h", "1", "values"}, kSyntax},
      {{"HRANDFIELD", "h", "1", "WITHVALUES", "x"}, kSyntax},
      {{"HRANDFIELD", "h", "-9223372036854775808"},
       Err("ERR value is out of range, value must between -9223372036854775807 and "
           "9223372036854775807")},
      {{"HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"}, Err("ERR value is out of range")},
      {{"HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"}, Err("ERR value is out of range")},
  });
}

TEST_F(RedisHash, HrandfieldPicksFieldsOfTheHash) {
  testkit::TestClient client(port());
  FillHash(client, "h", 100);  // more than a small collection: picks seek into the hash space
  const std::set<std::string> fields = [] {
    std::set<std::string> all;
    for (int i = 0; i < 100; ++i) all.insert("f" + std::to_string(i));
    return all;
  }();
  for (int round = 0; round < 5; ++round) {
    const std::vector<std::string> distinct = Texts(Request(client, {"HRANDFIELD", "h", "30"}));
    EXPECT_EQ(distinct.size(), 30u);
    EXPECT_EQ(std::set<std::string>(distinct.begin(), distinct.end()).size(), 30u)
        << "a positive count gave a field twice";
    for (const std::string& f : distinct) EXPECT_TRUE(fields.contains(f)) << f;
    const std::vector<std::string> repeated = Texts(Request(client, {"HRANDFIELD", "h", "-250"}));
    EXPECT_EQ(repeated.size(), 250u);
    for (const std::string& f : repeated) EXPECT_TRUE(fields.contains(f)) << f;
  }
  // A count of the whole hash or more is the whole hash.
  EXPECT_EQ(Sorted(Texts(Request(client, {"HRANDFIELD", "h", "1000"}))),
            std::vector<std::string>(fields.begin(), fields.end()));
  // With values: each pick is a field and its own value.
  const std::vector<std::string> flat =
      Texts(Request(client, {"HRANDFIELD", "h", "-40", "WITHVALUES"}));
  ASSERT_EQ(flat.size(), 80u);
  for (size_t i = 0; i < flat.size(); i += 2) {
    EXPECT_EQ("v" + flat[i].substr(1), flat[i + 1]) << "field " << flat[i];
  }
}

TEST_F(RedisHash, Resp3RepliesOfHgetallAndHrandfieldWithValues) {
  const std::string pair = "*2\r\n" + Bulk("f") + Bulk("v");
  // HELLO's own reply differs between the servers; the replies after it must not.
  auto check = [&](uint16_t port, std::string_view server) {
    testkit::TestClient client(port);
    SwitchToResp3(client);
    ExpectReplies(client,
                  {
                      {{"HSET", "h", "f", "v"}, Int(1)},
                      {{"HGETALL", "h"}, "%1\r\n" + Bulk("f") + Bulk("v")},
                      {{"HGETALL", "missing"}, "%0\r\n"},
                      {{"HRANDFIELD", "h", "1", "WITHVALUES"}, "*1\r\n" + pair},
                      {{"HRANDFIELD", "h", "-2", "WITHVALUES"}, "*2\r\n" + pair + pair},
                      {{"HRANDFIELD", "h", "-2"}, "*2\r\n" + Bulk("f") + Bulk("f")},
                      {{"HRANDFIELD", "h"}, Bulk("f")},
                      {{"HRANDFIELD", "missing"}, "_\r\n"},
                      {{"HRANDFIELD", "missing", "1", "WITHVALUES"}, "*0\r\n"},
                      {{"HGET", "h", "missing"}, "_\r\n"},
                      {{"HMGET", "h", "f", "missing"}, "*2\r\n" + Bulk("v") + "_\r\n"},
                      {{"HSCAN", "h", "0"}, "*2\r\n$1\r\n0\r\n" + BulkArray({"f", "v"})},
                  },
                  server);
    // Several fields: a map of them all, and one [field, value] pair per pick.
    ASSERT_TRUE(client.Exchange(Resp({"HSET", "g", "a", "1", "b", "2", "c", "3"}), Int(3)));
    const Reply map = Request(client, {"HGETALL", "g"});
    EXPECT_EQ(map.type, '%') << server;
    EXPECT_EQ(SortedPairs(Texts(map)), SortedPairs({"a", "1", "b", "2", "c", "3"})) << server;
    const Reply picks = Request(client, {"HRANDFIELD", "g", "-5", "WITHVALUES"});
    ASSERT_EQ(picks.items.size(), 5u) << server;
    for (const Reply& pick : picks.items) {
      ASSERT_EQ(pick.type, '*') << server;
      ASSERT_EQ(pick.items.size(), 2u) << server;
      EXPECT_EQ(pick.items[1].text,
                std::string(1, static_cast<char>('1' + (pick.items[0].text[0] - 'a'))))
          << server << ": field " << pick.items[0].text;
    }
  };
  check(port(), "stepdb");
  if (std::unique_ptr<testkit::ServerProcess> redis = StartReferenceRedis()) {
    check(redis->port(), "redis-server");
  }
}

TEST_F(RedisHash, ThreeThousandFieldsReadBackOnceByHgetallAndHscanAndAfterARestart) {
  constexpr int kFields = 3000;
  {
    testkit::TestClient client(port());
    for (int batch = 0; batch < 3; ++batch) {
      std::vector<std::string> hset = {"HSET", "big"};
      for (int i = batch * 1000; i < (batch + 1) * 1000; ++i) {
        hset.push_back("field:" + std::to_string(i));
        hset.push_back("value:" + std::to_string(i));
      }
      ASSERT_TRUE(client.Exchange(Resp(hset), Int(1000)));
    }
  }
  Restart();  // the fields come back from the engine, not from a cache of the first server
  testkit::TestClient client(port());
  ASSERT_TRUE(client.Exchange(Resp({"HLEN", "big"}), Int(kFields)));
  const Reply all = Request(client, {"HGETALL", "big"});
  ASSERT_EQ(all.items.size(), 2u * kFields);
  std::map<std::string, int> seen;
  for (size_t i = 0; i < all.items.size(); i += 2) {
    ++seen[all.items[i].text];
    EXPECT_EQ("value" + all.items[i].text.substr(5), all.items[i + 1].text);
  }
  ASSERT_EQ(seen.size(), static_cast<size_t>(kFields)) << "HGETALL repeated a field";

  std::map<std::string, int> scanned;
  std::string cursor = "0";
  int calls = 0;
  do {
    const ScanReply page = Scan(client, {"HSCAN", "big", cursor, "COUNT", "100"});
    EXPECT_LE(page.items.size(), 200u);
    for (size_t i = 0; i + 1 < page.items.size(); i += 2) {
      ++scanned[page.items[i]];
      EXPECT_EQ("value" + page.items[i].substr(5), page.items[i + 1]);
    }
    cursor = page.cursor;
    ++calls;
  } while (cursor != "0" && !cursor.empty() && calls < 100);
  EXPECT_EQ(cursor, "0");
  EXPECT_EQ(calls, kFields / 100);
  ASSERT_EQ(scanned.size(), static_cast<size_t>(kFields));
  for (const auto& [field, times] : scanned) EXPECT_EQ(times, 1) << field;
}

TEST_F(RedisHash, ReadsCountKeyspaceHitsAndMissesAndWritesDoNot) {
  CommandHarness harness(Stage08Parts());
  harness.ExpectOnlyReadsCountHitsAndMisses({{"HSET", "h", "f", "1"},
                                             {"HSETNX", "h", "g", "2"},
                                             {"HMSET", "h", "f", "3"},
                                             {"HINCRBY", "h", "n", "1"},
                                             {"HINCRBYFLOAT", "h", "n", "1"},
                                             {"HDEL", "h", "g"},
                                             {"HDEL", "missing", "g"},
                                             {"HINCRBY", "new", "n", "1"}},
                                            {{"HGET", "h", "f"},
                                             {"HMGET", "h", "f"},
                                             {"HLEN", "h"},
                                             {"HSTRLEN", "h", "f"},
                                             {"HEXISTS", "h", "f"},
                                             {"HKEYS", "h"},
                                             {"HVALS", "h"},
                                             {"HGETALL", "h"},
                                             {"HRANDFIELD", "h"},
                                             {"HRANDFIELD", "h", "2"},
                                             {"HSCAN", "h", "0"}});
}

// ---- HSCAN and SSCAN ----

class RedisCollectionScan : public RedisHash {
 protected:
  // A set of `members` built in-process in database 0 of `harness`.
  static void PutSet(CommandHarness& harness, const std::string& key,
                     const std::vector<std::string>& members) {
    ASSERT_OK_AND_ASSIGN(Collection set, Collection::Load(harness.keyspace(), 0, key,
                                                          ValueType::kSet, std::nullopt));
    for (const std::string& member : members) ASSERT_OK(set.Put(member, "").status());
    ASSERT_OK(set.Commit());
  }

  // The cursor and items of an in-process scan's RESP2 reply: *2 $<n> cursor *<m> $... ...
  static ScanReply ParseScan(const std::string& bytes) {
    ScanReply reply;
    size_t at = 0;
    auto line = [&] {
      const size_t end = bytes.find("\r\n", at);
      std::string text = bytes.substr(at, end - at);
      at = end == std::string::npos ? bytes.size() : end + 2;
      return text;
    };
    auto bulk = [&] {
      const std::string header = line();
      const size_t length = std::stoul(header.substr(1));
      std::string text = bytes.substr(at, length);
      at += length + 2;
      return text;
    };
    EXPECT_EQ(line(), "*2") << testkit::Escape(bytes);
    reply.cursor = bulk();
    const std::string count = line();
    if (count.empty() || count[0] != '*') {
      ADD_FAILURE() << testkit::Escape(bytes);
      return reply;
    }
    for (int i = std::stoi(count.substr(1)); i > 0; --i) reply.items.push_back(bulk());
    return reply;
  }
};

TEST_F(RedisCollectionScan, HscanErrorsAndEdgeCases) {
  ExpectOnBoth({
      {{"HSCAN", "missing", "0"}, kEmptyScan},
      // A missing key ends the scan before the options are read.
      {{"HSCAN", "missing", "0", "COUNT", "0"}, kEmptyScan},
      {{"HSCAN", "missing", "0", "BOGUS"}, kEmptyScan},
      {{"HSCAN", "missing", "x"}, kInvalidCursor},
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"HSCAN", "h", "0"}, "*2\r\n$1\r\n0\r\n" + BulkArray({"f", "v"})},
      {{"HSCAN", "h", ""}, "*2\r\n$1\r\n0\r\n" + BulkArray({"f", "v"})},
      {{"HSCAN", "h", "+0"}, "*2\r\n$1\r\n0\r\n" + BulkArray({"f", "v"})},
      {{"HSCAN", "h", "0", "MATCH", "f*", "COUNT", "1"},
       "*2\r\n$1\r\n0\r\n" + BulkArray({"f", "v"})},
      {{"HSCAN", "h", "0", "MATCH", "*"}, "*2\r\n$1\r\n0\r\n" + BulkArray({"f", "v"})},
      {{"HSCAN", "h", "0", "MATCH", "g*"}, kEmptyScan},
      {{"HSCAN", "h", "abc"}, kInvalidCursor},
      {{"HSCAN", "h", " 0"}, kInvalidCursor},
      {{"HSCAN", "h", "18446744073709551616"}, kInvalidCursor},
      {{"HSCAN", "h", "0", "COUNT", "0"}, kSyntax},
      {{"HSCAN", "h", "0", "COUNT", "-1"}, kSyntax},
      {{"HSCAN", "h", "0", "COUNT", "x"}, kNotInteger},
      {{"HSCAN", "h", "0", "COUNT"}, kSyntax},
      {{"HSCAN", "h", "0", "MATCH"}, kSyntax},
      {{"HSCAN", "h", "0", "TYPE", "hash"}, kSyntax},
      {{"HSCAN", "h", "0", "NOVALUES"}, kSyntax},
      {{"SSCAN", "h", "0"}, kWrongType},
      {{"SSCAN", "missing", "0"}, kEmptyScan},
  });
  // A cursor this server never issued is refused (Redis takes any number).
  ExpectReplies(port(), {{{"HSCAN", "h", "12345"}, kInvalidCursor}});
}

TEST_F(RedisCollectionScan, HscanPagesByCountAndFiltersByMatch) {
  testkit::TestClient client(port());
  FillHash(client, "h", 50);
  std::map<std::string, std::string> matched;
  std::string cursor = "0";
  int calls = 0;
  do {
    const ScanReply page = Scan(client, {"HSCAN", "h", cursor, "MATCH", "f1*", "COUNT", "7"});
    EXPECT_LE(page.items.size(), 14u);
    for (size_t i = 0; i + 1 < page.items.size(); i += 2) {
      EXPECT_TRUE(matched.emplace(page.items[i], page.items[i + 1]).second) << page.items[i];
    }
    cursor = page.cursor;
    ++calls;
  } while (cursor != "0" && !cursor.empty() && calls < 100);
  EXPECT_EQ(cursor, "0");
  EXPECT_EQ(calls, (50 + 6) / 7);  // COUNT bounds the fields visited, matching or not
  std::map<std::string, std::string> expected = {{"f1", "v1"}};
  for (int i = 10; i < 20; ++i) expected["f" + std::to_string(i)] = "v" + std::to_string(i);
  EXPECT_EQ(matched, expected);
}

TEST_F(RedisCollectionScan, HscanWhileFieldsChangeReturnsTheStayingFieldsOnce) {
  testkit::TestClient client(port());
  std::vector<std::string> hset = {"HSET", "h"};
  std::set<std::string> staying;
  for (int i = 0; i < 500; ++i) {
    staying.insert("s" + std::to_string(i));
    hset.insert(hset.end(), {"s" + std::to_string(i), "v", "d" + std::to_string(i), "v"});
  }
  ASSERT_TRUE(client.Exchange(Resp(hset), Int(1000)));
  std::mt19937 random(7);
  std::map<std::string, int> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    const ScanReply page = Scan(client, {"HSCAN", "h", cursor, "COUNT", "11"});
    for (size_t i = 0; i + 1 < page.items.size(); i += 2) ++seen[page.items[i]];
    cursor = page.cursor;
    ++calls;
    // Fields added and deleted land both behind and ahead of the cursor (hash order).
    const std::string added = "a" + std::to_string(calls);
    const std::string deleted = "d" + std::to_string(random() % 500);
    ASSERT_TRUE(client.Exchange(Resp({"HSET", "h", added, "v"}), Int(1)));
    ASSERT_TRUE(client.Send(Resp({"HDEL", "h", deleted})));
    (void)client.ReadLine();
  } while (cursor != "0" && !cursor.empty() && calls < 1000);
  EXPECT_EQ(cursor, "0");
  for (const std::string& field : staying) EXPECT_EQ(seen[field], 1) << field;
  for (const auto& [field, times] : seen) EXPECT_EQ(times, 1) << field << " returned twice";
}

TEST_F(RedisCollectionScan, SscanReturnsEachMemberOnceAndFiltersByMatch) {
  CommandHarness harness(Stage08Parts());
  std::vector<std::string> members;
  for (int i = 0; i < 300; ++i) members.push_back("m" + std::to_string(i));
  PutSet(harness, "s", members);
  std::map<std::string, int> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    const ScanReply page = ParseScan(harness.Run({"SSCAN", "s", cursor, "COUNT", "20"}));
    EXPECT_LE(page.items.size(), 20u);
    for (const std::string& member : page.items) ++seen[member];
    cursor = page.cursor;
    ++calls;
  } while (cursor != "0" && !cursor.empty() && calls < 100);
  EXPECT_EQ(cursor, "0");
  EXPECT_EQ(calls, 300 / 20);
  ASSERT_EQ(seen.size(), members.size());
  for (const std::string& member : members) EXPECT_EQ(seen[member], 1) << member;

  const ScanReply matched =
      ParseScan(harness.Run({"SSCAN", "s", "0", "MATCH", "m29?", "COUNT", "1000"}));
  EXPECT_EQ(matched.cursor, "0");
  std::vector<std::string> expected;
  for (int i = 290; i < 300; ++i) expected.push_back("m" + std::to_string(i));
  EXPECT_EQ(Sorted(matched.items), expected);

  EXPECT_EQ(harness.Run({"SSCAN", "s", "0", "COUNT", "0"}), kSyntax);
  EXPECT_EQ(harness.Run({"SSCAN", "s", "x"}), kInvalidCursor);
  EXPECT_EQ(harness.Run({"HSCAN", "s", "0"}), kWrongType);
  EXPECT_EQ(harness.Run({"SSCAN", "missing", "0"}), kEmptyScan);
}

TEST_F(RedisCollectionScan, SscanGoesOnAcrossAReplacementOfTheSet) {
  // The cursor names a member, not a record of one version: a set replaced by another that
  // shares members goes on at the same place in the new one.
  CommandHarness harness(Stage08Parts());
  std::vector<std::string> members;
  for (int i = 0; i < 100; ++i) members.push_back("m" + std::to_string(i));
  PutSet(harness, "s", members);
  std::map<std::string, int> seen;
  ScanReply page = ParseScan(harness.Run({"SSCAN", "s", "0", "COUNT", "40"}));
  for (const std::string& member : page.items) ++seen[member];
  ASSERT_NE(page.cursor, "0");
  EXPECT_EQ(harness.Run({"DEL", "s"}), Int(1));
  PutSet(harness, "s", members);  // the same members under a new version
  int calls = 1;
  while (page.cursor != "0" && !page.cursor.empty() && calls++ < 10) {
    page = ParseScan(harness.Run({"SSCAN", "s", page.cursor, "COUNT", "40"}));
    for (const std::string& member : page.items) ++seen[member];
  }
  EXPECT_EQ(page.cursor, "0");
  ASSERT_EQ(seen.size(), members.size());
  for (const auto& [member, times] : seen) EXPECT_EQ(times, 1) << member;
}

}  // namespace
}  // namespace stepdb
