// Test support for the typed store's unit tests (stage 08's collections, stage 09's lists): a
// keyspace on stage 05's engine over an in-memory file system, with stage 07's expiry on a
// manual clock and this stage's stale-element filter in the engine's compactions, wired as
// the server wires them (typed_server.h). The memtable is small (4 KiB), so a few hundred
// elements spread over several tables and a compaction has work to do.
//
//   class ListTest : public EngineKeyspaceTest {
//    protected:
//     ListTest() : EngineKeyspaceTest(ListOrCollectionVersion) {}
//   };
//
//   TEST_F(ListTest, Survives) {
//     ... write through keyspace_ ...
//     Reopen();                               // what a restart reads back
//     ASSERT_OK(engine_->CompactAll());
//     EXPECT_EQ(RecordsOnDisk(), 0u);         // compaction took the stale records
//   }
//
// The filter asks `version_of` which version of a key's elements is live
// (stale_element_filter.h): CollectionVersion knows hashes and sets, and a later stage passes
// its own for the types it adds.
//
// Thread safety: a fixture runs on the test's thread; the engine's compactions read the clock
// and the filter from their own thread, as in the server.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "collection_encoding.h"
#include "common/testkit/status_matchers.h"
#include "expiring_keyspace.h"
#include "expiry_filter.h"
#include "keyspace.h"
#include "leveled_engine.h"
#include "manual_clock.h"
#include "mem_file_system.h"
#include "stale_element_filter.h"

namespace stepdb {

class EngineKeyspaceTest : public ::testing::Test {
 protected:
  static constexpr int64_t kStart = 1'700'000'000'000;  // the manual clock's first "now", unix ms

  explicit EngineKeyspaceTest(StaleElementFilter::VersionOf version_of = CollectionVersion)
      : version_of_(std::move(version_of)) {}

  void SetUp() override { Open(); }

  void TearDown() override {
    keyspace_.reset();
    if (engine_) {
      ASSERT_OK(engine_->Close());
    }
  }

  // Opens the engine on what the file system holds, and the keyspace on the engine.
  void Open() {
    auto dead = std::make_shared<DeadDatabaseFilter>();
    filter_ = std::make_shared<StaleElementFilter>(
        std::make_shared<ExpiredValueFilter>(dead, &clock_), &clock_, version_of_);
    LeveledOptions options;
    options.engine.lsm.memtable_bytes = 4096;
    options.filter = filter_;
    ASSERT_OK_AND_ASSIGN(engine_, LeveledEngine::Open(&fs_, "/db", options));
    filter_->set_engine(engine_.get());
    dead_ = dead;
    ASSERT_OK_AND_ASSIGN(
        keyspace_, ExpiringKeyspace::Open(engine_.get(), dead_.get(), KeyspaceOptions(), &clock_));
  }

  // Closes the engine and opens it again: what a restart reads back.
  void Reopen() {
    keyspace_.reset();
    ASSERT_OK(engine_->Close());
    engine_.reset();
    Open();
  }

  // What key in database 0 holds, loaded as a T (a later stage's List or ZSet: whatever has
  // T::Load(keyspace, db, key, envelope)). On a failure the test goes on with an empty T, which
  // makes it fail, not crash.
  template <typename T>
  T LoadAs(std::string_view key) {
    Result<std::optional<ValueEnvelope>> envelope = keyspace_->Get(0, key);
    EXPECT_OK(envelope.status());
    Result<T> value = T::Load(*keyspace_, 0, key, envelope.ok() ? *envelope : std::nullopt);
    EXPECT_OK(value.status());
    if (!value.ok()) return std::move(*T::Load(*keyspace_, 0, key, std::nullopt));
    return std::move(*value);
  }

  // Every record below keys in the engine, whatever its version.
  size_t RecordsOnDisk() {
    size_t records = 0;
    EXPECT_OK(engine_->Scan("S", "T", SIZE_MAX, [&](std::string_view, std::string_view) {
      ++records;
      return true;
    }));
    return records;
  }

  MemFileSystem fs_;
  ManualClock clock_{kStart};
  std::shared_ptr<DeadDatabaseFilter> dead_;
  std::shared_ptr<StaleElementFilter> filter_;
  std::unique_ptr<LeveledEngine> engine_;
  std::unique_ptr<ExpiringKeyspace> keyspace_;

 private:
  const StaleElementFilter::VersionOf version_of_;
};

}  // namespace stepdb
