// The expiring keyspace on a manual clock: a due key is gone for every reader the moment it is
// due, counts never include it, the time-ordered index survives a reopen and stays exact
// across overwrites, flushes and swaps, and compaction drops due values from the tables.
#include "expiring_keyspace.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/testkit/status_matchers.h"
#include "expiry_filter.h"
#include "leveled_engine.h"
#include "manual_clock.h"
#include "mem_file_system.h"
#include "memtable_engine.h"

namespace stepdb {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;  // a unix time in milliseconds

ValueEnvelope Value(std::string payload, int64_t expire_at_ms = 0) {
  ValueEnvelope value;
  value.payload = std::move(payload);
  value.expire_at_ms = expire_at_ms;
  return value;
}

std::vector<std::string> Keys(Keyspace& keyspace, int db, size_t limit = SIZE_MAX) {
  std::vector<std::string> keys;
  EXPECT_OK(keyspace.Scan(db, "", limit, [&](std::string_view key, std::string_view) {
    keys.emplace_back(key);
    return true;
  }));
  return keys;
}

class ExpiringKeyspaceTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    keyspace_.reset();
    auto opened = ExpiringKeyspace::Open(&engine_, nullptr, KeyspaceOptions(), &clock_);
    ASSERT_OK(opened);
    keyspace_ = std::move(*opened);
  }
  bool Present(int db, std::string_view key) {
    auto value = keyspace_->Get(db, key);
    EXPECT_OK(value);
    return value.ok() && value->has_value();
  }

  ManualClock clock_{kStart};
  MemTableEngine engine_;
  std::unique_ptr<ExpiringKeyspace> keyspace_;
};

TEST_F(ExpiringKeyspaceTest, AKeyIsGoneTheMomentItsExpiryIsDue) {
  ASSERT_OK(keyspace_->Put(0, "k", Value("v", kStart + 1000)));
  clock_.Advance(999);
  EXPECT_TRUE(Present(0, "k"));
  ASSERT_OK_AND_ASSIGN(bool exists, keyspace_->Exists(0, "k"));
  EXPECT_TRUE(exists);
  clock_.Advance(1);  // expire_at_ms <= now: due
  EXPECT_FALSE(Present(0, "k"));
  ASSERT_OK_AND_ASSIGN(exists, keyspace_->Exists(0, "k"));
  EXPECT_FALSE(exists);
  EXPECT_EQ(keyspace_->KeyCount(0), 0u);
  EXPECT_EQ(keyspace_->expired_keys(), 1u);
  // Lazy expiry deleted it from the engine, not only from view.
  EXPECT_TRUE(engine_.Get(Keyspace::EngineKey(1, "k")).status().IsNotFound());
}

TEST_F(ExpiringKeyspaceTest, CountsLeaveOutDueKeysBeforeAnyoneReadsThem) {
  ASSERT_OK(keyspace_->Put(0, "short", Value("v", kStart + 100)));
  ASSERT_OK(keyspace_->Put(0, "long", Value("v", kStart + 10'000)));
  ASSERT_OK(keyspace_->Put(0, "forever", Value("v")));
  EXPECT_EQ(keyspace_->KeyCount(0), 3u);
  EXPECT_EQ(keyspace_->VolatileKeyCount(0), 2u);
  EXPECT_EQ(keyspace_->AverageTtlMs(0), (100 + 10'000) / 2);
  clock_.Advance(100);
  EXPECT_EQ(keyspace_->KeyCount(0), 2u);
  EXPECT_EQ(keyspace_->VolatileKeyCount(0), 1u);
  EXPECT_EQ(keyspace_->AverageTtlMs(0), 10'000 - 100);  // the due key's expiry left out
  EXPECT_EQ(keyspace_->expired_keys(), 0u);             // nothing deleted yet, only hidden
  EXPECT_EQ(Keys(*keyspace_, 0), (std::vector<std::string>{"forever", "long"}));
}

TEST_F(ExpiringKeyspaceTest, OverwritingOrDeletingTakesAKeyOutOfTheIndex) {
  ASSERT_OK(keyspace_->Put(0, "a", Value("v", kStart + 100)));
  ASSERT_OK(keyspace_->Put(0, "b", Value("v", kStart + 100)));
  ASSERT_OK(keyspace_->Put(0, "a", Value("w")));  // SET without KEEPTTL: no expiry now
  ASSERT_OK_AND_ASSIGN(bool deleted, keyspace_->Delete(0, "b"));
  EXPECT_TRUE(deleted);
  EXPECT_EQ(keyspace_->VolatileKeyCount(0), 0u);
  clock_.Advance(1000);
  EXPECT_TRUE(Present(0, "a"));
  EXPECT_EQ(keyspace_->KeyCount(0), 1u);
  EXPECT_EQ(keyspace_->expired_keys(), 0u);
}

TEST_F(ExpiringKeyspaceTest, DeleteOfADueKeyReportsNoKey) {
  ASSERT_OK(keyspace_->Put(0, "k", Value("v", kStart + 1)));
  clock_.Advance(1);
  ASSERT_OK_AND_ASSIGN(bool deleted, keyspace_->Delete(0, "k"));
  EXPECT_FALSE(deleted);  // DEL of an expired key replies 0, as in Redis
  EXPECT_EQ(keyspace_->KeyCount(0), 0u);
  EXPECT_EQ(keyspace_->expired_keys(), 1u);
}

// A SCAN with COUNT 2 over due keys followed by live ones must still reach the live ones: the
// limit counts keys visited, not entries read.
TEST_F(ExpiringKeyspaceTest, ScanSkipsDueKeysAndItsLimitCountsLiveKeys) {
  for (char c = 'a'; c <= 'e'; ++c)
    ASSERT_OK(keyspace_->Put(0, std::string(1, c), Value("v", kStart + 5)));
  for (char c = 'x'; c <= 'z'; ++c) ASSERT_OK(keyspace_->Put(0, std::string(1, c), Value("v")));
  clock_.Advance(5);
  EXPECT_EQ(Keys(*keyspace_, 0, 2), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(Keys(*keyspace_, 0, 0), std::vector<std::string>{});
}

TEST_F(ExpiringKeyspaceTest, ExpireDueDeletesEarliestFirstUpToItsLimit) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK(keyspace_->Put(0, "k" + std::to_string(i), Value("v", kStart + 10 - i)));
  }
  ASSERT_OK(keyspace_->Put(1, "other", Value("v", kStart + 1)));
  ASSERT_OK(keyspace_->Put(0, "later", Value("v", kStart + 1000)));
  clock_.Advance(10);
  size_t total = 0;
  for (int round = 0; round < 20; ++round) {
    ASSERT_OK_AND_ASSIGN(size_t deleted, keyspace_->ExpireDue(3));
    EXPECT_LE(deleted, 3u);
    total += deleted;
    if (deleted == 0) break;
  }
  EXPECT_EQ(total, 11u);  // every due key of both databases, and nothing else
  EXPECT_EQ(keyspace_->expired_keys(), 11u);
  EXPECT_EQ(keyspace_->KeyCount(0), 1u);
  EXPECT_EQ(keyspace_->KeyCount(1), 0u);
  EXPECT_TRUE(Present(0, "later"));
}

TEST_F(ExpiringKeyspaceTest, TheIndexIsRebuiltOnReopenAndKeysDueMeanwhileAreGone) {
  ASSERT_OK(keyspace_->Put(0, "soon", Value("v", kStart + 1000)));
  ASSERT_OK(keyspace_->Put(0, "late", Value("v", kStart + 60'000)));
  ASSERT_OK(keyspace_->Put(3, "never", Value("v")));
  clock_.Advance(5000);  // "the server was down"
  Reopen();
  EXPECT_EQ(keyspace_->KeyCount(0), 1u);
  EXPECT_EQ(keyspace_->VolatileKeyCount(0), 1u);
  EXPECT_FALSE(Present(0, "soon"));
  EXPECT_TRUE(Present(0, "late"));
  EXPECT_TRUE(Present(3, "never"));
  clock_.Advance(55'000);
  EXPECT_FALSE(Present(0, "late"));
}

// Compaction may drop a due value before the keyspace deletes it; the key must still be
// counted once, and a new value under its name once.
TEST_F(ExpiringKeyspaceTest, AValueCompactionDroppedKeepsTheCountExact) {
  ASSERT_OK(keyspace_->Put(0, "k", Value("v", kStart + 10)));
  clock_.Advance(10);
  ASSERT_OK(engine_.Delete(Keyspace::EngineKey(1, "k")));  // as the filter would
  ASSERT_OK(keyspace_->Put(0, "k", Value("new")));
  EXPECT_EQ(keyspace_->KeyCount(0), 1u);
  EXPECT_TRUE(Present(0, "k"));
  EXPECT_EQ(keyspace_->expired_keys(), 1u);
}

TEST_F(ExpiringKeyspaceTest, FlushAndSwapMoveTheIndexWithTheKeys) {
  ASSERT_OK(keyspace_->Put(0, "a", Value("v", kStart + 10)));
  ASSERT_OK(keyspace_->Put(1, "b", Value("v", kStart + 10)));
  ASSERT_OK(keyspace_->SwapDb(0, 1));
  EXPECT_EQ(keyspace_->VolatileKeyCount(0), 1u);
  EXPECT_EQ(Keys(*keyspace_, 0), std::vector<std::string>{"b"});
  ASSERT_OK(keyspace_->FlushDb(1));
  EXPECT_EQ(keyspace_->VolatileKeyCount(1), 0u);
  clock_.Advance(10);
  EXPECT_EQ(keyspace_->KeyCount(0), 0u);
  EXPECT_EQ(keyspace_->KeyCount(1), 0u);
  ASSERT_OK(keyspace_->FlushAll());
  ASSERT_OK_AND_ASSIGN(size_t deleted, keyspace_->ExpireDue(100));
  EXPECT_EQ(deleted, 0u);  // the flushed keys left the index with their databases
}

TEST(ExpiryFilter, DropsDueValuesOfKeysAndNothingElse) {
  ManualClock clock(kStart);
  auto dead = std::make_shared<DeadDatabaseFilter>();
  dead->SetLive({1}, 3);  // database id 2 was flushed
  ExpiredValueFilter filter(dead, &clock);
  const std::string due = EncodeEnvelope(Value("v", kStart));
  const std::string later = EncodeEnvelope(Value("v", kStart + 1));
  const std::string never = EncodeEnvelope(Value("v"));
  EXPECT_TRUE(filter.ShouldDrop(1, Keyspace::EngineKey(1, "k"), due));
  EXPECT_FALSE(filter.ShouldDrop(1, Keyspace::EngineKey(1, "k"), later));
  EXPECT_FALSE(filter.ShouldDrop(1, Keyspace::EngineKey(1, "k"), never));
  EXPECT_FALSE(filter.ShouldDrop(1, "Mdatabases", due));  // not a key's value
  // A record below a key (stage 08's elements) is not an envelope, even when its bytes
  // read as a due one: the filter of the stage that owns it judges it.
  EXPECT_FALSE(filter.ShouldDrop(1, Keyspace::RecordKey(1, "k", "element"), due));
  EXPECT_TRUE(filter.ShouldDrop(1, Keyspace::EngineKey(2, "k"), never));  // flushed database
  EXPECT_EQ(filter.dropped_expired(), 1u);
  clock.Advance(1);
  EXPECT_TRUE(filter.ShouldDrop(1, Keyspace::EngineKey(1, "k"), later));
}

// The whole path on stage 05's engine: after the keys are due, a full compaction takes their
// values out of the tables without any read, keeps the rest, and an older version without an
// expiry in a deeper level does not come back.
TEST(ExpiryFilter, CompactionTakesDueValuesOffTheDisk) {
  MemFileSystem fs;
  ManualClock clock(kStart);
  auto dead = std::make_shared<DeadDatabaseFilter>();
  auto filter = std::make_shared<ExpiredValueFilter>(dead, &clock);
  LeveledOptions options;
  options.engine.lsm.memtable_bytes = 4096;
  options.filter = filter;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<LeveledEngine> engine,
                       LeveledEngine::Open(&fs, "/db", options));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ExpiringKeyspace> keyspace,
                       ExpiringKeyspace::Open(engine.get(), dead.get(), KeyspaceOptions(), &clock));
  for (int i = 0; i < 300; ++i) {
    ASSERT_OK(keyspace->Put(0, "old" + std::to_string(i), Value(std::string(30, 'o'))));
  }
  ASSERT_OK(engine->CompactAll());  // the versions without an expiry go to the bottom
  for (int i = 0; i < 300; ++i) {
    ASSERT_OK(keyspace->Put(0, "old" + std::to_string(i), Value("v", kStart + 1000)));
    ASSERT_OK(keyspace->Put(0, "kept" + std::to_string(i), Value("v", kStart + 60'000)));
  }
  clock.Advance(1000);
  ASSERT_OK(engine->CompactAll());
  EXPECT_EQ(filter->dropped_expired(), 300u);
  size_t on_disk = 0;
  ASSERT_OK(engine->Scan("K", "L", SIZE_MAX, [&](std::string_view key, std::string_view) {
    EXPECT_EQ(key.substr(9, 4), "kept");
    ++on_disk;
    return true;
  }));
  EXPECT_EQ(on_disk, 300u);
  EXPECT_EQ(keyspace->KeyCount(0), 300u);
  ASSERT_OK_AND_ASSIGN(auto old, keyspace->Get(0, "old7"));
  EXPECT_FALSE(old.has_value());
  ASSERT_OK(engine->Close());
}

}  // namespace
}  // namespace stepdb
