// LeveledEngine: compaction in the background keeps the tree in shape, drops what is dead,
// deletes files only when unused, and holds writers back when it falls behind.
#include "leveled_engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <random>
#include <thread>

#include "common/testkit/status_matchers.h"
#include "compact_command.h"
#include "leveled_test_util.h"

namespace stepdb {
namespace {

using LeveledEngineTest = LeveledTest;

TEST_F(LeveledEngineTest, CompactionKeepsLevelZeroSmallAndDeeperLevelsSorted) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  std::mt19937 random(7);
  std::vector<std::string> probes;
  for (int i = 0; i < 4000; ++i) {
    const std::string key = Key(static_cast<int>(random() % 1500));
    Put(*engine, key, std::to_string(i) + std::string(30, 'v'));
    probes.push_back(key);
  }
  ASSERT_OK(engine->lsm().Flush());
  ASSERT_OK(engine->WaitForCompactions());

  const ManifestState manifest = engine->lsm().manifest();
  EXPECT_LT(manifest.levels[0].size(), options_.compaction.l0_compaction_trigger);
  ASSERT_GE(manifest.levels.size(), 3u) << "expected data to reach level 2";
  for (size_t level = 1; level + 1 < manifest.levels.size(); ++level) {
    uint64_t bytes = 0;
    for (const TableMeta& meta : manifest.levels[level]) bytes += meta.size;
    EXPECT_LE(bytes, options_.compaction.MaxBytesForLevel(level)) << "level " << level;
  }
  EXPECT_GT(manifest.bytes_compacted, 0u);
  ExpectTreeInvariants(*engine);
  ExpectMatchesModel(*engine, probes);
}

TEST_F(LeveledEngineTest, TheTreeSurvivesARestart) {
  std::vector<std::string> probes;
  ManifestState before;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 2000; ++i) {
      Put(*engine, Key(i % 700), std::string(40, 'a' + i % 26));
      probes.push_back(Key(i % 700));
    }
    ASSERT_OK(engine->lsm().Flush());
    ASSERT_OK(engine->WaitForCompactions());
    ASSERT_OK(engine->Close());
    before = engine->lsm().manifest();
  }
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_EQ(engine->lsm().manifest().levels, before.levels);
  ExpectTreeInvariants(*engine);
  ExpectMatchesModel(*engine, probes);
}

TEST_F(LeveledEngineTest, CompactAllLeavesOneRunWithoutTombstones) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  std::vector<std::string> probes;
  for (int i = 0; i < 1500; ++i) {
    Put(*engine, Key(i), std::string(40, 'v'));
    probes.push_back(Key(i));
  }
  for (int i = 0; i < 1500; i += 2) Delete(*engine, Key(i));
  for (int i = 1; i < 1500; i += 4) Put(*engine, Key(i), "overwritten");
  ASSERT_OK(engine->CompactAll());

  const ManifestState manifest = engine->lsm().manifest();
  size_t levels_with_tables = 0;
  for (const auto& level : manifest.levels) levels_with_tables += level.empty() ? 0 : 1;
  EXPECT_EQ(levels_with_tables, 1u);
  size_t entries = 0;
  for (const auto& level : engine->lsm().current_version()->levels) {
    for (const LiveTable& live : level) {
      auto it = live.table->NewIterator();
      for (it->SeekToFirst(); it->Valid(); it->Next(), ++entries) {
        EXPECT_EQ(it->kind(), EntryKind::kValue) << "tombstone left for " << it->key();
      }
    }
  }
  EXPECT_EQ(entries, model_.size()) << "one entry per live key";
  ExpectTreeInvariants(*engine);
  ExpectMatchesModel(*engine, probes);

  // Once everything is in one run, a second full compaction still works.
  for (int i = 0; i < 10; ++i) Delete(*engine, Key(2 * i + 1));
  ASSERT_OK(engine->CompactAll());
  ExpectTreeInvariants(*engine);
  ExpectMatchesModel(*engine, probes);
}

// Tables of the last level that a full compaction did not reach from above are rewritten in
// place, each run of neighbours on its own: one merge of "a" and "z" would span "p".
TEST_F(LeveledEngineTest, CompactAllKeepsTheLastLevelFreeOfOverlaps) {
  options_.compaction.l0_compaction_trigger = 10;  // only CompactAll compacts
  options_.compaction.l0_slowdown_tables = 10;
  options_.compaction.l0_stop_tables = 10;
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (const auto& keys :
       {std::vector<std::string>{"a1", "a2", "a3"}, std::vector<std::string>{"z1", "z2"},
        std::vector<std::string>{"p1", "p2"}, std::vector<std::string>{"b1"}}) {
    for (const std::string& key : keys) Put(*engine, key, "v" + key);
    ASSERT_OK(engine->CompactAll());
    ExpectTreeInvariants(*engine);
  }
  ExpectMatchesModel(*engine, {"a1", "a3", "b1", "p1", "p2", "z1", "z2", "q"});
}

// COMPACT answers an ERROR when the full compaction fails (here: the disk refuses writes
// part way). Each of its steps is one MANIFEST write, so the tree is that of the last step
// that finished: still sorted, no partial table left, reads go on, and a restart finds every
// acknowledged write.
TEST_F(LeveledEngineTest, AFailedCompactIsAnErrorReplyAndLosesNothing) {
  std::vector<std::string> probes;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 600; ++i) {
      Put(*engine, Key(i), std::string(40, 'c'));
      probes.push_back(Key(i));
    }
    ASSERT_OK(engine->lsm().Flush());
    ASSERT_OK(engine->WaitForCompactions());
    fs_.FailWritesAfter(3000);
    std::string reply;
    compact_command(*engine, {}, &reply);
    fs_.ClearFaults();
    EXPECT_TRUE(reply.starts_with("ERROR compaction failed: IOError")) << reply;
    ExpectTreeInvariants(*engine);
    ExpectMatchesModel(*engine, probes);
  }
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ExpectTreeInvariants(*engine);
  ExpectMatchesModel(*engine, probes);
}

// Slows every compaction down, so writers outrun it.
class SlowFilter final : public CompactionFilter {
 public:
  bool ShouldDrop(size_t, std::string_view, std::string_view) const override {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    return false;
  }
};

// Close stops the compactions; a writer held back by a full level 0 must then fail rather
// than wait forever (holding the write lock that Close needs).
TEST_F(LeveledEngineTest, CloseWakesWritersHeldBackByAFullLevelZero) {
  options_.engine.lsm.fsync = FsyncPolicy::kNo;
  options_.filter = std::make_shared<SlowFilter>();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  std::atomic<int> writing{3};
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 100000; ++i) {
        if (!engine->Put(Key(w * 1000000 + i), std::string(60, 'w')).ok()) break;
      }
      --writing;
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (engine->lsm().write_stops() == 0 && writing.load() > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(engine->lsm().write_stops(), 0u) << "no writer was ever stopped";
  auto closed = std::async(std::launch::async, [&] { return engine->Close(); });
  const bool returned = closed.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
  if (!returned) {
    ADD_FAILURE() << "Close hangs behind a stalled writer";
    std::abort();  // the threads cannot be joined; end here rather than hang the run
  }
  for (auto& writer : writers) writer.join();
  EXPECT_TRUE(engine->Put("after", "close").IsIOError());
}

TEST_F(LeveledEngineTest, AReplacedTableStaysOnDiskUntilItsLastReaderIsDone) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (int i = 0; i < 300; ++i) Put(*engine, Key(i), std::string(40, 'v'));
  ASSERT_OK(engine->lsm().Flush());
  ASSERT_OK(engine->WaitForCompactions());
  std::vector<TableMeta> before;  // every live table: the full compaction replaces them all
  for (const auto& level : engine->lsm().manifest().levels) {
    before.insert(before.end(), level.begin(), level.end());
  }
  ASSERT_FALSE(before.empty());

  std::unique_ptr<Iterator> reader = engine->lsm().NewIterator();
  ASSERT_OK(engine->CompactAll());
  const std::string old_file = TableFileName(dir_, before.front().number);
  const ManifestState after = engine->lsm().manifest();
  for (const auto& level : after.levels) {
    ASSERT_EQ(std::find(level.begin(), level.end(), before.front()), level.end())
        << "the table is still live";
  }
  EXPECT_TRUE(fs_.FileExists(old_file)) << "deleted while an iterator still reads it";
  size_t seen = 0;
  for (reader->SeekToFirst(); reader->Valid(); reader->Next()) ++seen;
  EXPECT_OK(reader->status());
  EXPECT_EQ(seen, 300u);

  reader.reset();
  EXPECT_FALSE(fs_.FileExists(old_file)) << "an obsolete table outlived its last reader";
  ExpectTreeInvariants(*engine);
}

TEST_F(LeveledEngineTest, WritersAreHeldBackWhileLevelZeroIsFull) {
  options_.engine.lsm.fsync = FsyncPolicy::kNo;
  options_.filter = std::make_shared<SlowFilter>();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  std::atomic<bool> done{false};
  std::atomic<size_t> most_level0{0};
  std::thread watcher([&] {
    while (!done.load()) {
      const size_t level0 = engine->lsm().current_version()->levels[0].size();
      if (level0 > most_level0.load()) most_level0.store(level0);
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 1500; ++i) {
        ASSERT_OK(engine->Put(Key(w * 100000 + i), std::string(60, 'w')));
      }
    });
  }
  for (auto& writer : writers) writer.join();
  done.store(true);
  watcher.join();

  EXPECT_LE(most_level0.load(), options_.compaction.l0_stop_tables);
  EXPECT_GT(engine->lsm().write_slowdowns() + engine->lsm().write_stops(), 0u)
      << "the writers were never held back; the test did not exercise the stall";
  ASSERT_OK(engine->WaitForCompactions());
  EXPECT_EQ(*engine->Get(Key(200000 + 1499)), std::string(60, 'w'));
}

// Drops every value, slowly, so that writers outrun the compactions and are held back.
class SlowDroppingFilter final : public CompactionFilter {
 public:
  bool ShouldDrop(size_t, std::string_view, std::string_view) const override {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    return true;
  }
};

// A compaction that dropped entries syncs the log before it is installed, while a writer held
// back by a full level 0 waits for that compaction holding the write lock: the sync must not
// wait for the writer, or neither ever goes on.
TEST_F(LeveledEngineTest, AFilteredCompactionGoesOnWhileWritersAreHeldBack) {
  options_.engine.lsm.fsync = FsyncPolicy::kNo;
  options_.filter = std::make_shared<SlowDroppingFilter>();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  auto writes = std::async(std::launch::async, [&] {
    for (int i = 0; i < 3000; ++i) {
      if (Status status = engine->Put(Key(i), std::string(60, 'w')); !status.ok()) return status;
    }
    return Status::Ok();
  });
  ASSERT_EQ(writes.wait_for(std::chrono::seconds(60)), std::future_status::ready)
      << "the writes did not finish in 60 s: a held-back writer and the compaction's log sync "
         "wait for each other";
  ASSERT_OK(writes.get());
  EXPECT_GT(engine->lsm().write_stops(), 0u)
      << "no writer was held back; the test did not exercise the stall";
  ASSERT_OK(engine->WaitForCompactions());
}

TEST_F(LeveledEngineTest, StatsCountCompactionsAndLevelSizes) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (int i = 0; i < 1000; ++i) ASSERT_OK(engine->Put(Key(i), std::string(40, 'v')));
  ASSERT_OK(engine->CompactAll());
  std::map<std::string, uint64_t> stats;
  for (const Stat& stat : engine->Stats()) stats[stat.name] = stat.value;
  EXPECT_GT(stats["compactions"], 0u);
  EXPECT_GT(stats["compaction_bytes_written"], 0u);
  EXPECT_EQ(stats["bytes_compacted"], engine->lsm().manifest().bytes_compacted);
  EXPECT_GT(stats["bytes_flushed"], 0u);
  EXPECT_EQ(stats["bytes_level_0"], 0u);
  EXPECT_TRUE(stats.contains("gets")) << "stage 04's counters come first";
  EXPECT_TRUE(stats.contains("write_stops"));
}

TEST_F(LeveledEngineTest, BadLevelLimitsAreRefused) {
  options_.compaction.l0_stop_tables = 1;  // below the slowdown limit
  auto engine = LeveledEngine::Open(&fs_, dir_, options_);
  EXPECT_TRUE(engine.status().IsInvalidArgument()) << engine.status().ToString();
}

// SyncLog goes through stage 04's engine down to the LSM engine's log: under kNo, the writes
// before it survive a power loss, a write after it does not.
TEST_F(LeveledEngineTest, SyncLogMakesEveryAcknowledgedWriteDurable) {
  options_.engine.lsm.fsync = FsyncPolicy::kNo;
  options_.engine.lsm.memtable_bytes = 1 << 20;  // one log: no log switch syncs it meanwhile
  std::vector<std::string> probes;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 50; ++i) {
      Put(*engine, Key(i), "synced");
      probes.push_back(Key(i));
    }
    ASSERT_OK(engine->SyncLog());
    ASSERT_OK(engine->Put("after the sync", "lost"));  // not in the model
    probes.push_back("after the sync");
    fs_.Freeze();  // the machine loses power; the engine never closes
    fs_.DropUnsyncedData();
  }
  fs_.ClearFaults();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ExpectMatchesModel(*engine, probes);
}

// A filter may judge an entry by a write that is not durable yet (stage 08 drops a
// collection's elements once their key names another collection). Here the filter makes that
// write itself, unsynced under kNo, the moment it drops "victim". The engine syncs the log
// before the compaction replaces its inputs, so after a power loss the drop and its reason
// are both there, or neither is.
class WriteThenDropFilter final : public CompactionFilter {
 public:
  bool ShouldDrop(size_t, std::string_view key, std::string_view) const override {
    if (key != "victim" || engine == nullptr) return false;
    return engine->Put("reason", "victim dropped").ok();
  }
  Engine* engine = nullptr;
};

TEST_F(LeveledEngineTest, AFilterDropNeverOutlivesTheWriteItWasJudgedBy) {
  options_.engine.lsm.fsync = FsyncPolicy::kNo;
  options_.engine.lsm.memtable_bytes = 1 << 20;
  auto filter = std::make_shared<WriteThenDropFilter>();
  options_.filter = filter;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    filter->engine = engine.get();
    ASSERT_OK(engine->Put("victim", "v"));
    ASSERT_OK(engine->Put("bystander", "b"));
    ASSERT_OK(engine->CompactAll());  // flushes, then the compaction drops "victim"
    filter->engine = nullptr;
    fs_.Freeze();  // the machine loses power; the engine never closes
    fs_.DropUnsyncedData();
  }
  fs_.ClearFaults();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  Result<std::string> victim = engine->Get("victim");
  Result<std::string> reason = engine->Get("reason");
  ASSERT_TRUE(victim.status().IsNotFound()) << "the compaction's drop was not installed";
  EXPECT_TRUE(reason.ok()) << "the drop survived the power loss but the write it was judged by "
                              "did not: "
                           << reason.status().ToString();
  ASSERT_OK_AND_ASSIGN(std::string bystander, engine->Get("bystander"));
  EXPECT_EQ(bystander, "b");
}

}  // namespace
}  // namespace stepdb
