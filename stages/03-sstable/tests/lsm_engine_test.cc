// LsmEngine against a std::map model, over the in-memory file system of stage 02, which can
// fail writes at a chosen byte and forget everything not synced (a power loss).
#include "lsm_engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "common/testkit/status_matchers.h"
#include "file_names.h"
#include "mem_file_system.h"

namespace stepdb {
namespace {

using Model = std::map<std::string, std::string>;

class LsmEngineTest : public ::testing::Test {
 protected:
  LsmEngineTest() {
    options_.fsync = FsyncPolicy::kAlways;
    options_.memtable_bytes = 4096;
    options_.table.block_size = 256;
  }

  // Tests open it with ASSERT_OK_AND_ASSIGN, so a failure stops the test.
  Result<std::unique_ptr<LsmEngine>> Open() { return LsmEngine::Open(&fs_, dir_, options_); }

  // Writes through the engine and the model alike.
  void Put(LsmEngine& engine, const std::string& key, const std::string& value) {
    ASSERT_OK(engine.Put(key, value));
    model_[key] = value;
  }
  void Delete(LsmEngine& engine, const std::string& key) {
    ASSERT_OK(engine.Delete(key));
    model_.erase(key);
  }

  // Every Get and one full Scan agree with the model.
  void ExpectMatchesModel(LsmEngine& engine, const std::vector<std::string>& probes) {
    for (const std::string& key : probes) {
      auto got = engine.Get(key);
      auto want = model_.find(key);
      if (want == model_.end()) {
        EXPECT_TRUE(got.status().IsNotFound()) << key << " should be absent";
      } else {
        ASSERT_OK(got) << key;
        EXPECT_EQ(*got, want->second) << key;
      }
    }
    Model scanned;
    ASSERT_OK(engine.Scan("", "", SIZE_MAX, [&](std::string_view k, std::string_view v) {
      scanned.emplace(k, v);
      return true;
    }));
    EXPECT_EQ(scanned, model_);
  }

  size_t CountFiles(FileKind wanted) {
    size_t count = 0;
    auto children = fs_.GetChildren(dir_);
    EXPECT_OK(children);
    for (const std::string& name : *children) {
      uint64_t number = 0;
      if (ParseFileName(name, &number) == wanted) ++count;
    }
    return count;
  }

  static std::string Key(int i) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "key%06d", i);
    return buffer;
  }

  MemFileSystem fs_;
  std::string dir_ = "/db";
  LsmOptions options_;
  Model model_;
};

TEST_F(LsmEngineTest, ReadsSpanMemtableAndTables) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  std::vector<std::string> probes;
  for (int i = 0; i < 600; ++i) {
    Put(*engine, Key(i), "v" + std::to_string(i) + std::string(20, 'x'));
    probes.push_back(Key(i));
  }
  for (int i = 0; i < 600; i += 3) Put(*engine, Key(i), "overwritten");
  for (int i = 0; i < 600; i += 7) Delete(*engine, Key(i));
  probes.push_back("absent");
  EXPECT_GT(engine->current_version()->levels[0].size(), 2u) << "expected several flushes";
  ExpectMatchesModel(*engine, probes);
}

TEST_F(LsmEngineTest, TombstoneInANewerTableHidesTheOlderValue) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  Put(*engine, "k", "old");
  ASSERT_OK(engine->Flush());
  Delete(*engine, "k");
  ASSERT_OK(engine->Flush());
  EXPECT_EQ(engine->current_version()->levels[0].size(), 2u);
  ExpectMatchesModel(*engine, {"k"});
}

TEST_F(LsmEngineTest, ReopenRecoversTablesAndLogs) {
  std::vector<std::string> probes;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 400; ++i) {
      Put(*engine, Key(i), std::string(30, 'a' + i % 26));
      probes.push_back(Key(i));
    }
    for (int i = 0; i < 400; i += 5) Delete(*engine, Key(i));
  }
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ExpectMatchesModel(*engine, probes);
}

TEST_F(LsmEngineTest, FlushDeletesTheOldLogs) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (int i = 0; i < 300; ++i) Put(*engine, Key(i), std::string(40, 'v'));
  ASSERT_OK(engine->Flush());
  EXPECT_EQ(CountFiles(FileKind::kLog), 1u);
  EXPECT_EQ(CountFiles(FileKind::kTable), engine->current_version()->levels[0].size());
  EXPECT_EQ(engine->manifest().levels[0].size(), CountFiles(FileKind::kTable));
}

TEST_F(LsmEngineTest, PowerLossKeepsEveryAcknowledgedWrite) {
  std::vector<std::string> probes;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 500; ++i) {
      Put(*engine, Key(i), std::string(25, 'p'));
      probes.push_back(Key(i));
    }
    fs_.Freeze();            // nothing the dead engine still does reaches the disk
    fs_.DropUnsyncedData();  // the machine loses power; the engine never closes
  }
  fs_.ClearFaults();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ExpectMatchesModel(*engine, probes);
}

// A crash at any byte of a flush (table, manifest, new log) loses no acknowledged write and
// resurrects no deleted key.
TEST_F(LsmEngineTest, CrashAtAnyPointOfAFlush) {
  for (uint64_t budget = 0; budget < 6000; budget += 97) {
    SCOPED_TRACE("writes fail after " + std::to_string(budget) + " bytes");
    fs_.ClearFaults();
    dir_ = "/db" + std::to_string(budget);
    model_.clear();
    std::vector<std::string> probes;
    {
      ASSERT_OK_AND_ASSIGN(auto engine, Open());
      for (int i = 0; i < 60; ++i) {
        Put(*engine, Key(i), std::string(50, 'a'));
        probes.push_back(Key(i));
      }
      Delete(*engine, Key(3));
      fs_.FailWritesAfter(budget);
      // Writes after the fault may or may not be acknowledged; the model keeps only those
      // that were.
      for (int i = 60; i < 120; ++i) {
        probes.push_back(Key(i));
        if (engine->Put(Key(i), std::string(50, 'b')).ok()) model_[Key(i)] = std::string(50, 'b');
      }
      (void)engine->Flush();
      fs_.Freeze();  // nothing the dead engine still does reaches the disk
      fs_.DropUnsyncedData();
    }
    fs_.ClearFaults();
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ExpectMatchesModel(*engine, probes);
  }
}

TEST_F(LsmEngineTest, OrphanTablesAndTempFilesAreRemoved) {
  { ASSERT_OK_AND_ASSIGN(auto engine, Open()); }
  ASSERT_OK(fs_.SetContents(TableFileName(dir_, 999), "half a table"));
  ASSERT_OK(fs_.SetContents(dir_ + "/MANIFEST.tmp", "junk"));
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_FALSE(fs_.FileExists(TableFileName(dir_, 999)));
  EXPECT_FALSE(fs_.FileExists(dir_ + "/MANIFEST.tmp"));
}

TEST_F(LsmEngineTest, MissingTableStopsStartUp) {
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    Put(*engine, "k", "v");
    ASSERT_OK(engine->Flush());
  }
  const uint64_t number = LoadManifest(fs_, dir_)->levels[0][0].number;
  ASSERT_OK(fs_.RemoveFile(TableFileName(dir_, number)));
  auto engine = LsmEngine::Open(&fs_, dir_, options_);
  ASSERT_FALSE(engine.ok());
  EXPECT_TRUE(engine.status().IsCorruption());
  EXPECT_NE(engine.status().message().find("missing"), std::string::npos)
      << engine.status().ToString();
}

TEST_F(LsmEngineTest, SecondOpenOfTheSameDirectoryIsBusy) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  auto second = LsmEngine::Open(&fs_, dir_, options_);
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(second.status().IsBusy()) << second.status().ToString();
}

TEST_F(LsmEngineTest, IteratorIsASnapshotAndSeeksAnywhere) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (int i = 0; i < 200; ++i) Put(*engine, "user:" + Key(i), "u");
  ASSERT_OK(engine->Flush());
  Put(*engine, "item:1", "i");
  Delete(*engine, "user:" + Key(5));
  auto it = engine->NewIterator();
  Put(*engine, "user:" + Key(500), "after the snapshot");
  Delete(*engine, "user:" + Key(6));

  int users = 0;
  for (it->Seek("user:"); it->Valid() && it->key().starts_with("user:"); it->Next()) ++users;
  ASSERT_OK(it->status());
  EXPECT_EQ(users, 199);  // key 5 deleted before the snapshot; 6 after; 500 added after
  it->Seek("user:" + Key(5));
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "user:" + Key(6));
}

TEST_F(LsmEngineTest, BatchIsAllOrNothingAcrossACrash) {
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    Put(*engine, "before", "1");
    WriteBatch batch;
    for (int i = 0; i < 50; ++i) batch.Put("batch" + Key(i), std::string(20, 'b'));
    fs_.FailWritesAfter(300);  // the batch's record is cut in the middle
    EXPECT_FALSE(engine->Write(batch).ok());
    fs_.Freeze();  // nothing the dead engine still does reaches the disk
    fs_.DropUnsyncedData();
  }
  fs_.ClearFaults();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ExpectMatchesModel(*engine, {"before", "batch" + Key(0), "batch" + Key(49)});
}

TEST_F(LsmEngineTest, TablesWithoutAManifestStopStartUp) {
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    Put(*engine, "k", "v");
    ASSERT_OK(engine->Flush());
  }
  ASSERT_OK(fs_.RemoveFile(dir_ + "/MANIFEST"));
  auto engine = LsmEngine::Open(&fs_, dir_, options_);
  ASSERT_FALSE(engine.ok());
  EXPECT_TRUE(engine.status().IsCorruption()) << engine.status().ToString();
  EXPECT_EQ(CountFiles(FileKind::kTable), 1u) << "the table must not be deleted";
}

TEST_F(LsmEngineTest, RestartsDoNotPileUpLogs) {
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 20; ++i) Put(*engine, Key(i), "small");  // stays in the memtable
  }
  for (int restart = 0; restart < 3; ++restart) {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    EXPECT_EQ(CountFiles(FileKind::kLog), 1u) << "after restart " << restart;
    ExpectMatchesModel(*engine, {Key(0), Key(19)});
  }
}

TEST_F(LsmEngineTest, AFailedLogSwitchIsFinal) {
  options_.fsync = FsyncPolicy::kNo;
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  fs_.FailSyncs(true);  // the switch to a new log syncs the old one, and fails
  Status status;
  for (int i = 0; i < 200 && status.ok(); ++i) status = engine->Put(Key(i), std::string(50, 'f'));
  ASSERT_FALSE(status.ok()) << "the memtable never filled up";
  fs_.ClearFaults();
  EXPECT_FALSE(engine->Put("later", "v").ok()) << "a write after a failed log switch succeeded";
}

// Random operations against the model, with reopens, from fixed seeds.
TEST_F(LsmEngineTest, ScanOfAnEmptyOrReversedRangeVisitsNothing) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (int i = 0; i < 20; ++i) Put(*engine, Key(i), "v");
  for (const auto& [start, end] : {std::pair{Key(9), Key(3)}, std::pair{Key(5), Key(5)}}) {
    size_t visited = 0;
    ASSERT_OK(engine->Scan(start, end, SIZE_MAX, [&](auto, auto) {
      ++visited;
      return true;
    }));
    EXPECT_EQ(visited, 0u) << "[" << start << ", " << end << ")";
  }
}

// A scan with a limit copies only part of the memtable's range (SnapshotIterators): what it
// visits must still be the model's first keys, whatever mix of values and tombstones the
// memtable holds over the tables.
TEST_F(LsmEngineTest, ScansWithALimitVisitTheFirstLiveKeys) {
  options_.memtable_bytes = 1 << 20;  // the later writes stay in the memtable
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  for (int i = 0; i < 200; i += 2) Put(*engine, Key(i), "table");
  ASSERT_OK(engine->Flush());
  std::mt19937 random(7);
  for (int step = 0; step < 300; ++step) {
    const std::string key = Key(static_cast<int>(random() % 200));
    if (random() % 3 == 0) {
      Delete(*engine, key);
    } else {
      Put(*engine, key, "mem" + std::to_string(step));
    }
  }
  for (int probe = 0; probe < 200; ++probe) {
    const std::string start = Key(static_cast<int>(random() % 200));
    const size_t limit = 1 + random() % 12;
    std::vector<std::pair<std::string, std::string>> want;
    for (auto it = model_.lower_bound(start); it != model_.end() && want.size() < limit; ++it) {
      want.emplace_back(it->first, it->second);
    }
    std::vector<std::pair<std::string, std::string>> got;
    ASSERT_OK(engine->Scan(start, "", limit, [&](std::string_view k, std::string_view v) {
      got.emplace_back(k, v);
      return true;
    }));
    EXPECT_EQ(got, want) << "from " << start << ", limit " << limit;
  }
}

TEST_F(LsmEngineTest, RandomOperationsMatchAMap) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 random(seed);
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    std::vector<std::string> probes;
    for (int step = 0; step < 1500; ++step) {
      const std::string key = Key(static_cast<int>(random() % 300));
      switch (random() % 10) {
        case 0:
        case 1:
          Delete(*engine, key);
          break;
        case 2:
          if (step % 300 == 2) {
            engine.reset();
            ASSERT_OK_AND_ASSIGN(engine, Open());
          }
          break;
        default:
          Put(*engine, key, std::to_string(step) + std::string(random() % 40, 'r'));
      }
      probes.push_back(key);
    }
    ExpectMatchesModel(*engine, probes);
  }
}

// Runs write(t, i) for i < writes on each of `threads` threads at once; returns the first
// failure as "thread t, write i: status", or "" if every write was acknowledged.
std::string WriteConcurrently(int threads, int writes,
                              const std::function<Status(int t, int i)>& write) {
  std::mutex mu;
  std::string first_failure;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < writes; ++i) {
        if (Status status = write(t, i); !status.ok()) {
          std::lock_guard lock(mu);
          if (first_failure.empty()) {
            first_failure = "thread " + std::to_string(t) + ", write " + std::to_string(i) + ": " +
                            status.ToString();
          }
          return;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return first_failure;
}

// Group commit: on a slow disk, writers that queue up during one log sync share the next
// one; and every write acknowledged before a power loss is there after it.
TEST_F(LsmEngineTest, ConcurrentWritersShareLogSyncs) {
  options_.memtable_bytes = 4 << 20;  // no flush: the syncs counted are the log's
  fs_.SetSyncDelay(std::chrono::milliseconds(2));
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  constexpr int kThreads = 8;
  constexpr int kWrites = 200;
  auto key = [](int t, int i) { return "t" + std::to_string(t) + "-" + Key(i); };
  const uint64_t syncs_at_open = fs_.sync_count();
  const std::string failure = WriteConcurrently(kThreads, kWrites, [&](int t, int i) {
    return engine->Put(key(t, i), "v" + std::to_string(i));
  });
  const uint64_t syncs = fs_.sync_count() - syncs_at_open;
  ASSERT_EQ(failure, "") << "a write failed";
  EXPECT_LT(syncs, uint64_t{kThreads * kWrites / 2})
      << syncs << " syncs for " << kThreads * kWrites << " writes from " << kThreads
      << " threads: the writers did not share syncs";

  fs_.Freeze();  // the machine loses power right after the last acknowledgement
  fs_.DropUnsyncedData();
  engine.reset();
  fs_.ClearFaults();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWrites; ++i) model_[key(t, i)] = "v" + std::to_string(i);
  }
  ASSERT_OK_AND_ASSIGN(engine, Open());
  ExpectMatchesModel(*engine, {key(0, 0), key(kThreads - 1, kWrites - 1)});
}

// The log order is the apply order, across groups and log switches: after concurrent
// overwrites of one key, with flushes under way, a power loss and a restart give back the
// state the running engine had.
TEST_F(LsmEngineTest, ConcurrentWritesRecoverToTheLiveState) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  const std::string failure = WriteConcurrently(6, 100, [&](int t, int i) {
    WriteBatch batch;
    batch.Put("shared", "t" + std::to_string(t) + "-" + std::to_string(i));
    batch.Put("t" + std::to_string(t) + "-" + Key(i), std::string(30, 'm'));
    if (i % 3 == 0) batch.Delete("shared");
    return engine->Write(batch);
  });
  ASSERT_EQ(failure, "") << "a write failed";
  EXPECT_GT(engine->current_version()->levels[0].size(), 0u) << "expected flushes meanwhile";
  {
    auto live = engine->NewIterator();  // what the running engine holds becomes the model
    for (live->SeekToFirst(); live->Valid(); live->Next())
      model_.emplace(live->key(), live->value());
    ASSERT_OK(live->status());
  }

  fs_.Freeze();
  fs_.DropUnsyncedData();
  engine.reset();
  fs_.ClearFaults();
  ASSERT_OK_AND_ASSIGN(engine, Open());
  ExpectMatchesModel(*engine, {"shared"});
}

// Under FsyncPolicy::kNo a write is only flushed; SyncLog makes every write so far durable
// with one sync, and a later write is lost by a power loss.
TEST_F(LsmEngineTest, SyncLogMakesEveryAcknowledgedWriteDurable) {
  options_.fsync = FsyncPolicy::kNo;
  options_.memtable_bytes = 1 << 20;  // one log: no log switch syncs it meanwhile
  std::vector<std::string> probes;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 100; ++i) {
      Put(*engine, Key(i), "synced");
      probes.push_back(Key(i));
    }
    const uint64_t syncs = fs_.sync_count();
    ASSERT_OK(engine->SyncLog());
    EXPECT_EQ(fs_.sync_count(), syncs + 1) << "SyncLog should be one sync of the log";
    ASSERT_OK(engine->Put("after the sync", "lost"));  // not in the model
    probes.push_back("after the sync");
    fs_.Freeze();
    fs_.DropUnsyncedData();
  }
  fs_.ClearFaults();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ExpectMatchesModel(*engine, probes);
  ASSERT_OK(engine->Close());
  Status closed = engine->SyncLog();
  EXPECT_TRUE(closed.IsIOError()) << "SyncLog after Close: " << closed.ToString();
}

// With flush_each_write off a write may stay in the log's buffer until FlushLog, which hands
// every write before it to the operating system: a kill -9 after FlushLog loses none of them.
// (Whether a write after it survives is not specified: flushing anyway is allowed.)
TEST_F(LsmEngineTest, FlushLogHandsBufferedWritesToTheSystem) {
  options_.fsync = FsyncPolicy::kNo;
  options_.flush_each_write = false;
  options_.memtable_bytes = 1 << 20;  // one log: no log switch flushes it meanwhile
  std::vector<std::string> probes;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    for (int i = 0; i < 100; ++i) {
      Put(*engine, Key(i), "flushed");
      probes.push_back(Key(i));
    }
    ASSERT_OK(engine->FlushLog());
    fs_.Freeze();
    fs_.DropUnflushedData();
  }
  fs_.ClearFaults();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ExpectMatchesModel(*engine, probes);
  ASSERT_OK(engine->Close());
  Status closed = engine->FlushLog();
  EXPECT_TRUE(closed.IsIOError()) << "FlushLog after Close: " << closed.ToString();
}

}  // namespace
}  // namespace stepdb
