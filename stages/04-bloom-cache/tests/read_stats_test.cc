// The read-path counters: the filter's answers, the cache's hits and misses as a table sees
// them, and the STATS command that reports them.
#include <gtest/gtest.h>

#include "bloom_filter_policy.h"
#include "command_table.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "counting_file_system.h"
#include "counting_filter_policy.h"
#include "lru_block_cache.h"
#include "stats_command.h"
#include "table.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::Key;

// A table of the even keys 0, 2, ..., 1998, in blocks of about 1 KiB.
class ReadStats : public ::testing::Test {
 protected:
  void Write(const TableOptions& options) {
    EntryMap map;
    for (int i = 0; i < 2000; i += 2) map[Key(i)] = {EntryKind::kValue, std::string(40, 'v')};
    TableOptions write = options;
    write.block_size = 1024;
    ASSERT_OK(testing::WriteTable(path_, map, write));
  }

  // The table at path_, read through counting_; tests take it with ASSERT_OK_AND_ASSIGN, so a
  // failure stops the test.
  Result<std::shared_ptr<Table>> Open(const TableOptions& options) {
    STEPDB_ASSIGN_OR_RETURN(auto file, counting_.NewRandomAccessFile(path_));
    STEPDB_ASSIGN_OR_RETURN(uint64_t size, counting_.GetFileSize(path_));
    return Table::Open(std::move(file), size, path_, options);
  }

  static LookupState Get(const Table& table, int i) {
    std::string value;
    Result<LookupState> state = table.Get(Key(i), &value);
    EXPECT_OK(state);
    return state.ok() ? *state : LookupState::kAbsent;
  }

  testkit::TempDir dir_;
  const std::string path_ = dir_.Join("000001.sst");
  testing::CountingFileSystem counting_{DefaultFileSystem()};
};

TEST_F(ReadStats, FilterCountsChecksAndNegatives) {
  auto counting = std::make_shared<CountingFilterPolicy>(std::make_shared<BloomFilterPolicy>(10));
  TableOptions options;
  options.filter_policy = counting;
  ASSERT_NO_FATAL_FAILURE(Write(options));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Open(options));
  ASSERT_TRUE(table->has_filter());
  const int reads_after_open = counting_.reads();

  for (int i = 0; i < 2000; i += 2) ASSERT_EQ(Get(*table, i), LookupState::kFound);
  EXPECT_EQ(counting->checks(), 1000u);
  EXPECT_EQ(counting->negatives(), 0u) << "present keys are never ruled out";
  const int reads_for_hits = counting_.reads() - reads_after_open;
  EXPECT_EQ(reads_for_hits, 1000) << "one block read per lookup (no cache)";

  for (int i = 1; i < 2000; i += 2) ASSERT_EQ(Get(*table, i), LookupState::kAbsent);
  EXPECT_EQ(counting->checks(), 2000u);
  // 10 bits per key: about 1% of the 1000 absent keys get past the filter (8 expected).
  EXPECT_GE(counting->negatives(), 950u);
  const uint64_t false_positives = 1000 - counting->negatives();
  EXPECT_EQ(static_cast<uint64_t>(counting_.reads() - reads_after_open - reads_for_hits),
            false_positives)
      << "a block is read only for the absent keys the filter let through";
}

TEST_F(ReadStats, CountingPolicyKeepsTheFilterName) {
  auto bloom = std::make_shared<BloomFilterPolicy>(10);
  auto counting = std::make_shared<CountingFilterPolicy>(bloom);
  EXPECT_EQ(counting->Name(), "bloom.v1");

  TableOptions write;
  write.filter_policy = counting;
  ASSERT_NO_FATAL_FAILURE(Write(write));
  TableOptions read;
  read.filter_policy = bloom;  // a table written through the counter, read without it
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Open(read));
  EXPECT_TRUE(table->has_filter());
  EXPECT_EQ(Get(*table, 42), LookupState::kFound);
  EXPECT_EQ(counting->checks(), 0u);
}

TEST_F(ReadStats, CacheCountsHitsAndMissesOfTableReads) {
  auto cache = std::make_shared<LruBlockCache>(1 << 20);
  TableOptions options;
  options.block_cache = cache;
  ASSERT_NO_FATAL_FAILURE(Write(options));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Open(options));
  const int reads_after_open = counting_.reads();

  for (int round = 0; round < 3; ++round) ASSERT_EQ(Get(*table, 500), LookupState::kFound);
  LruBlockCache::Stats stats = cache->stats();
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.inserts, 1u);
  EXPECT_GT(stats.bytes, 900u) << "one block of about 1 KiB";
  EXPECT_EQ(counting_.reads() - reads_after_open, 1) << "the file was read once";

  // A scan that does not fill the cache reads every block from the file, and leaves the
  // cache as it was.
  TableReadOptions scan;
  scan.fill_cache = false;
  std::unique_ptr<Iterator> it = table->NewIterator(scan);
  int entries = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++entries;
  EXPECT_EQ(entries, 1000);
  EXPECT_EQ(cache->stats().inserts, 1u);
  EXPECT_EQ(cache->stats().blocks, 1u);
}

TEST(StatsCommand, RepliesOneStatLinePerCounterThenEnd) {
  CommandTable commands;
  int calls = 0;
  AddStatsCommand(commands, [&calls] {
    ++calls;
    return std::vector<Stat>{
        {"gets", 12}, {"bloom_negatives", 0}, {"block_cache_bytes", 18446744073709551615u}};
  });
  std::string reply;
  commands.Execute("STATS", &reply);
  EXPECT_EQ(reply,
            "STAT gets 12\nSTAT bloom_negatives 0\nSTAT block_cache_bytes 18446744073709551615\n"
            "END\n");
  EXPECT_EQ(calls, 1);

  reply.clear();
  commands.Execute("stats", &reply);
  EXPECT_EQ(reply.substr(0, 13), "STAT gets 12\n") << "command names are case-insensitive";
}

TEST(StatsCommand, TakesNoArgumentsAndIsListedInHelp) {
  CommandTable commands;
  AddStatsCommand(commands, [] { return std::vector<Stat>{}; });
  std::string reply;
  commands.Execute("STATS", &reply);
  EXPECT_EQ(reply, "END\n");
  reply.clear();
  commands.Execute("STATS items", &reply);
  EXPECT_EQ(reply, "ERROR wrong number of arguments for 'STATS', usage: STATS\n");
  reply.clear();
  commands.Execute("HELP", &reply);
  EXPECT_NE(reply.find("STATS"), std::string::npos) << reply;
}

}  // namespace
}  // namespace stepdb
