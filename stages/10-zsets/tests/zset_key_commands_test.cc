// The key commands on sorted sets (zset_key_commands.h), two ways:
//
//   in-process, on stage 10's parts and a ManualClock: sorted sets are built with ZSet and read
//   back both ways a sorted set is kept, its member records and its score index, so a test
//   sees every member a command copied, moved or left behind, with its score, and an expiry
//   happens without sleeping;
//   black-box over a socket (the fixture starts a stepdb-stage10): fixed replies against this
//   server and against redis-server 7.0, where every expected reply came from; and a deleted
//   sorted set's records taken off the disk by compaction.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/testkit/status_matchers.h"
#include "manual_clock.h"
#include "redis_command_test_support.h"
#include "zset.h"
#include "zset_encoding.h"
#include "zset_server.h"

namespace stepdb {
namespace {

using testkit::TestClient;

constexpr int64_t kStart = 1'700'000'000'000;  // the manual clock's "now", unix ms

using Entries = std::vector<ZSet::Entry>;  // in (score, member) order

class ZSetKeys : public RedisOracleTest {
 protected:
  std::string Run(std::vector<std::string> argv) { return harness_.Run(std::move(argv)); }

  // In-process: each step's reply, at the manual clock's time.
  void ExpectInProcess(const std::vector<Step>& steps) { harness_.ExpectReplies(steps); }

  // Makes key in db a sorted set of exactly `entries` (replacing any value).
  void Make(std::string_view key, const Entries& entries, int db = 0) {
    ASSERT_OK_AND_ASSIGN(const bool exists, harness_.keyspace().Exists(db, key));
    ZSet zset = ZSet::Replacing(harness_.keyspace(), db, key, exists);
    for (const ZSet::Entry& entry : entries) ASSERT_OK(zset.Put(entry.member, entry.score));
    ASSERT_OK(zset.Commit());
  }

  // The sorted set key in db holds; nullopt if it holds none.
  std::optional<ZSet> Load(std::string_view key, int db = 0) {
    Result<std::optional<ValueEnvelope>> envelope = harness_.keyspace().Get(db, key);
    EXPECT_OK(envelope);
    if (!envelope.ok() || !*envelope || (*envelope)->type != ValueType::kZSet) return std::nullopt;
    Result<ZSet> zset = ZSet::Load(harness_.keyspace(), db, key, std::move(*envelope));
    EXPECT_OK(zset);
    if (!zset.ok()) return std::nullopt;
    return std::move(*zset);
  }

  // The members of the sorted set key in db holds, read from its score index; nullopt if it
  // holds none. Its member records must say the same, and its envelope the same size.
  std::optional<Entries> Read(std::string_view key, int db = 0) {
    std::optional<ZSet> zset = Load(key, db);
    if (!zset) return std::nullopt;
    Entries by_score;
    EXPECT_OK(zset->ScanByRank(0, UINT64_MAX, /*reverse=*/false,
                               [&](std::string_view member, double score) {
                                 by_score.push_back({std::string(member), score});
                                 return true;
                               }));
    Result<std::vector<Collection::Element>> records = zset->members().ReadAll();
    EXPECT_OK(records);
    if (!records.ok()) return std::nullopt;
    EXPECT_EQ(by_score.size(), zset->size()) << "the index of " << key << " against its size";
    EXPECT_EQ(records->size(), zset->size()) << "the members of " << key << " against its size";
    for (const auto& [member, encoded_score] : *records) {
      Result<std::optional<double>> score = zset->Score(member);
      EXPECT_OK(score);
      const bool indexed = std::any_of(by_score.begin(), by_score.end(), [&](const auto& entry) {
        return entry.member == member && score.ok() && *score == entry.score;
      });
      EXPECT_TRUE(indexed) << member << " of " << key << " is not in the index with its score";
    }
    return by_score;
  }

  // n members "m000", "m001", ... scored i / 4 - 10 (negative, fractional and integral).
  static Entries Numbered(int n) {
    Entries entries;
    for (int i = 0; i < n; ++i) {
      char member[16];
      std::snprintf(member, sizeof(member), "m%03d", i);
      entries.push_back({member, i / 4.0 - 10});
    }
    return entries;
  }

  // A ZADD of `entries` to key.
  static std::vector<std::string> Zadd(const std::string& key, const Entries& entries) {
    std::vector<std::string> request = {"ZADD", key};
    for (const ZSet::Entry& entry : entries) {
      char score[32];
      std::snprintf(score, sizeof(score), "%.17g", entry.score);
      request.push_back(score);
      request.push_back(entry.member);
    }
    return request;
  }

  ManualClock clock_{kStart};
  CommandHarness harness_{Stage10Parts(&clock_)};
};

const Entries kZSet = {{"-inf", -INFINITY}, {"", 0}, {"a", 1.5}, {"b", 1.5}, {"top", 1e300}};

// ---- RENAME, RENAMENX, COPY, MOVE: members and scores go with the key ----

TEST_F(ZSetKeys, RenameCarriesEveryMemberScoreAndTheExpiry) {
  Make("z", kZSet);
  Make("big", Numbered(300));
  std::optional<ZSet> source = Load("z");
  ASSERT_TRUE(source.has_value());
  const uint64_t version = source->version();
  ExpectInProcess({
      {{"PEXPIRE", "z", "5000"}, Int(1)},
      {{"RENAME", "z", "z2"}, kOk},
      {{"RENAME", "big", "big2"}, kOk},
      {{"EXISTS", "z", "big"}, Int(0)},
      {{"TYPE", "z2"}, "+zset\r\n"},
      {{"PTTL", "z2"}, Int(5000)},
      {{"PTTL", "big2"}, Int(-1)},
      {{"DBSIZE"}, Int(2)},
      {{"ZSCORE", "z2", "top"}, Bulk("1.0000000000000001e+300")},
      {{"ZRANK", "big2", "m299"}, Int(299)},
  });
  EXPECT_EQ(Read("z2"), kZSet);
  EXPECT_EQ(Read("big2"), Numbered(300));
  EXPECT_EQ(Read("z"), std::nullopt);
  std::optional<ZSet> copy = Load("z2");
  ASSERT_TRUE(copy.has_value());
  EXPECT_NE(copy->version(), version) << "the copy has a version of its own";
  // The copy's expiry ends it whole.
  clock_.Advance(5000);
  ExpectInProcess({{{"EXISTS", "z2"}, Int(0)}, {{"DBSIZE"}, Int(1)}});
  EXPECT_EQ(Read("z2"), std::nullopt);
}

// Whatever the target held is never seen again: the copy has a version of its own.
TEST_F(ZSetKeys, RenameOverAnyValueReplacesIt) {
  Make("z", kZSet);
  Make("target", Numbered(50));
  ExpectInProcess({
      {{"RENAMENX", "z", "target"}, Int(0)},
      {{"RENAME", "z", "z"}, kOk},
      {{"RENAMENX", "z", "z"}, Int(0)},
      {{"RENAME", "z", "target"}, kOk},
      {{"ZCARD", "target"}, Int(5)},
      {{"RENAMENX", "target", "fresh"}, Int(1)},
      {{"RENAME", "target", "x"}, Err("ERR no such key")},
      {{"DBSIZE"}, Int(1)},
  });
  EXPECT_EQ(Read("fresh"), kZSet);
  EXPECT_EQ(Read("target"), std::nullopt);
  // A sorted set over a hash and a list, a set over a sorted set.
  ExpectInProcess({
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"RENAME", "fresh", "h"}, kOk},
      {{"TYPE", "h"}, "+zset\r\n"},
      {{"RPUSH", "l", "x"}, Int(1)},
      {{"COPY", "h", "l", "REPLACE"}, Int(1)},
      {{"LLEN", "l"}, kWrongType},
      {{"SADD", "s", "m"}, Int(1)},
      {{"RENAME", "s", "h"}, kOk},
      {{"SMEMBERS", "h"}, "*1\r\n" + Bulk("m")},
  });
  EXPECT_EQ(Read("h"), std::nullopt);
  EXPECT_EQ(Read("l"), kZSet);
}

TEST_F(ZSetKeys, CopyIsIndependentOfTheSourceAndReplacesOnlyWithReplace) {
  Make("z", kZSet);
  ExpectInProcess({
      {{"PEXPIRE", "z", "9000"}, Int(1)},
      {{"COPY", "z", "z2"}, Int(1)},
      {{"COPY", "z", "z"}, Err("ERR source and destination objects are the same")},
      {{"COPY", "missing", "z3"}, Int(0)},
      {{"PTTL", "z2"}, Int(9000)},
      {{"DBSIZE"}, Int(2)},
  });
  EXPECT_EQ(Read("z"), kZSet);
  EXPECT_EQ(Read("z2"), kZSet);

  // The two are independent: a change to either is not seen in the other.
  ExpectInProcess({
      {{"ZADD", "z", "7", "a", "8", "new"}, Int(1)},
      {{"ZREM", "z2", "b"}, Int(1)},
      {{"ZSCORE", "z2", "a"}, Bulk("1.5")},
      {{"ZSCORE", "z", "b"}, Bulk("1.5")},
      {{"ZRANGE", "z2", "0", "-1"}, BulkArray({"-inf", "", "a", "top"})},
      {{"ZRANGE", "z", "2", "-1"}, BulkArray({"b", "a", "new", "top"})},
  });
  Make("z", Numbered(3));
  ExpectInProcess({{{"COPY", "z", "z2"}, Int(0)}});
  EXPECT_EQ(Read("z2"), (Entries{{"-inf", -INFINITY}, {"", 0}, {"a", 1.5}, {"top", 1e300}}));
  ExpectInProcess({{{"COPY", "z", "z2", "REPLACE"}, Int(1)}});
  EXPECT_EQ(Read("z2"), Numbered(3));

  // Into another database, with REPLACE over a string and over a sorted set there.
  Make("other", kZSet, 2);
  ExpectInProcess({
      {{"SELECT", "2"}, kOk},
      {{"SET", "z", "string"}, kOk},
      {{"SELECT", "0"}, kOk},
      {{"COPY", "z", "z", "DB", "2"}, Int(0)},
      {{"COPY", "z", "z", "DB", "2", "REPLACE"}, Int(1)},
      {{"COPY", "z2", "other", "DB", "2", "REPLACE"}, Int(1)},
      {{"SELECT", "2"}, kOk},
      {{"TYPE", "z"}, "+zset\r\n"},
      {{"ZCARD", "other"}, Int(3)},
      {{"DBSIZE"}, Int(2)},
  });
  EXPECT_EQ(Read("z", 2), Numbered(3));
  EXPECT_EQ(Read("other", 2), Numbered(3));
  EXPECT_EQ(Read("z"), Numbered(3));
}

TEST_F(ZSetKeys, MoveTakesASortedSetToTheOtherDatabase) {
  Make("z", kZSet);
  ExpectInProcess({
      {{"PEXPIRE", "z", "7000"}, Int(1)},
      {{"MOVE", "z", "1"}, Int(1)},
      {{"DBSIZE"}, Int(0)},
      {{"SELECT", "1"}, kOk},
      {{"DBSIZE"}, Int(1)},
      {{"PTTL", "z"}, Int(7000)},
      {{"ZRANGEBYSCORE", "z", "1", "2"}, BulkArray({"a", "b"})},
  });
  EXPECT_EQ(Read("z", 1), kZSet);
  EXPECT_EQ(Read("z", 0), std::nullopt);
  // A name the target database holds stops the move, and nothing changes.
  Make("z", Numbered(2), 0);
  ExpectInProcess({
      {{"MOVE", "z", "0"}, Int(0)},
      {{"SELECT", "0"}, kOk},
      {{"MOVE", "z", "1"}, Int(0)},
  });
  EXPECT_EQ(Read("z", 0), Numbered(2));
  EXPECT_EQ(Read("z", 1), kZSet);
}

// ---- TYPE, SCAN, expiry: keys, not members ----

TEST_F(ZSetKeys, TypeAndScanSeeSortedSets) {
  Make("z", Numbered(40));
  Make("y", kZSet);
  ExpectInProcess({
      {{"SET", "str", "v"}, kOk},
      {{"SADD", "s", "m"}, Int(1)},
      {{"DBSIZE"}, Int(4)},
      {{"TYPE", "z"}, "+zset\r\n"},
      {{"KEYS", "*"}, BulkArray({"s", "str", "y", "z"})},
      {{"SCAN", "0", "TYPE", "zset"}, "*2\r\n" + Bulk("0") + BulkArray({"y", "z"})},
      {{"SCAN", "0", "TYPE", "ZSET"}, "*2\r\n" + Bulk("0") + BulkArray({"y", "z"})},
      {{"SCAN", "0", "TYPE", "set"}, "*2\r\n" + Bulk("0") + BulkArray({"s"})},
      {{"EXPIRE", "z", "10"}, Int(1)},
      {{"TTL", "z"}, Int(10)},
  });
  EXPECT_EQ(Read("z"), Numbered(40)) << "EXPIRE changed the members";
  clock_.Advance(10'000);
  ExpectInProcess({
      {{"EXISTS", "z"}, Int(0)},
      {{"ZCARD", "z"}, Int(0)},
      {{"SCAN", "0", "TYPE", "zset"}, "*2\r\n" + Bulk("0") + BulkArray({"y"})},
  });
  EXPECT_EQ(Read("z"), std::nullopt);
  // A sorted set made again under the name has none of the old members.
  ExpectInProcess({{{"ZADD", "z", "1", "new"}, Int(1)}});
  EXPECT_EQ(Read("z"), (Entries{{"new", 1}}));
}

// ---- OBJECT ENCODING ----

// "listpack" up to zset-max-listpack-entries members (128) of zset-max-listpack-value bytes
// (64), "skiplist" beyond; the scores do not count.
TEST_F(ZSetKeys, ObjectEncodingIsListpackUpTo128MembersOf64Bytes) {
  Make("z", Numbered(128));
  Make("wide", {{std::string(64, 'x'), 1e300}, {"y", -INFINITY}});
  ExpectInProcess({
      {{"OBJECT", "ENCODING", "z"}, Bulk("listpack")},
      {{"ZADD", "z", "0", "one more"}, Int(1)},
      {{"OBJECT", "ENCODING", "z"}, Bulk("skiplist")},
      {{"OBJECT", "ENCODING", "wide"}, Bulk("listpack")},
      {{"ZADD", "wide", "0", std::string(65, 'x')}, Int(1)},
      {{"object", "encoding", "wide"}, Bulk("skiplist")},
      // The limits are CONFIG's.
      {{"CONFIG", "SET", "zset-max-listpack-entries", "200"}, kOk},
      {{"CONFIG", "SET", "zset-max-listpack-value", "65"}, kOk},
      {{"OBJECT", "ENCODING", "z"}, Bulk("listpack")},
      {{"OBJECT", "ENCODING", "wide"}, Bulk("listpack")},
      {{"CONFIG", "SET", "zset-max-listpack-value", "0"}, kOk},
      {{"OBJECT", "ENCODING", "z"}, Bulk("skiplist")},
      {{"CONFIG", "SET", "zset-max-listpack-value", "64"}, kOk},
      {{"CONFIG", "SET", "zset-max-listpack-entries", "0"}, kOk},
      {{"OBJECT", "ENCODING", "wide"}, Bulk("skiplist")},
      {{"CONFIG", "SET", "zset-max-listpack-entries", "128"}, kOk},
      // The answer follows what the set holds now (Redis would stay "skiplist").
      {{"ZREM", "z", "one more"}, Int(1)},
      {{"OBJECT", "ENCODING", "z"}, Bulk("listpack")},
      // The other types as before.
      {{"HSET", "h", "f", "v"}, Int(1)},
      {{"SADD", "s", "1"}, Int(1)},
      {{"RPUSH", "l", "a"}, Int(1)},
      {{"SET", "str", "abc"}, kOk},
      {{"OBJECT", "ENCODING", "h"}, Bulk("listpack")},
      {{"OBJECT", "ENCODING", "s"}, Bulk("intset")},
      {{"OBJECT", "ENCODING", "l"}, Bulk("quicklist")},
      {{"OBJECT", "ENCODING", "str"}, Bulk("embstr")},
      {{"OBJECT", "ENCODING", "missing"}, kNil},
      {{"OBJECT", "REFCOUNT", "z"}, Int(1)},
  });
}

// The same thresholds against redis-server, on sorted sets ZADD builds.
TEST_F(ZSetKeys, ObjectEncodingChangesWhereRedisChangesIt) {
  Entries many = Numbered(128);
  ExpectOnBoth({
      {Zadd("z", many), Int(128)},
      {{"OBJECT", "ENCODING", "z"}, Bulk("listpack")},
      {{"ZADD", "z", "1e300", "m128"}, Int(1)},
      {{"OBJECT", "ENCODING", "z"}, Bulk("skiplist")},
      {{"ZADD", "w", "1", std::string(64, 'x')}, Int(1)},
      {{"OBJECT", "ENCODING", "w"}, Bulk("listpack")},
      {{"ZADD", "w", "2", std::string(65, 'y')}, Int(1)},
      {{"OBJECT", "ENCODING", "w"}, Bulk("skiplist")},
      {{"ZUNIONSTORE", "u", "1", "w", "WEIGHTS", "0"}, Int(2)},
      {{"OBJECT", "ENCODING", "u"}, Bulk("skiplist")},
      {{"ZINTERSTORE", "i", "2", "z", "z"}, Int(129)},
      {{"OBJECT", "ENCODING", "i"}, Bulk("skiplist")},
      {{"ZRANGESTORE", "r", "z", "0", "127"}, Int(128)},
      {{"OBJECT", "ENCODING", "r"}, Bulk("listpack")},
  });
}

// ---- Over the wire ----

// Fixed replies, the same from redis-server: what the key commands do to a sorted set.
TEST_F(ZSetKeys, SortedSetsAnswerKeyCommandsAsRedis) {
  ExpectOnBoth({
      {{"ZADD", "z", "1", "a", "2", "b", "-inf", "c"}, Int(3)},
      {{"GET", "z"}, kWrongType},
      {{"LLEN", "z"}, kWrongType},
      {{"HGET", "z", "f"}, kWrongType},
      {{"SADD", "z", "m"}, kWrongType},
      {{"TYPE", "z"}, "+zset\r\n"},
      {{"SCAN", "0", "TYPE", "zset"}, "*2\r\n" + Bulk("0") + BulkArray({"z"})},
      {{"OBJECT", "ENCODING", "z"}, Bulk("listpack")},
      {{"EXPIRE", "z", "100"}, Int(1)},
      {{"RENAME", "z", "z2"}, kOk},
      {{"TTL", "z2"}, Int(100)},
      {{"ZCARD", "z"}, Int(0)},
      {{"RENAMENX", "z2", "z2"}, Int(0)},
      {{"COPY", "z2", "z3", "DB", "1"}, Int(1)},
      {{"MOVE", "z2", "1"}, Int(1)},
      {{"ZCARD", "z2"}, Int(0)},
      {{"SELECT", "1"}, kOk},
      {{"ZRANGE", "z2", "0", "-1", "WITHSCORES"},
       "*6\r\n" + Bulk("c") + Bulk("-inf") + Bulk("a") + Bulk("1") + Bulk("b") + Bulk("2")},
      {{"ZSCORE", "z3", "b"}, Bulk("2")},
      {{"TTL", "z3"}, Int(100)},
      {{"PERSIST", "z3"}, Int(1)},
      {{"DBSIZE"}, Int(2)},
      {{"SET", "z3", "now a string"}, kOk},
      {{"ZCARD", "z3"}, kWrongType},
      {{"DEL", "z2"}, Int(1)},
      {{"ZRANGE", "z2", "0", "-1"}, "*0\r\n"},
      {{"ZADD", "z2", "5", "new"}, Int(1)},
      {{"ZRANGE", "z2", "0", "-1"}, BulkArray({"new"})},
      {{"FLUSHALL"}, kOk},
  });
}

}  // namespace
}  // namespace stepdb
