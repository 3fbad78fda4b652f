// The key commands on lists (list_key_commands.h), two ways:
//
//   in-process, on stage 09's parts and a ManualClock: lists are built with List and read
//   back the same way, so a test sees every element a command copied, moved or left behind,
//   and an expiry happens without sleeping;
//   black-box over a socket, with the list commands: fixed replies against this server and
//   against redis-server 7.0, where every expected reply came from; and what a Memcached
//   client does to a list.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/testkit/build_paths.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "list.h"
#include "list_server.h"
#include "manual_clock.h"
#include "redis_command_test_support.h"

namespace stepdb {
namespace {

using testkit::TestClient;

constexpr int64_t kStart = 1'700'000'000'000;  // the manual clock's "now", unix ms

using Elements = std::vector<std::string>;

class ListKeys : public ::testing::Test {
 protected:
  // The stepdb-stage09 process, started by the first test that asks for its port.
  uint16_t port() {
    if (server_ == nullptr) {
      server_ = testkit::ServerProcess::Start(testkit::kStageBinary,
                                              {"--data-dir", dir_.path(), "--log-level", "warn"});
    }
    return server_->port();
  }

  // This server and redis-server give every reply of `steps`.
  void ExpectOnBoth(const std::vector<Step>& steps) {
    ExpectReplies(port(), steps);
    ExpectRepliesFromRedis(steps);
  }

  std::string Run(std::vector<std::string> argv) { return harness_.Run(std::move(argv)); }

  // In-process: each step's reply, at the manual clock's time.
  void ExpectInProcess(const std::vector<Step>& steps) { harness_.ExpectReplies(steps); }

  // Makes key in db a list of exactly `elements` (replacing any value).
  void Make(std::string_view key, const Elements& elements, int db = 0) {
    ASSERT_OK(harness_.keyspace().Delete(db, key));
    ASSERT_OK_AND_ASSIGN(List list, List::Load(harness_.keyspace(), db, key, std::nullopt));
    for (const std::string& element : elements) ASSERT_OK(list.Push(List::End::kRight, element));
    ASSERT_OK(list.Commit());
  }

  // The list key in db holds; nullopt if it holds none.
  std::optional<List> Load(std::string_view key, int db = 0) {
    Result<std::optional<ValueEnvelope>> envelope = harness_.keyspace().Get(db, key);
    EXPECT_OK(envelope);
    if (!envelope.ok() || !*envelope || (*envelope)->type != ValueType::kList) return std::nullopt;
    Result<List> list = List::Load(harness_.keyspace(), db, key, std::move(*envelope));
    EXPECT_OK(list);
    if (!list.ok()) return std::nullopt;
    return std::move(*list);
  }

  // The elements of the list key in db holds; nullopt if it holds none.
  std::optional<Elements> Read(std::string_view key, int db = 0) {
    std::optional<List> list = Load(key, db);
    if (!list) return std::nullopt;
    Result<Elements> all = list->Range(0, UINT64_MAX);
    EXPECT_OK(all);
    if (!all.ok()) return std::nullopt;
    EXPECT_EQ(all->size(), list->size()) << "the size in the envelope of " << key;
    return *all;
  }

  static Elements Numbered(int n) {
    Elements elements;
    for (int i = 0; i < n; ++i) elements.push_back("e" + std::to_string(i));
    return elements;
  }

  ManualClock clock_{kStart};
  CommandHarness harness_{Stage09Parts(&clock_)};

 private:
  testkit::TempDir dir_;
  std::unique_ptr<testkit::ServerProcess> server_;
};

const Elements kList = {"stepdb", "09", "", "stepdb"};

// ---- RENAME, RENAMENX, COPY, MOVE: the elements go with the key, in order ----

TEST_F(ListKeys, RenameCarriesEveryElementInOrderAndTheExpiry) {
  Make("l", kList);
  Make("big", Numbered(300));
  std::optional<List> source = Load("l");
  ASSERT_TRUE(source.has_value());
  const uint64_t version = source->meta().version;
  ExpectInProcess({
      {{"PEXPIRE", "l", "5000"}, Int(1)},
      {{"RENAME", "l", "l2"}, kOk},
      {{"RENAME", "big", "big2"}, kOk},
      {{"EXISTS", "l", "big"}, Int(0)},
      {{"TYPE", "l2"}, "+list\r\n"},
      {{"PTTL", "l2"}, Int(5000)},
      {{"PTTL", "big2"}, Int(-1)},
      {{"DBSIZE"}, Int(2)},
  });
  EXPECT_EQ(Read("l2"), kList);
  EXPECT_EQ(Read("big2"), Numbered(300));
  EXPECT_EQ(Read("l"), std::nullopt);
  std::optional<List> copy = Load("l2");
  ASSERT_TRUE(copy.has_value());
  EXPECT_NE(copy->meta().version, version) << "the copy has a version of its own";
  EXPECT_EQ(copy->meta().head, kListStartPosition);
  // The copy's expiry ends it whole.
  clock_.Advance(5000);
  ExpectInProcess({{{"EXISTS", "l2"}, Int(0)}, {{"DBSIZE"}, Int(1)}});
  EXPECT_EQ(Read("l2"), std::nullopt);
}

// Whatever the target held is never seen again: the copy has a version of its own.
TEST_F(ListKeys, RenameOverAnyValueReplacesIt) {
  Make("l", kList);
  Make("target", Numbered(50));
  ExpectInProcess({
      {{"RENAMENX", "l", "target"}, Int(0)},
      {{"RENAME", "l", "l"}, kOk},
      {{"RENAMENX", "l", "l"}, Int(0)},
      {{"RENAME", "l", "target"}, kOk},
      {{"RENAMENX", "target", "fresh"}, Int(1)},
      {{"RENAME", "target", "x"}, Err("ERR no such key")},
      {{"DBSIZE"}, Int(1)},
  });
  EXPECT_EQ(Read("fresh"), kList);
  EXPECT_EQ(Read("target"), std::nullopt);
  // A list over a hash, a hash over a list, a string over a list.
  ExpectInProcess({
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"RENAME", "fresh", "h"}, kOk},
      {{"TYPE", "h"}, "+list\r\n"},
      {{"HSET", "h2", "f", "v"}, Int(1)},
      {{"RENAME", "h2", "h"}, kOk},
      {{"HGET", "h", "f"}, Bulk("v")},
  });
  EXPECT_EQ(Read("h"), std::nullopt);
  Make("l", kList);
  ExpectInProcess({
      {{"SET", "str", "v"}, kOk},
      {{"RENAME", "str", "l"}, kOk},
      {{"GET", "l"}, Bulk("v")},
  });
  EXPECT_EQ(Read("l"), std::nullopt);
}

TEST_F(ListKeys, CopyLeavesTheSourceAndReplacesOnlyWithReplace) {
  Make("l", kList);
  ExpectInProcess({
      {{"PEXPIRE", "l", "9000"}, Int(1)},
      {{"COPY", "l", "l2"}, Int(1)},
      {{"COPY", "l", "l"}, Err("ERR source and destination objects are the same")},
      {{"COPY", "missing", "l3"}, Int(0)},
      {{"PTTL", "l2"}, Int(9000)},
      {{"DBSIZE"}, Int(2)},
  });
  EXPECT_EQ(Read("l"), kList);
  EXPECT_EQ(Read("l2"), kList);

  // The two are independent: a change to the source is not seen in the copy.
  Make("l", Numbered(3));
  EXPECT_EQ(Read("l2"), kList);
  ExpectInProcess({{{"COPY", "l", "l2"}, Int(0)}});
  EXPECT_EQ(Read("l2"), kList);
  ExpectInProcess({{{"COPY", "l", "l2", "REPLACE"}, Int(1)}});
  EXPECT_EQ(Read("l2"), Numbered(3));

  // Into another database, with REPLACE over a string there, and over a set.
  ExpectInProcess({
      {{"SELECT", "2"}, kOk},
      {{"SET", "l", "string"}, kOk},
      {{"SADD", "s", "m"}, Int(1)},
      {{"SELECT", "0"}, kOk},
      {{"COPY", "l", "l", "DB", "2"}, Int(0)},
      {{"COPY", "l", "l", "DB", "2", "REPLACE"}, Int(1)},
      {{"COPY", "l2", "s", "DB", "2", "REPLACE"}, Int(1)},
      {{"SELECT", "2"}, kOk},
      {{"TYPE", "l"}, "+list\r\n"},
      {{"TYPE", "s"}, "+list\r\n"},
      {{"DBSIZE"}, Int(2)},
  });
  EXPECT_EQ(Read("l", 2), Numbered(3));
  EXPECT_EQ(Read("s", 2), Numbered(3));
  EXPECT_EQ(Read("l"), Numbered(3));
}

TEST_F(ListKeys, MoveTakesAListToTheOtherDatabase) {
  Make("l", kList);
  ExpectInProcess({
      {{"PEXPIRE", "l", "7000"}, Int(1)},
      {{"MOVE", "l", "1"}, Int(1)},
      {{"DBSIZE"}, Int(0)},
      {{"SELECT", "1"}, kOk},
      {{"DBSIZE"}, Int(1)},
      {{"PTTL", "l"}, Int(7000)},
  });
  EXPECT_EQ(Read("l", 1), kList);
  EXPECT_EQ(Read("l", 0), std::nullopt);
  // A name the target database holds stops the move, and nothing changes.
  Make("l", Numbered(2), 0);
  ExpectInProcess({
      {{"MOVE", "l", "0"}, Int(0)},
      {{"SELECT", "0"}, kOk},
      {{"MOVE", "l", "1"}, Int(0)},
  });
  EXPECT_EQ(Read("l", 0), Numbered(2));
  EXPECT_EQ(Read("l", 1), kList);
}

// ---- OBJECT ENCODING ----

// Redis 7.0 keeps every list in a quicklist, whatever its length, its elements or
// list-max-listpack-size.
TEST_F(ListKeys, ObjectEncodingOfAListIsAlwaysQuicklist) {
  Make("short", {"a"});
  Make("numbers", {"1", "2", "3"});
  Make("long", Numbered(1000));
  Make("wide", {std::string(10'000, 'x')});
  for (const char* key : {"short", "numbers", "long", "wide"}) {
    EXPECT_EQ(Run({"OBJECT", "ENCODING", key}), Bulk("quicklist")) << key;
  }
  ExpectInProcess({
      {{"CONFIG", "SET", "list-max-listpack-size", "1"}, kOk},
      {{"OBJECT", "ENCODING", "short"}, Bulk("quicklist")},
      {{"object", "encoding", "numbers"}, Bulk("quicklist")},
      // The other types are answered as before.
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"SADD", "s", "1"}, Int(1)},
      {{"SET", "str", "abc"}, kOk},
      {{"OBJECT", "ENCODING", "h"}, Bulk("listpack")},
      {{"OBJECT", "ENCODING", "s"}, Bulk("intset")},
      {{"OBJECT", "ENCODING", "str"}, Bulk("embstr")},
      {{"OBJECT", "ENCODING", "missing"}, kNil},
      {{"OBJECT", "ENCODING"}, Err("ERR wrong number of arguments for 'object|encoding' command")},
      {{"OBJECT", "REFCOUNT", "short"}, Int(1)},
      {{"OBJECT", "IDLETIME", "short"}, Int(0)},
  });
}

// ---- What the other key commands see: keys, not elements ----

TEST_F(ListKeys, KeyCommandsCountAndListKeysNotElements) {
  Make("l", Numbered(40));
  Make("m", kList);
  ExpectInProcess({
      {{"SET", "str", "v"}, kOk},
      {{"DBSIZE"}, Int(3)},
      {{"EXISTS", "l", "m", "str", "missing", "l"}, Int(4)},
      {{"TYPE", "l"}, "+list\r\n"},
      {{"KEYS", "*"}, "*3\r\n" + Bulk("l") + Bulk("m") + Bulk("str")},
      {{"SCAN", "0", "TYPE", "list"}, "*2\r\n" + Bulk("0") + "*2\r\n" + Bulk("l") + Bulk("m")},
      {{"SCAN", "0", "TYPE", "LIST"}, "*2\r\n" + Bulk("0") + "*2\r\n" + Bulk("l") + Bulk("m")},
      {{"SCAN", "0", "TYPE", "string"}, "*2\r\n" + Bulk("0") + "*1\r\n" + Bulk("str")},
  });
  EXPECT_NE(Run({"INFO", "keyspace"}).find("\r\ndb0:keys=3,expires=0,avg_ttl=0\r\n"),
            std::string::npos)
      << Run({"INFO", "keyspace"});
}

TEST_F(ListKeys, AnExpiryEndsTheWholeList) {
  Make("l", Numbered(20));
  Make("m", kList);
  ExpectInProcess({
      {{"EXPIRE", "l", "10"}, Int(1)},
      {{"TTL", "l"}, Int(10)},
      {{"PEXPIRE", "m", "10000"}, Int(1)},
      {{"PERSIST", "m"}, Int(1)},
      {{"PTTL", "m"}, Int(-1)},
  });
  EXPECT_EQ(Read("l"), Numbered(20)) << "EXPIRE changed the elements";
  clock_.Advance(9'999);
  EXPECT_EQ(Read("l"), Numbered(20));
  clock_.Advance(1);
  ExpectInProcess({
      {{"EXISTS", "l"}, Int(0)},
      {{"TYPE", "l"}, "+none\r\n"},
      {{"DBSIZE"}, Int(1)},
  });
  EXPECT_EQ(Read("l"), std::nullopt);
  EXPECT_EQ(Read("m"), kList);
  // A list made again under the name starts empty, in the middle, under a new version.
  Make("l", {"new"});
  EXPECT_EQ(Read("l"), Elements{"new"});
}

TEST_F(ListKeys, DelAndSetEndAListAndStringCommandsAreWrongType) {
  Make("l", Numbered(30));
  for (const std::vector<std::string>& request : std::vector<std::vector<std::string>>{
           {"GET", "l"},
           {"APPEND", "l", "x"},
           {"INCR", "l"},
           {"STRLEN", "l"},
           {"GETDEL", "l"},
           {"SET", "l", "x", "GET"},
           {"HGET", "l", "f"},
           {"SADD", "l", "m"},
       }) {
    EXPECT_EQ(Run(request), kWrongType) << request[0];
  }
  EXPECT_EQ(Read("l"), Numbered(30)) << "a refused command changed the list";
  ExpectInProcess({
      {{"SET", "l", "now a string"}, kOk},
      {{"TYPE", "l"}, "+string\r\n"},
      {{"DBSIZE"}, Int(1)},
      {{"DEL", "l", "missing"}, Int(1)},
      {{"DBSIZE"}, Int(0)},
  });
  EXPECT_EQ(Read("l"), std::nullopt);
  Make("l", {"only"});
  EXPECT_EQ(Read("l"), Elements{"only"});
}

// ---- Over the wire, with the list commands ----

// Fixed replies, the same from redis-server: string commands on a list, its encoding, the
// commands that move or end a list and what they leave behind.
TEST_F(ListKeys, ListsAnswerKeyAndStringCommandsAsRedis) {
  ExpectOnBoth({
      {{"RPUSH", "l", "a", "b", "c"}, Int(3)},
      {{"GET", "l"}, kWrongType},
      {{"APPEND", "l", "x"}, kWrongType},
      {{"INCR", "l"}, kWrongType},
      {{"GETEX", "l", "PERSIST"}, kWrongType},
      {{"HSET", "l", "f", "v"}, kWrongType},
      {{"MGET", "l"}, "*1\r\n" + std::string(kNil)},
      {{"TYPE", "l"}, "+list\r\n"},
      {{"OBJECT", "ENCODING", "l"}, Bulk("quicklist")},
      {{"RPUSH", "l", std::string(100, 'x')}, Int(4)},
      {{"OBJECT", "ENCODING", "l"}, Bulk("quicklist")},
      {{"SCAN", "0", "TYPE", "list"}, "*2\r\n" + Bulk("0") + "*1\r\n" + Bulk("l")},
      {{"RENAME", "l", "l2"}, kOk},
      {{"LLEN", "l"}, Int(0)},
      {{"LRANGE", "l2", "0", "2"}, "*3\r\n" + Bulk("a") + Bulk("b") + Bulk("c")},
      {{"RENAMENX", "l2", "l2"}, Int(0)},
      {{"COPY", "l2", "l3", "DB", "1"}, Int(1)},
      {{"MOVE", "l2", "1"}, Int(1)},
      {{"LLEN", "l2"}, Int(0)},
      {{"SELECT", "1"}, kOk},
      {{"LINDEX", "l2", "-1"}, Bulk(std::string(100, 'x'))},
      {{"LINDEX", "l3", "0"}, Bulk("a")},
      {{"DBSIZE"}, Int(2)},
      {{"EXPIRE", "l2", "100"}, Int(1)},
      {{"TTL", "l2"}, Int(100)},
      {{"PERSIST", "l2"}, Int(1)},
      {{"TTL", "l2"}, Int(-1)},
      {{"EXISTS", "l2", "l3", "l4"}, Int(2)},
      {{"SET", "l3", "now a string"}, kOk},
      {{"LLEN", "l3"}, kWrongType},
      {{"GET", "l3"}, Bulk("now a string")},
      {{"DEL", "l2"}, Int(1)},
      {{"LRANGE", "l2", "0", "-1"}, "*0\r\n"},
      {{"RPUSH", "l2", "new"}, Int(1)},
      {{"LRANGE", "l2", "0", "-1"}, "*1\r\n" + Bulk("new")},
      {{"DBSIZE"}, Int(2)},
      {{"FLUSHALL"}, kOk},
  });
}

// Memcached sees strings only: a list is a miss to `get`, and `set` replaces it.
TEST_F(ListKeys, MemcachedMissesAListAndSetReplacesIt) {
  TestClient redis(port());
  TestClient memcached(port());
  ASSERT_TRUE(redis.Exchange(Resp({"RPUSH", "l", "a", "b"}), Int(2)));
  ASSERT_TRUE(memcached.Exchange("get l\r\n", "END\r\n"));
  ASSERT_TRUE(memcached.Exchange("gets l\r\n", "END\r\n"));
  ASSERT_TRUE(memcached.Exchange("set l 5 0 3\r\nnew\r\n", "STORED\r\n"));
  ASSERT_TRUE(memcached.Exchange("get l\r\n", "VALUE l 5 3\r\nnew\r\nEND\r\n"));
  ASSERT_TRUE(redis.Exchange(Resp({"LLEN", "l"}), kWrongType));
  ASSERT_TRUE(
      redis.Exchange(Resp({"GET", "l"}) + Resp({"TYPE", "l"}), Bulk("new") + "+string\r\n"));
}

}  // namespace
}  // namespace stepdb
