// The keyspace on an engine: databases are isolated, whole-database commands are one record,
// key counts follow every write, and compaction drops exactly the keys of dead databases.
#include "keyspace.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/coding.h"
#include "common/escape_bytes.h"
#include "common/testkit/status_matchers.h"
#include "leveled_engine.h"
#include "mem_file_system.h"
#include "memtable_engine.h"

namespace stepdb {
namespace {

ValueEnvelope StringValue(std::string payload) {
  ValueEnvelope value;
  value.payload = std::move(payload);
  return value;
}

// The keys of database db, in scan order.
std::vector<std::string> Keys(Keyspace& keyspace, int db) {
  std::vector<std::string> keys;
  Status status = keyspace.Scan(db, "", SIZE_MAX, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return keys;
}

std::string Payload(Keyspace& keyspace, int db, std::string_view key) {
  auto value = keyspace.Get(db, key);
  EXPECT_TRUE(value.ok()) << value.status().ToString();
  if (!value.ok() || !value->has_value()) return "(none)";
  return (*value)->payload;
}

class KeyspaceTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open(int databases = 16) {
    keyspace_.reset();
    KeyspaceOptions options;
    options.databases = databases;
    options.sync_log = [this] {
      ++syncs_;
      return Status::Ok();
    };
    auto keyspace = Keyspace::Open(&engine_, &filter_, options);
    ASSERT_TRUE(keyspace.ok()) << keyspace.status().ToString();
    keyspace_ = std::move(keyspace).value();
  }
  Keyspace& ks() { return *keyspace_; }

  MemTableEngine engine_;
  DeadDatabaseFilter filter_;
  std::unique_ptr<Keyspace> keyspace_;
  int syncs_ = 0;
};

TEST_F(KeyspaceTest, DatabasesAreIsolated) {
  ASSERT_OK(ks().Put(0, "k", StringValue("zero")));
  ASSERT_OK(ks().Put(3, "k", StringValue("three")));
  EXPECT_EQ(Payload(ks(), 0, "k"), "zero");
  EXPECT_EQ(Payload(ks(), 3, "k"), "three");
  EXPECT_EQ(Payload(ks(), 1, "k"), "(none)");
  EXPECT_EQ(Keys(ks(), 3), std::vector<std::string>{"k"});
  EXPECT_EQ(ks().KeyCount(0), 1u);
  EXPECT_EQ(ks().KeyCount(1), 0u);
}

TEST_F(KeyspaceTest, CountsFollowPutsOverwritesAndDeletes) {
  ASSERT_OK(ks().Put(0, "a", StringValue("1")));
  ASSERT_OK(ks().Put(0, "a", StringValue("2")));
  ASSERT_OK(ks().Put(0, "b", StringValue("1")));
  EXPECT_EQ(ks().KeyCount(0), 2u);
  auto deleted = ks().Delete(0, "a");
  ASSERT_TRUE(deleted.ok() && *deleted);
  deleted = ks().Delete(0, "a");
  ASSERT_TRUE(deleted.ok() && !*deleted);
  EXPECT_EQ(ks().KeyCount(0), 1u);
}

TEST_F(KeyspaceTest, BatchIsAtomicAndLaterWritesToAKeyWin) {
  Keyspace::Batch batch;
  batch.Put(0, "x", StringValue("first"));
  batch.Put(0, "x", StringValue("second"));
  batch.Put(0, "y", StringValue("y"));
  batch.Delete(0, "y");
  batch.Put(2, "z", StringValue("z"));
  ASSERT_OK(ks().Apply(batch));
  EXPECT_EQ(Payload(ks(), 0, "x"), "second");
  EXPECT_EQ(Payload(ks(), 0, "y"), "(none)");
  EXPECT_EQ(ks().KeyCount(0), 1u);
  EXPECT_EQ(ks().KeyCount(2), 1u);
}

TEST_F(KeyspaceTest, EveryWriteGetsAFreshCas) {
  ASSERT_OK(ks().Put(0, "k", StringValue("1")));
  const uint64_t first = (*ks().Get(0, "k"))->cas;
  ASSERT_OK(ks().Put(0, "k", StringValue("1")));
  EXPECT_GT((*ks().Get(0, "k"))->cas, first);
}

// A touch (Memcached's) changes when the item expires and keeps its cas; the count stays.
TEST_F(KeyspaceTest, TouchKeepsTheCasAndWritesTheExpiry) {
  ASSERT_OK(ks().Put(0, "k", StringValue("v")));
  auto before = ks().Get(0, "k");
  ASSERT_TRUE(before.ok() && before->has_value());
  ValueEnvelope touched = **before;
  touched.expire_at_ms = 4102444800000;
  ASSERT_OK(ks().Touch(0, "k", touched));
  auto after = ks().Get(0, "k");
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->cas, (*before)->cas);
  EXPECT_EQ((*after)->expire_at_ms, 4102444800000);
  EXPECT_EQ(ks().KeyCount(0), 1u);
}

TEST_F(KeyspaceTest, KeyNamesWithEveryByteValueStayApartAndOrdered) {
  std::vector<std::string> keys;
  for (int b = 0; b < 256; ++b) keys.push_back(std::string(1, static_cast<char>(b)) + "k");
  keys.push_back("");  // the empty key is a key too
  for (const std::string& key : keys) ASSERT_OK(ks().Put(5, key, StringValue(key)));
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(Keys(ks(), 5), sorted);
  for (const std::string& key : keys) EXPECT_EQ(Payload(ks(), 5, key), key);
  EXPECT_EQ(Keys(ks(), 4), std::vector<std::string>{});
  EXPECT_EQ(Keys(ks(), 6), std::vector<std::string>{});
}

TEST_F(KeyspaceTest, ScanStartsAtAKeyAndStopsAtTheLimit) {
  for (const char* key : {"a", "b", "c", "d"}) ASSERT_OK(ks().Put(0, key, StringValue("")));
  std::vector<std::string> seen;
  ASSERT_TRUE(ks().Scan(0, "b", 2,
                        [&](std::string_view key, std::string_view) {
                          seen.emplace_back(key);
                          return true;
                        })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"b", "c"}));
}

TEST_F(KeyspaceTest, FlushDbEmptiesOneDatabaseWithOneRecord) {
  for (int i = 0; i < 100; ++i) {
    ASSERT_OK(ks().Put(0, "k" + std::to_string(i), StringValue("v")));
  }
  ASSERT_OK(ks().Put(1, "other", StringValue("v")));
  const uint64_t writes = ks().write_count();
  const int syncs = syncs_;
  ASSERT_OK(ks().FlushDb(0));
  EXPECT_EQ(ks().write_count(), writes + 1);  // one record, whatever the database holds
  EXPECT_EQ(syncs_, syncs + 1);               // synced before the filter may drop anything
  EXPECT_EQ(ks().KeyCount(0), 0u);
  EXPECT_EQ(Keys(ks(), 0), std::vector<std::string>{});
  EXPECT_EQ(Payload(ks(), 1, "other"), "v");
  ASSERT_OK(ks().Put(0, "k1", StringValue("new")));
  EXPECT_EQ(Payload(ks(), 0, "k1"), "new");
}

TEST_F(KeyspaceTest, SwapDbTradesContentsAndCounts) {
  ASSERT_OK(ks().Put(0, "a", StringValue("in0")));
  ASSERT_OK(ks().Put(1, "b", StringValue("in1")));
  ASSERT_OK(ks().Put(1, "c", StringValue("in1")));
  ASSERT_OK(ks().SwapDb(0, 1));
  EXPECT_EQ(Keys(ks(), 0), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(Keys(ks(), 1), std::vector<std::string>{"a"});
  EXPECT_EQ(ks().KeyCount(0), 2u);
  EXPECT_EQ(ks().KeyCount(1), 1u);
}

TEST_F(KeyspaceTest, FlushAllEmptiesEveryDatabase) {
  for (int db = 0; db < 16; ++db) ASSERT_OK(ks().Put(db, "k", StringValue("v")));
  ASSERT_OK(ks().FlushAll());
  for (int db = 0; db < 16; ++db) {
    EXPECT_EQ(ks().KeyCount(db), 0u) << db;
    EXPECT_EQ(Payload(ks(), db, "k"), "(none)") << db;
  }
}

TEST_F(KeyspaceTest, ReopenKeepsTheDatabaseMapAndRecountsKeys) {
  ASSERT_OK(ks().Put(0, "a", StringValue("0")));
  ASSERT_OK(ks().Put(1, "b", StringValue("1")));
  ASSERT_OK(ks().Put(1, "c", StringValue("1")));
  ASSERT_OK(ks().SwapDb(0, 1));
  Open();
  EXPECT_EQ(ks().KeyCount(0), 2u);
  EXPECT_EQ(ks().KeyCount(1), 1u);
  EXPECT_EQ(Payload(ks(), 0, "b"), "1");
  // More databases than before: the new ones are empty, the old ones unchanged.
  Open(20);
  EXPECT_EQ(ks().databases(), 20);
  EXPECT_EQ(ks().KeyCount(19), 0u);
  EXPECT_EQ(Payload(ks(), 1, "a"), "0");
}

TEST_F(KeyspaceTest, DamagedDatabaseRecordIsCorruption) {
  ASSERT_TRUE(engine_.Put("Mdatabases", "short").ok());
  keyspace_.reset();
  auto keyspace = Keyspace::Open(&engine_, &filter_, KeyspaceOptions{});
  ASSERT_FALSE(keyspace.ok());
  EXPECT_TRUE(keyspace.status().IsCorruption()) << keyspace.status().ToString();
}

// The worked example of docs/formats/keyspace.md: the databases record of a fresh keyspace,
// the engine key and value of SET k v in database 0, and the record after FLUSHDB.
TEST_F(KeyspaceTest, WorkedExampleFromTheSpec) {
  auto record = [](uint64_t next_id, uint64_t first_id) {
    std::string bytes;
    PutFixed64(&bytes, next_id);
    PutFixed32(&bytes, 16);
    PutFixed64(&bytes, first_id);
    for (uint64_t id = 2; id <= 16; ++id) PutFixed64(&bytes, id);
    return bytes;
  };
  Result<std::string> databases = engine_.Get("Mdatabases");
  ASSERT_TRUE(databases.ok()) << databases.status().ToString();
  EXPECT_EQ(EscapeBytes(*databases), EscapeBytes(record(17, 1)));
  EXPECT_EQ(databases->size(), 140u);

  ASSERT_OK(ks().Put(0, "k", StringValue("v")));
  const std::string key = Keyspace::EngineKey(1, "k");
  EXPECT_EQ(EscapeBytes(key), EscapeBytes(std::string("K\0\0\0\0\0\0\0\x01k", 10)));
  Result<std::string> value = engine_.Get(key);
  ASSERT_TRUE(value.ok()) << value.status().ToString();
  std::string_view rest = *value;
  ASSERT_GE(rest.size(), 2u);
  EXPECT_EQ(EscapeBytes(rest.substr(0, 2)), EscapeBytes(std::string("\0\0", 2)));
  rest.remove_prefix(2);
  uint64_t cas = 0;
  ASSERT_TRUE(GetVarint64(&rest, &cas)) << EscapeBytes(*value);
  EXPECT_EQ(cas, (*ks().Get(0, "k"))->cas);
  EXPECT_EQ(rest, "v");

  ASSERT_OK(ks().FlushDb(0));
  databases = engine_.Get("Mdatabases");
  ASSERT_TRUE(databases.ok()) << databases.status().ToString();
  EXPECT_EQ(EscapeBytes(*databases), EscapeBytes(record(18, 17)));
  EXPECT_TRUE(engine_.Get(key).ok());  // still stored, no longer reachable
  EXPECT_EQ(Payload(ks(), 0, "k"), "(none)");
}

TEST(KeyspaceDeadDatabaseFilter, DropsOnlyKeysOfIdsThatAreNoLongerMapped) {
  DeadDatabaseFilter filter;
  const std::string dead = Keyspace::EngineKey(2, "k");
  const std::string live = Keyspace::EngineKey(3, "k");
  const std::string future = Keyspace::EngineKey(9, "k");
  EXPECT_FALSE(filter.ShouldDrop(1, dead, "v"));  // nothing is known before SetLive
  filter.SetLive({1, 3}, 5);
  EXPECT_TRUE(filter.ShouldDrop(1, dead, "v"));
  EXPECT_FALSE(filter.ShouldDrop(1, live, "v"));
  EXPECT_FALSE(filter.ShouldDrop(1, future, "v"));  // an id not handed out yet
  EXPECT_FALSE(filter.ShouldDrop(1, "Mdatabases", "v"));
  EXPECT_EQ(filter.dropped(), 1u);
}

// The whole path on stage 05's engine: after FLUSHDB, a full compaction removes the flushed
// keys from the tables, and keeps every live key.
TEST(KeyspaceOnLeveledEngine, CompactionDropsFlushedDatabases) {
  MemFileSystem fs;
  auto filter = std::make_shared<DeadDatabaseFilter>();
  LeveledOptions options;
  options.engine.lsm.memtable_bytes = 4096;
  options.filter = filter;
  auto engine = LeveledEngine::Open(&fs, "/db", options);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  LeveledEngine& db = **engine;
  KeyspaceOptions keyspace_options;
  keyspace_options.sync_log = [&db] { return db.SyncLog(); };
  auto keyspace = Keyspace::Open(&db, filter.get(), keyspace_options);
  ASSERT_TRUE(keyspace.ok()) << keyspace.status().ToString();
  Keyspace& ks = **keyspace;
  for (int i = 0; i < 500; ++i) {
    ASSERT_OK(ks.Put(0, "gone" + std::to_string(i), StringValue(std::string(40, 'x'))));
    ASSERT_OK(ks.Put(1, "kept" + std::to_string(i), StringValue("v")));
  }
  ASSERT_OK(ks.FlushDb(0));
  ASSERT_TRUE(db.CompactAll().ok());
  EXPECT_EQ(filter->dropped(), 500u);
  size_t engine_keys = 0;
  ASSERT_TRUE(db.Scan("K", "L", SIZE_MAX, [&](std::string_view, std::string_view) {
                  ++engine_keys;
                  return true;
                }).ok());
  EXPECT_EQ(engine_keys, 500u);  // only database 1's keys are left on disk
  EXPECT_EQ(ks.KeyCount(1), 500u);
  EXPECT_EQ(Payload(ks, 1, "kept7"), "v");
  ASSERT_TRUE(db.Close().ok());
}

}  // namespace
}  // namespace stepdb
