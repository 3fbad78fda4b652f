// BloomCacheEngine: stage 03's LSM engine with the filter, the cache and the open-file limit
// plugged in, on an in-memory file system. Reads stay right, and the counters add up.
#include "bloom_cache_engine.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "common/testkit/status_matchers.h"
#include "counting_file_system.h"
#include "mem_file_system.h"

namespace stepdb {
namespace {

std::string Key(int i) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "key%06d", i);
  return buffer;
}
std::string Value(int i) { return "value" + std::to_string(i) + std::string(30, '.'); }

uint64_t StatOf(const std::vector<Stat>& stats, const std::string& name) {
  for (const Stat& stat : stats) {
    if (stat.name == name) return stat.value;
  }
  ADD_FAILURE() << "no counter " << name;
  return 0;
}

class Stage04Engine : public ::testing::Test {
 protected:
  Stage04Engine() { options_.lsm.memtable_bytes = 16 * 1024; }

  // Tests open it with ASSERT_OK_AND_ASSIGN, so a failure stops the test.
  Result<std::unique_ptr<BloomCacheEngine>> Open() {
    return BloomCacheEngine::Open(&counting_, "/db", options_);
  }

  // Writes keys [0, n) in order, in tables of their own ranges, then flushes the rest.
  static void Fill(BloomCacheEngine& engine, int n) {
    for (int i = 0; i < n; ++i) ASSERT_OK(engine.Put(Key(i), Value(i))) << i;
    ASSERT_OK(engine.lsm().Flush());
  }

  static ::testing::AssertionResult ReadsRight(BloomCacheEngine& engine, int n) {
    for (int i = 0; i < n; ++i) {
      Result<std::string> value = engine.Get(Key(i));
      if (!value.ok() || *value != Value(i)) {
        return ::testing::AssertionFailure()
               << Key(i) << ": " << (value.ok() ? *value : value.status().ToString());
      }
      Result<std::string> absent = engine.Get(Key(i) + "x");
      if (!absent.status().IsNotFound()) {
        return ::testing::AssertionFailure() << Key(i) << "x: " << absent.status().ToString();
      }
    }
    return ::testing::AssertionSuccess();
  }

  MemFileSystem mem_;
  testing::CountingFileSystem counting_{&mem_};
  BloomCacheOptions options_;
};

TEST_F(Stage04Engine, ReadsRightThroughTwoOpenFiles) {
  options_.max_open_files = 2;
  options_.block_cache_bytes = 0;  // every lookup goes to a file
  constexpr int kKeys = 3000;
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ASSERT_NO_FATAL_FAILURE(Fill(*engine, kKeys));
  const std::vector<Stat> stats = engine->Stats();
  ASSERT_GE(StatOf(stats, "tables_level_0"), 10u) << "the test wants many tables";
  EXPECT_TRUE(ReadsRight(*engine, kKeys));
  EXPECT_LE(counting_.open_max(), 2) << "never more than 2 table files open";
  EXPECT_LE(StatOf(engine->Stats(), "table_files_open"), 2u);
  EXPECT_GT(StatOf(engine->Stats(), "table_file_opens"), StatOf(stats, "tables_level_0"));

  // Recovery opens every table again, through the same limit.
  engine.reset();
  EXPECT_EQ(counting_.open_now(), 0);
  ASSERT_OK_AND_ASSIGN(engine, Open());
  EXPECT_TRUE(ReadsRight(*engine, kKeys));
  EXPECT_LE(counting_.open_max(), 2);
}

TEST_F(Stage04Engine, CountersFollowTheReadPath) {
  constexpr int kKeys = 2000;
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ASSERT_NO_FATAL_FAILURE(Fill(*engine, kKeys));
  EXPECT_TRUE(ReadsRight(*engine, kKeys));
  const std::vector<Stat> stats = engine->Stats();
  EXPECT_EQ(StatOf(stats, "gets"), 2u * kKeys);
  EXPECT_EQ(StatOf(stats, "gets_found"), static_cast<uint64_t>(kKeys));
  // Keys written in order make tables of disjoint ranges: each Get probes the one table
  // whose range holds the key, and "keyNx" falls in none when keyN ends its table.
  const uint64_t tables = StatOf(stats, "tables_level_0");
  const uint64_t checks = StatOf(stats, "bloom_checks");
  EXPECT_LE(checks, 2u * kKeys);
  EXPECT_GE(checks, 2u * kKeys - tables);
  const uint64_t negatives = StatOf(stats, "bloom_negatives");
  EXPECT_GE(negatives, kKeys * 95u / 100) << "about 1% false positives";
  // Every check that did not rule the key out looks a block up: the found keys and the
  // false positives.
  EXPECT_EQ(StatOf(stats, "block_cache_hits") + StatOf(stats, "block_cache_misses"),
            checks - negatives);
  EXPECT_GT(StatOf(stats, "block_cache_hits"), StatOf(stats, "block_cache_misses"))
      << "consecutive keys share blocks";
  EXPECT_EQ(StatOf(stats, "block_cache_capacity"), 8u << 20);
  EXPECT_EQ(StatOf(stats, "block_cache_evictions"), 0u) << "everything fits in 8 MiB";
  EXPECT_EQ(StatOf(stats, "tables_level_0"), engine->lsm().current_version()->levels[0].size());
}

TEST_F(Stage04Engine, NoFilterAndNoCacheStillReadRight) {
  options_.bloom_bits_per_key = 0;
  options_.block_cache_bytes = 0;
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ASSERT_NO_FATAL_FAILURE(Fill(*engine, 1000));
  EXPECT_TRUE(ReadsRight(*engine, 1000));
  const std::vector<Stat> stats = engine->Stats();
  EXPECT_EQ(StatOf(stats, "bloom_checks"), 0u);
  EXPECT_EQ(StatOf(stats, "block_cache_hits"), 0u);
  // Every lookup in a table's range reads its block: the 1000 keys, and the absent keys
  // but those past the end of a table.
  EXPECT_LE(StatOf(stats, "block_cache_misses"), 2000u);
  EXPECT_GE(StatOf(stats, "block_cache_misses"), 2000u - StatOf(stats, "tables_level_0"));
  EXPECT_EQ(StatOf(stats, "block_cache_bytes"), 0u);
}

// A filter is a per-table choice: tables with and without one are read together.
TEST_F(Stage04Engine, TablesWithAndWithoutFilterMix) {
  options_.bloom_bits_per_key = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ASSERT_NO_FATAL_FAILURE(Fill(*engine, 1000));
  }
  options_.bloom_bits_per_key = 10;
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (int i = 1000; i < 2000; ++i) ASSERT_OK(engine->Put(Key(i), Value(i)));
  ASSERT_OK(engine->lsm().Flush());
  EXPECT_TRUE(ReadsRight(*engine, 2000));
  const std::vector<Stat> stats = engine->Stats();
  // Only the new tables, which hold keys 1000..1999, have a filter.
  EXPECT_LE(StatOf(stats, "bloom_checks"), 2000u);
  EXPECT_GE(StatOf(stats, "bloom_checks"), 2000u - StatOf(stats, "tables_level_0"));
  EXPECT_GT(StatOf(stats, "bloom_negatives"), 900u);
}

}  // namespace
}  // namespace stepdb
