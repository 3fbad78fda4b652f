// The key commands on hashes and sets (redis_collection_key_commands.h), two ways:
//
//   in-process, on stage 08's parts and a ManualClock: collections are built with Collection
//   and read back the same way, so a test sees every element a command copied, moved or
//   left behind, and an expiry happens without sleeping;
//   black-box over a socket, with the hash and set commands: replies whose bytes are fixed
//   (errors, counts, single elements, encodings) against this server and against
//   redis-server 7.0 when it is installed, where every expected reply came from; and what
//   a Memcached client and an expiry do to a hash.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collection.h"
#include "common/testkit/status_matchers.h"
#include "manual_clock.h"
#include "redis_command_test_support.h"
#include "stage07_server_support.h"
#include "typed_server.h"

namespace stepdb {
namespace {

using testkit::TestClient;

constexpr int64_t kStart = 1'700'000'000'000;  // the manual clock's "now", unix ms

// element -> value ("" for a set's members), in byte order.
using Elements = std::map<std::string, std::string>;

class CollectionKeys : public RedisOracleTest {
 protected:
  std::string Run(std::vector<std::string> argv) { return harness_.Run(std::move(argv)); }

  // In-process: each step's reply, at the manual clock's time.
  void ExpectInProcess(const std::vector<Step>& steps) { harness_.ExpectReplies(steps); }

  // Makes key in db a collection of `type` holding exactly `elements` (replacing any value).
  void Make(std::string_view key, ValueType type, const Elements& elements, int db = 0) {
    Result<bool> exists = harness_.keyspace().Exists(db, key);
    ASSERT_OK(exists);
    Collection collection = Collection::Replacing(harness_.keyspace(), db, key, type, *exists);
    for (const auto& [element, value] : elements) ASSERT_OK(collection.Put(element, value));
    ASSERT_OK(collection.Commit());
  }

  // The elements key in db holds as a collection of `type`; nullopt if it holds none.
  std::optional<Elements> Read(std::string_view key, ValueType type, int db = 0) {
    Result<std::optional<ValueEnvelope>> envelope = harness_.keyspace().Get(db, key);
    EXPECT_OK(envelope);
    if (!envelope.ok() || !*envelope || (*envelope)->type != type) return std::nullopt;
    Result<Collection> collection =
        Collection::Load(harness_.keyspace(), db, key, type, std::move(*envelope));
    EXPECT_OK(collection);
    if (!collection.ok()) return std::nullopt;
    Result<std::vector<Collection::Element>> all = collection->ReadAll();
    EXPECT_OK(all);
    if (!all.ok()) return std::nullopt;
    EXPECT_EQ(all->size(), collection->size()) << "the size in the envelope of " << key;
    return Elements(all->begin(), all->end());
  }

  static Elements Numbered(int n, std::string_view value = "v") {
    Elements elements;
    for (int i = 0; i < n; ++i) elements["f" + std::to_string(i)] = std::string(value);
    return elements;
  }

  ManualClock clock_{kStart};
  CommandHarness harness_{Stage08Parts(&clock_)};
};

const Elements kHash = {{"name", "stepdb"}, {"stage", "08"}, {"empty", ""}};
const Elements kSet = {{"a", ""}, {"b", ""}, {"7", ""}};

// ---- RENAME, RENAMENX, COPY, MOVE: the elements go with the key ----

TEST_F(CollectionKeys, RenameCarriesEveryElementAndTheExpiry) {
  Make("h", ValueType::kHash, kHash);
  Make("s", ValueType::kSet, kSet);
  ExpectInProcess({
      {{"PEXPIRE", "h", "5000"}, Int(1)},
      {{"RENAME", "h", "h2"}, kOk},
      {{"RENAME", "s", "s2"}, kOk},
      {{"EXISTS", "h", "s"}, Int(0)},
      {{"TYPE", "h2"}, "+hash\r\n"},
      {{"TYPE", "s2"}, "+set\r\n"},
      {{"PTTL", "h2"}, Int(5000)},
      {{"PTTL", "s2"}, Int(-1)},
      {{"DBSIZE"}, Int(2)},
  });
  EXPECT_EQ(Read("h2", ValueType::kHash), kHash);
  EXPECT_EQ(Read("s2", ValueType::kSet), kSet);
  EXPECT_EQ(Read("h", ValueType::kHash), std::nullopt);
  // The copy's expiry ends it whole.
  clock_.Advance(5000);
  ExpectInProcess({{{"EXISTS", "h2"}, Int(0)}, {{"DBSIZE"}, Int(1)}});
  EXPECT_EQ(Read("h2", ValueType::kHash), std::nullopt);
}

// The target's own elements are never seen again: the copy has a version of its own.
TEST_F(CollectionKeys, RenameOverACollectionReplacesItsElements) {
  Make("h", ValueType::kHash, kHash);
  Make("target", ValueType::kHash, Numbered(50));
  ExpectInProcess({
      {{"RENAMENX", "h", "target"}, Int(0)},
      {{"RENAME", "h", "h"}, kOk},
      {{"RENAMENX", "h", "h"}, Int(0)},
      {{"RENAME", "h", "target"}, kOk},
      {{"RENAMENX", "target", "fresh"}, Int(1)},
      {{"RENAME", "target", "x"}, Err("ERR no such key")},
      {{"DBSIZE"}, Int(1)},
  });
  EXPECT_EQ(Read("fresh", ValueType::kHash), kHash);
  EXPECT_EQ(Read("target", ValueType::kHash), std::nullopt);
  // A set renamed over a hash, and a string over a set.
  Make("s", ValueType::kSet, kSet);
  ExpectInProcess({{{"RENAME", "s", "fresh"}, kOk}, {{"TYPE", "fresh"}, "+set\r\n"}});
  EXPECT_EQ(Read("fresh", ValueType::kSet), kSet);
  ExpectInProcess({
      {{"SET", "str", "v"}, kOk},
      {{"RENAME", "str", "fresh"}, kOk},
      {{"GET", "fresh"}, Bulk("v")},
  });
  EXPECT_EQ(Read("fresh", ValueType::kSet), std::nullopt);
}

TEST_F(CollectionKeys, CopyLeavesTheSourceAndReplacesOnlyWithReplace) {
  Make("h", ValueType::kHash, kHash);
  Make("s", ValueType::kSet, kSet);
  ExpectInProcess({
      {{"PEXPIRE", "s", "9000"}, Int(1)},
      {{"COPY", "h", "h2"}, Int(1)},
      {{"COPY", "s", "s2"}, Int(1)},
      {{"COPY", "h", "h"}, Err("ERR source and destination objects are the same")},
      {{"COPY", "missing", "h3"}, Int(0)},
      {{"PTTL", "s2"}, Int(9000)},
      {{"DBSIZE"}, Int(4)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash), kHash);
  EXPECT_EQ(Read("h2", ValueType::kHash), kHash);
  EXPECT_EQ(Read("s", ValueType::kSet), kSet);
  EXPECT_EQ(Read("s2", ValueType::kSet), kSet);

  // The two are independent: a change to the source is not seen in the copy.
  Make("h", ValueType::kHash, Numbered(3));
  EXPECT_EQ(Read("h2", ValueType::kHash), kHash);
  ExpectInProcess({{{"COPY", "h", "h2"}, Int(0)}});
  EXPECT_EQ(Read("h2", ValueType::kHash), kHash);
  ExpectInProcess({{{"COPY", "h", "h2", "REPLACE"}, Int(1)}});
  EXPECT_EQ(Read("h2", ValueType::kHash), Numbered(3));
  ExpectInProcess({{{"COPY", "s", "h2", "REPLACE"}, Int(1)}, {{"TYPE", "h2"}, "+set\r\n"}});
  EXPECT_EQ(Read("h2", ValueType::kSet), kSet);

  // Into another database, with REPLACE over a string there.
  ExpectInProcess({
      {{"SELECT", "2"}, kOk},
      {{"SET", "h", "string"}, kOk},
      {{"SELECT", "0"}, kOk},
      {{"COPY", "h", "h", "DB", "2"}, Int(0)},
      {{"COPY", "h", "h", "DB", "2", "REPLACE"}, Int(1)},
      {{"COPY", "s", "s", "DB", "2"}, Int(1)},
      {{"SELECT", "2"}, kOk},
      {{"TYPE", "h"}, "+hash\r\n"},
      {{"PTTL", "s"}, Int(9000)},
      {{"DBSIZE"}, Int(2)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash, 2), Numbered(3));
  EXPECT_EQ(Read("s", ValueType::kSet, 2), kSet);
  EXPECT_EQ(Read("h", ValueType::kHash), Numbered(3));
}

TEST_F(CollectionKeys, MoveTakesEveryTypeToTheOtherDatabase) {
  Make("h", ValueType::kHash, kHash);
  Make("s", ValueType::kSet, kSet);
  ExpectInProcess({
      {{"SET", "str", "v"}, kOk},
      {{"PEXPIRE", "h", "7000"}, Int(1)},
      {{"MOVE", "h", "1"}, Int(1)},
      {{"MOVE", "s", "1"}, Int(1)},
      {{"MOVE", "str", "1"}, Int(1)},
      {{"MOVE", "missing", "1"}, Int(0)},
      {{"DBSIZE"}, Int(0)},
      {{"SELECT", "1"}, kOk},
      {{"DBSIZE"}, Int(3)},
      {{"GET", "str"}, Bulk("v")},
      {{"PTTL", "h"}, Int(7000)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash, 1), kHash);
  EXPECT_EQ(Read("s", ValueType::kSet, 1), kSet);
  EXPECT_EQ(Read("h", ValueType::kHash, 0), std::nullopt);
  // A name the target database holds stops the move, and nothing changes.
  Make("h", ValueType::kHash, Numbered(2), 0);
  ExpectInProcess({
      {{"MOVE", "h", "0"}, Int(0)},
      {{"SELECT", "0"}, kOk},
      {{"MOVE", "h", "1"}, Int(0)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash, 0), Numbered(2));
  EXPECT_EQ(Read("h", ValueType::kHash, 1), kHash);
}

// MOVE's errors and replies, in Redis's order: the number, the same database, the key.
TEST_F(CollectionKeys, MoveRepliesAsRedis) {
  ExpectOnBoth({
      {{"SET", "k", "v"}, kOk},
      {{"MOVE", "k", "0"}, Err("ERR source and destination objects are the same")},
      {{"MOVE", "missing", "0"}, Err("ERR source and destination objects are the same")},
      {{"MOVE", "k", "16"}, Err("ERR DB index is out of range")},
      {{"MOVE", "k", "-1"}, Err("ERR DB index is out of range")},
      {{"MOVE", "k", "x"}, Err("ERR value is not an integer or out of range")},
      {{"MOVE", "k", "1.0"}, Err("ERR value is not an integer or out of range")},
      {{"MOVE", "k", "99999999999"},
       Err("ERR value is out of range, value must between -2147483648 and 2147483647")},
      {{"MOVE", "k"}, Err("ERR wrong number of arguments for 'move' command")},
      {{"MOVE", "missing", "15"}, Int(0)},
      {{"MOVE", "k", "15"}, Int(1)},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "again"}, kOk},
      {{"MOVE", "k", "15"}, Int(0)},
      {{"SELECT", "15"}, kOk},
      {{"GET", "k"}, Bulk("v")},
      {{"FLUSHDB"}, kOk},
  });
}

// ---- OBJECT ENCODING ----

TEST_F(CollectionKeys, ObjectEncodingOfAHashFollowsTheListpackLimits) {
  Make("h", ValueType::kHash, Numbered(512));
  ExpectInProcess({{{"OBJECT", "ENCODING", "h"}, Bulk("listpack")}});
  Make("h", ValueType::kHash, Numbered(513));
  ExpectInProcess({{{"OBJECT", "ENCODING", "h"}, Bulk("hashtable")}});
  Make("h", ValueType::kHash, {{std::string(64, 'f'), std::string(64, 'v')}});
  ExpectInProcess({{{"OBJECT", "ENCODING", "h"}, Bulk("listpack")}});
  Make("h", ValueType::kHash, {{"f", "v"}, {std::string(65, 'f'), "v"}});
  ExpectInProcess({{{"object", "encoding", "h"}, Bulk("hashtable")}});
  Make("h", ValueType::kHash, {{"f", std::string(65, 'v')}});
  ExpectInProcess({{{"OBJECT", "ENCODING", "h"}, Bulk("hashtable")}});
  // The limits are the server's configuration.
  Make("h", ValueType::kHash, Numbered(3));
  ExpectInProcess({
      {{"OBJECT", "ENCODING", "h"}, Bulk("listpack")},
      {{"CONFIG", "SET", "hash-max-listpack-entries", "2"}, kOk},
      {{"OBJECT", "ENCODING", "h"}, Bulk("hashtable")},
      {{"CONFIG", "SET", "hash-max-listpack-entries", "3"}, kOk},
      {{"CONFIG", "SET", "hash-max-listpack-value", "2"}, kOk},
      {{"OBJECT", "ENCODING", "h"}, Bulk("listpack")},
      {{"CONFIG", "SET", "hash-max-listpack-value", "1"}, kOk},  // "f0" is too long
      {{"OBJECT", "ENCODING", "h"}, Bulk("hashtable")},
  });
}

TEST_F(CollectionKeys, ObjectEncodingOfASetIsIntsetForFewIntegers) {
  Elements integers;
  for (int i = 0; i < 512; ++i) integers[std::to_string(i * 7 - 1000)] = "";
  Make("s", ValueType::kSet, integers);
  ExpectInProcess({{{"OBJECT", "ENCODING", "s"}, Bulk("intset")}});
  integers["100000"] = "";
  Make("s", ValueType::kSet, integers);
  ExpectInProcess({{{"OBJECT", "ENCODING", "s"}, Bulk("hashtable")}});
  Make("s", ValueType::kSet,
       {{"0", ""}, {"-9223372036854775808", ""}, {"9223372036854775807", ""}});
  ExpectInProcess({{{"OBJECT", "ENCODING", "s"}, Bulk("intset")}});
  // Not integers by string2ll's rules: each one makes the set a hashtable.
  for (const std::string member :
       {"+1", "01", " 1", "1 ", "1.0", "-0", "9223372036854775808", "", "a"}) {
    Make("s", ValueType::kSet, {{"1", ""}, {member, ""}});
    EXPECT_EQ(Run({"OBJECT", "ENCODING", "s"}), Bulk("hashtable")) << "member \"" << member << "\"";
  }
  Make("s", ValueType::kSet, {{"1", ""}, {"2", ""}});
  ExpectInProcess({
      {{"CONFIG", "SET", "set-max-intset-entries", "1"}, kOk},
      {{"OBJECT", "ENCODING", "s"}, Bulk("hashtable")},
  });
}

TEST_F(CollectionKeys, ObjectEncodingOfStringsAndMissingKeysIsStage06s) {
  ExpectInProcess({
      {{"SET", "n", "12345"}, kOk},
      {{"SET", "short", "abc"}, kOk},
      {{"SET", "long", std::string(45, 'x')}, kOk},
      {{"OBJECT", "ENCODING", "n"}, Bulk("int")},
      {{"OBJECT", "ENCODING", "short"}, Bulk("embstr")},
      {{"OBJECT", "ENCODING", "long"}, Bulk("raw")},
      {{"OBJECT", "ENCODING", "missing"}, kNil},
      {{"OBJECT", "ENCODING"}, Err("ERR wrong number of arguments for 'object|encoding' command")},
      {{"OBJECT", "REFCOUNT", "n"}, Int(1)},
  });
  Make("h", ValueType::kHash, kHash);
  ExpectInProcess({{{"OBJECT", "REFCOUNT", "h"}, Int(1)}, {{"OBJECT", "IDLETIME", "h"}, Int(0)}});
}

// ---- What the other key commands see: keys, not elements ----

TEST_F(CollectionKeys, KeyCommandsCountAndListKeysNotElements) {
  Make("h", ValueType::kHash, Numbered(40));
  Make("s", ValueType::kSet, kSet);
  ExpectInProcess({
      {{"SET", "str", "v"}, kOk},
      {{"DBSIZE"}, Int(3)},
      {{"EXISTS", "h", "s", "str", "missing"}, Int(3)},
      {{"TYPE", "h"}, "+hash\r\n"},
      {{"TYPE", "s"}, "+set\r\n"},
      {{"KEYS", "*"}, "*3\r\n" + Bulk("h") + Bulk("s") + Bulk("str")},
      {{"KEYS", "s*"}, "*2\r\n" + Bulk("s") + Bulk("str")},
      {{"SCAN", "0", "TYPE", "hash"}, "*2\r\n" + Bulk("0") + "*1\r\n" + Bulk("h")},
      {{"SCAN", "0", "TYPE", "SET"}, "*2\r\n" + Bulk("0") + "*1\r\n" + Bulk("s")},
      {{"SCAN", "0", "TYPE", "string"}, "*2\r\n" + Bulk("0") + "*1\r\n" + Bulk("str")},
  });
  EXPECT_NE(Run({"INFO", "keyspace"}).find("\r\ndb0:keys=3,expires=0,avg_ttl=0\r\n"),
            std::string::npos)
      << Run({"INFO", "keyspace"});
  for (int i = 0; i < 30; ++i) {
    const std::string key = Run({"RANDOMKEY"});
    EXPECT_TRUE(key == Bulk("h") || key == Bulk("s") || key == Bulk("str")) << key;
  }
}

TEST_F(CollectionKeys, StringCommandsOnAHashAreWrongTypeAndSetReplacesIt) {
  Make("h", ValueType::kHash, kHash);
  for (const std::vector<std::string>& request : std::vector<std::vector<std::string>>{
           {"GET", "h"},
           {"APPEND", "h", "x"},
           {"INCR", "h"},
           {"DECRBY", "h", "2"},
           {"INCRBYFLOAT", "h", "1.5"},
           {"SETRANGE", "h", "0", "x"},
           {"GETRANGE", "h", "0", "-1"},
           {"STRLEN", "h"},
           {"GETEX", "h", "PX", "100"},
           {"GETDEL", "h"},
           {"GETSET", "h", "x"},
           {"SET", "h", "x", "GET"},
       }) {
    EXPECT_EQ(Run(request), kWrongType) << request[0];
  }
  ExpectInProcess({
      {{"MGET", "h"}, "*1\r\n" + std::string(kNil)},
      {{"TYPE", "h"}, "+hash\r\n"},
      {{"PTTL", "h"}, Int(-1)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash), kHash) << "a refused command changed the hash";
  ExpectInProcess({
      {{"SET", "h", "now a string"}, kOk},
      {{"TYPE", "h"}, "+string\r\n"},
      {{"GET", "h"}, Bulk("now a string")},
      {{"DBSIZE"}, Int(1)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash), std::nullopt);
  // A hash made again under the name starts empty.
  Make("h", ValueType::kHash, {{"new", "1"}});
  EXPECT_EQ(Read("h", ValueType::kHash), (Elements{{"new", "1"}}));
}

TEST_F(CollectionKeys, AnExpiryEndsTheWholeCollection) {
  Make("h", ValueType::kHash, Numbered(20));
  Make("s", ValueType::kSet, kSet);
  ExpectInProcess({
      {{"EXPIRE", "h", "10"}, Int(1)},
      {{"TTL", "h"}, Int(10)},
      {{"PEXPIRE", "s", "10000"}, Int(1)},
      {{"PERSIST", "s"}, Int(1)},
      {{"PTTL", "s"}, Int(-1)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash), Numbered(20)) << "EXPIRE changed the elements";
  clock_.Advance(9'999);
  EXPECT_EQ(Read("h", ValueType::kHash), Numbered(20));
  clock_.Advance(1);
  ExpectInProcess({
      {{"EXISTS", "h"}, Int(0)},
      {{"TYPE", "h"}, "+none\r\n"},
      {{"DBSIZE"}, Int(1)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash), std::nullopt);
  EXPECT_EQ(Read("s", ValueType::kSet), kSet);
  Make("h", ValueType::kHash, {{"f0", "new"}});
  EXPECT_EQ(Read("h", ValueType::kHash), (Elements{{"f0", "new"}}));
}

TEST_F(CollectionKeys, DelFlushdbAndSwapdbTakeTheElementsAlong) {
  Make("h", ValueType::kHash, Numbered(30));
  Make("s", ValueType::kSet, kSet);
  Make("other", ValueType::kSet, kSet, 1);
  ExpectInProcess({
      {{"DEL", "h", "missing"}, Int(1)},
      {{"UNLINK", "s"}, Int(1)},
      {{"DBSIZE"}, Int(0)},
  });
  EXPECT_EQ(Read("h", ValueType::kHash), std::nullopt);
  Make("h", ValueType::kHash, {{"only", "1"}});
  EXPECT_EQ(Read("h", ValueType::kHash), (Elements{{"only", "1"}}));

  ExpectInProcess({{{"SWAPDB", "0", "1"}, kOk}, {{"DBSIZE"}, Int(1)}});
  EXPECT_EQ(Read("other", ValueType::kSet, 0), kSet);
  EXPECT_EQ(Read("h", ValueType::kHash, 1), (Elements{{"only", "1"}}));
  ExpectInProcess({{{"FLUSHDB"}, kOk}, {{"DBSIZE"}, Int(0)}});
  EXPECT_EQ(Read("other", ValueType::kSet, 0), std::nullopt);
  EXPECT_EQ(Read("h", ValueType::kHash, 1), (Elements{{"only", "1"}}));
  ExpectInProcess({{{"FLUSHALL"}, kOk}});
  EXPECT_EQ(Read("h", ValueType::kHash, 1), std::nullopt);
}

// ---- Over the wire, with the hash and set commands ----

// Fixed replies, the same from redis-server: a string command on a collection, the
// collections' encodings, the commands that move a collection and what they leave behind.
TEST_F(CollectionKeys, CollectionsAnswerKeyAndStringCommandsAsRedis) {
  ExpectOnBoth({
      {{"HSET", "h", "f", "v", "g", "w"}, Int(2)},
      {{"GET", "h"}, kWrongType},
      {{"APPEND", "h", "x"}, kWrongType},
      {{"INCR", "h"}, kWrongType},
      {{"SETRANGE", "h", "0", "x"}, kWrongType},
      {{"GETEX", "h", "PERSIST"}, kWrongType},
      {{"STRLEN", "h"}, kWrongType},
      {{"MGET", "h"}, "*1\r\n" + std::string(kNil)},
      {{"TYPE", "h"}, "+hash\r\n"},
      {{"OBJECT", "ENCODING", "h"}, Bulk("listpack")},
      {{"HSET", "h", "long", std::string(65, 'v')}, Int(1)},
      {{"OBJECT", "ENCODING", "h"}, Bulk("hashtable")},
      {{"HDEL", "h", "long"}, Int(1)},
      {{"SADD", "s", "1", "-2"}, Int(2)},
      {{"OBJECT", "ENCODING", "s"}, Bulk("intset")},
      {{"SADD", "s", "x"}, Int(1)},
      {{"OBJECT", "ENCODING", "s"}, Bulk("hashtable")},
      {{"HSET", "s", "f", "v"}, kWrongType},
      {{"SADD", "h", "m"}, kWrongType},
      {{"RENAME", "h", "h2"}, kOk},
      {{"HLEN", "h"}, Int(0)},
      {{"HGET", "h2", "g"}, Bulk("w")},
      {{"COPY", "h2", "h3", "DB", "1"}, Int(1)},
      {{"MOVE", "h2", "1"}, Int(1)},
      {{"MOVE", "s", "1"}, Int(1)},
      {{"HLEN", "h2"}, Int(0)},
      {{"SELECT", "1"}, kOk},
      {{"HLEN", "h2"}, Int(2)},
      {{"HGET", "h3", "f"}, Bulk("v")},
      {{"SISMEMBER", "s", "-2"}, Int(1)},
      {{"DBSIZE"}, Int(3)},
      {{"SET", "s", "now a string"}, kOk},
      {{"SISMEMBER", "s", "-2"}, kWrongType},
      {{"HGET", "s", "f"}, kWrongType},
      {{"GET", "s"}, Bulk("now a string")},
      {{"SWAPDB", "0", "1"}, kOk},
      {{"DBSIZE"}, Int(0)},
      {{"SELECT", "0"}, kOk},
      {{"HLEN", "h3"}, Int(2)},
      {{"FLUSHDB"}, kOk},
      {{"HLEN", "h3"}, Int(0)},
      {{"DBSIZE"}, Int(0)},
      {{"FLUSHALL"}, kOk},
  });
}

// Unlike Redis, which never converts a collection back to its compact encoding, the answer
// follows what the collection holds now (redis-server answers "hashtable" after the HDEL
// and the SREM): stepdb only.
TEST_F(CollectionKeys, ObjectEncodingFollowsTheCurrentContents) {
  ExpectReplies(port(), {
                            {{"HSET", "h", "f", "v", "long", std::string(65, 'v')}, Int(2)},
                            {{"OBJECT", "ENCODING", "h"}, Bulk("hashtable")},
                            {{"HDEL", "h", "long"}, Int(1)},
                            {{"OBJECT", "ENCODING", "h"}, Bulk("listpack")},
                            {{"SADD", "s", "1", "x"}, Int(2)},
                            {{"OBJECT", "ENCODING", "s"}, Bulk("hashtable")},
                            {{"SREM", "s", "x"}, Int(1)},
                            {{"OBJECT", "ENCODING", "s"}, Bulk("intset")},
                        });
}

TEST_F(CollectionKeys, AnExpiredHashHasNoFieldsLeft) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange(Resp({"HSET", "h", "a", "1", "b", "2"}), Int(2)));
  ASSERT_TRUE(client.Exchange(Resp({"PEXPIRE", "h", "100"}), Int(1)));
  EXPECT_TRUE(client.Exchange(Resp({"HLEN", "h"}), Int(2)));
  SleepUntilWallMs(WallMs() + 150);
  EXPECT_TRUE(
      client.Exchange(Resp({"HLEN", "h"}) + Resp({"HGET", "h", "a"}) + Resp({"EXISTS", "h"}),
                      Int(0) + kNil + Int(0)));
  EXPECT_TRUE(client.Exchange(Resp({"HSET", "h", "c", "3"}), Int(1)));
  EXPECT_TRUE(client.Exchange(Resp({"HGETALL", "h"}), "*2\r\n" + Bulk("c") + Bulk("3")));
}

// Memcached sees strings only: a hash is a miss to `get`, and `set` replaces it.
TEST_F(CollectionKeys, MemcachedMissesAHashAndSetReplacesIt) {
  TestClient redis(port());
  TestClient memcached(port());
  ASSERT_TRUE(redis.Exchange(Resp({"HSET", "h", "f", "v"}), Int(1)));
  EXPECT_TRUE(memcached.Exchange("get h\r\n", "END\r\n"));
  EXPECT_TRUE(memcached.Exchange("set h 5 0 3\r\nnew\r\n", "STORED\r\n"));
  EXPECT_TRUE(memcached.Exchange("get h\r\n", "VALUE h 5 3\r\nnew\r\nEND\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"HGET", "h", "f"}), kWrongType));
  EXPECT_TRUE(
      redis.Exchange(Resp({"GET", "h"}) + Resp({"TYPE", "h"}), Bulk("new") + "+string\r\n"));
}

}  // namespace
}  // namespace stepdb
