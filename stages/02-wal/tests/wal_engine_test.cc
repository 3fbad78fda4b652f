// The durable engine: recovery (WalEngineTest), the fsync policies as the file system sees
// them (WalFsyncTest) and group commit (WalGroupCommitTest), all on a MemFileSystem.
#include "wal_engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "common/testkit/status_matchers.h"
#include "log_capture.h"
#include "mem_file_system.h"
#include "wal_test_util.h"

namespace stepdb {
namespace {

constexpr char kDir[] = "/db";
constexpr char kLog[] = "/db/wal.log";

std::map<std::string, std::string> Dump(Engine& engine) {
  std::map<std::string, std::string> out;
  Status status = engine.Scan("", "", SIZE_MAX, [&](std::string_view k, std::string_view v) {
    out.emplace(k, v);
    return true;
  });
  EXPECT_OK(status);
  return out;
}

// The value of key, or the status's text: a failed Get shows up in the assertion.
std::string Value(Engine& engine, std::string_view key) {
  Result<std::string> value = engine.Get(key);
  return value.ok() ? *value : value.status().ToString();
}

class WalEngineTest : public ::testing::Test {
 protected:
  // The engine on fs_; tests open it with ASSERT_OK_AND_ASSIGN, so a failure stops the test.
  Result<std::unique_ptr<WalEngine>> Open(WalEngineOptions options = Always()) {
    return WalEngine::Open(&fs_, kDir, options);
  }
  static WalEngineOptions Always() {
    WalEngineOptions options;
    options.fsync = FsyncPolicy::kAlways;
    return options;
  }
  static WalEngineOptions Policy(FsyncPolicy policy) {
    WalEngineOptions options;
    options.fsync = policy;
    return options;
  }

  MemFileSystem fs_;
  LogCapture logs_;
};

TEST_F(WalEngineTest, AFreshDirectoryStartsEmptyWithALogAndALock) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_EQ(engine->size(), 0u);
  EXPECT_EQ(engine->recovery().records, 0u);
  EXPECT_TRUE(fs_.FileExists(kLog));
  EXPECT_TRUE(fs_.FileExists("/db/LOCK"));
  EXPECT_EQ(engine->log_path(), kLog);
}

TEST_F(WalEngineTest, WritesSurviveAReopen) {
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ASSERT_OK(engine->Put("a", "1"));
    ASSERT_OK(engine->Put("b", "2"));
    ASSERT_OK(engine->Put("a", "3"));
    ASSERT_OK(engine->Delete("b"));
    ASSERT_OK(engine->Delete("never-there"));
    WriteBatch batch;
    batch.Put("c", "4");
    batch.Delete("a");
    batch.Put("d", "");
    ASSERT_OK(engine->Write(batch));
  }
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_EQ(Dump(*engine), (std::map<std::string, std::string>{{"c", "4"}, {"d", ""}}));
  EXPECT_EQ(engine->recovery().records, 6u);
  EXPECT_EQ(engine->recovery().entries, 8u);
  EXPECT_TRUE(engine->Get("a").status().IsNotFound());
}

TEST_F(WalEngineTest, BinaryKeysAndValuesSurvive) {
  const std::string key("k\0\xff\n", 4);
  const std::string value("\0\r\n\x80", 4);
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ASSERT_OK(engine->Put(key, value));
    ASSERT_OK(engine->Put(std::string(1, '\0'), ""));
  }
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_EQ(Value(*engine, key), value);
  EXPECT_EQ(Value(*engine, std::string(1, '\0')), "");
}

TEST_F(WalEngineTest, WritingContinuesAfterRecovery) {
  for (int run = 0; run < 3; ++run) {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    EXPECT_EQ(engine->size(), static_cast<size_t>(run));
    ASSERT_OK(engine->Put("run" + std::to_string(run), "x"));
  }
  ReadLog log = ReadWholeLog(fs_, kLog);
  EXPECT_OK(log.status);
  EXPECT_EQ(log.records.size(), 3u);
}

TEST_F(WalEngineTest, ABatchIsOneRecordAndAllOrNothing) {
  WriteBatch batch;
  for (int i = 0; i < 500; ++i) batch.Put("key" + std::to_string(i), std::string(30, 'v'));
  uint64_t before = 0;
  uint64_t after = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ASSERT_OK(engine->Put("first", "1"));
    before = engine->log_bytes();
    ASSERT_OK(engine->Write(batch));
    after = engine->log_bytes();
  }
  EXPECT_EQ(ReadWholeLog(fs_, kLog).records.size(), 2u);
  ASSERT_OK(fs_.Truncate(kLog, (before + after) / 2));  // crash in mid-batch
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_EQ(Dump(*engine), (std::map<std::string, std::string>{{"first", "1"}}));
  EXPECT_TRUE(engine->recovery().torn_tail);
}

TEST_F(WalEngineTest, TornTailIsCutWithAWarningNamingFileAndOffset) {
  uint64_t good = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ASSERT_OK(engine->Put("kept", "1"));
    good = engine->log_bytes();
    ASSERT_OK(engine->Put("torn", "2"));
  }
  ASSERT_OK(fs_.Truncate(kLog, good + 3));
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_EQ(Dump(*engine), (std::map<std::string, std::string>{{"kept", "1"}}));
  EXPECT_EQ(*fs_.GetFileSize(kLog), good);
  EXPECT_NE(logs_.Text().find("wal /db/wal.log: torn tail at offset " + std::to_string(good)),
            std::string::npos)
      << logs_.Text();
  ASSERT_OK(engine->Put("after", "3"));
  engine.reset();
  ASSERT_OK_AND_ASSIGN(engine, Open());
  EXPECT_EQ(Dump(*engine).size(), 2u);
}

TEST_F(WalEngineTest, CorruptionStopsOpenNamingFileAndOffset) {
  uint64_t second = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ASSERT_OK(engine->Put("a", "1"));
    second = engine->log_bytes();
    ASSERT_OK(engine->Put("b", "2"));
    ASSERT_OK(engine->Put("c", "3"));
  }
  ASSERT_OK(fs_.FlipBits(kLog, second + kWalHeaderBytes + 1));
  auto engine = WalEngine::Open(&fs_, kDir, Always());
  ASSERT_TRUE(engine.status().IsCorruption()) << engine.status().ToString();
  EXPECT_NE(engine.status().message().find("/db/wal.log: corrupt record at offset " +
                                           std::to_string(second)),
            std::string::npos)
      << engine.status().message();
}

TEST_F(WalEngineTest, SalvageKeepsTheValidPrefixAndStarts) {
  uint64_t second = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ASSERT_OK(engine->Put("a", "1"));
    second = engine->log_bytes();
    ASSERT_OK(engine->Put("b", "2"));
    ASSERT_OK(engine->Put("c", "3"));
  }
  ASSERT_OK(fs_.FlipBits(kLog, second + kWalHeaderBytes + 1));
  WalEngineOptions options = Always();
  options.recovery = WalRecoveryMode::kSalvage;
  ASSERT_OK_AND_ASSIGN(auto engine, Open(options));
  EXPECT_EQ(Dump(*engine), (std::map<std::string, std::string>{{"a", "1"}}));
  EXPECT_TRUE(engine->recovery().salvaged);
  EXPECT_EQ(*fs_.GetFileSize(kLog), second);
  ASSERT_OK(engine->Put("d", "4"));
  engine.reset();
  ASSERT_OK_AND_ASSIGN(engine, Open());
  EXPECT_EQ(Dump(*engine), (std::map<std::string, std::string>{{"a", "1"}, {"d", "4"}}))
      << "strict recovery is happy with the salvaged log";
}

TEST_F(WalEngineTest, AFailedLogWriteIsNeitherAcknowledgedNorApplied) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ASSERT_OK(engine->Put("before", "1"));
  fs_.FailWritesAfter(7);
  Status failed = engine->Put("during", "2");
  EXPECT_TRUE(failed.IsIOError()) << failed.ToString();
  EXPECT_TRUE(engine->Get("during").status().IsNotFound()) << "not applied";
  fs_.ClearFaults();
  EXPECT_TRUE(engine->Put("after", "3").IsIOError()) << "nothing is appended behind a torn record";
  EXPECT_TRUE(engine->Get("after").status().IsNotFound());
  EXPECT_EQ(Value(*engine, "before"), "1") << "reads still work";

  engine.reset();  // stopping flushes the partial record: a torn tail for the next start
  ASSERT_OK_AND_ASSIGN(engine, Open());
  EXPECT_EQ(Dump(*engine), (std::map<std::string, std::string>{{"before", "1"}}));
  EXPECT_TRUE(engine->recovery().torn_tail);
}

TEST_F(WalEngineTest, AFailedSyncIsNotAcknowledged) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  fs_.FailSyncs(true);
  EXPECT_TRUE(engine->Put("k", "v").IsIOError());
  EXPECT_TRUE(engine->Get("k").status().IsNotFound());
  fs_.ClearFaults();
  EXPECT_TRUE(engine->Put("k2", "v").IsIOError()) << "a failed fsync is final";
}

TEST_F(WalEngineTest, ASecondOpenOfTheSameDirectoryIsBusy) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  auto second = WalEngine::Open(&fs_, kDir, Always());
  ASSERT_TRUE(second.status().IsBusy()) << second.status().ToString();
  EXPECT_NE(second.status().message().find("/db"), std::string::npos);
  engine.reset();
  EXPECT_OK(Open()) << "closing the first engine releases the lock";
}

TEST_F(WalEngineTest, WritesAfterCloseFailAndReadsStillWork) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ASSERT_OK(engine->Put("k", "v"));
  ASSERT_OK(engine->Close());
  EXPECT_OK(engine->Close()) << "idempotent";
  EXPECT_TRUE(engine->Put("k2", "v").IsIOError());
  EXPECT_EQ(Value(*engine, "k"), "v");
}

TEST_F(WalEngineTest, EmptyBatchWritesNothing) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ASSERT_OK(engine->Write(WriteBatch()));
  EXPECT_EQ(engine->log_bytes(), 0u);
}

TEST_F(WalEngineTest, EmptyBatchIsOkEvenAfterClose) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  ASSERT_OK(engine->Put("k", "v"));
  const uint64_t bytes = engine->log_bytes();
  ASSERT_OK(engine->Close());
  EXPECT_OK(engine->Write(WriteBatch())) << "an empty batch has nothing to log";
  EXPECT_TRUE(engine->Put("k2", "v").IsIOError()) << "a batch with entries is refused";
  EXPECT_EQ(engine->log_bytes(), bytes);
}

// A log written by a run that never synced it (killed under --fsync no or everysec): what
// Open() replays is synced before Open() returns, so a power loss cannot take it away.
TEST_F(WalEngineTest, RecoveryMakesTheReplayedLogDurable) {
  ASSERT_OK(fs_.CreateDir(kDir));
  {
    ASSERT_OK_AND_ASSIGN(auto file, fs_.NewWritableFile(kLog));
    WalWriter writer(std::move(file));
    for (int i = 0; i < 3; ++i) {
      WriteBatch batch;
      batch.Put("k" + std::to_string(i), "v");
      ASSERT_OK(writer.AddBatch(batch));
    }
    ASSERT_OK(writer.Flush());  // flushed, never synced
  }
  ASSERT_EQ(*fs_.SyncedSize(kLog), 0u);
  ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kNo)));
  ASSERT_EQ(engine->size(), 3u);
  EXPECT_EQ(*fs_.SyncedSize(kLog), engine->log_bytes());
  fs_.DropUnsyncedData();  // power loss while the engine serves the replayed keys
  engine.reset();
  ASSERT_OK_AND_ASSIGN(engine, Open(Policy(FsyncPolicy::kNo)));
  EXPECT_EQ(engine->size(), 3u) << "the replayed keys survive the power loss";
}

TEST_F(WalEngineTest, ConcurrentWritersAllSurvive) {
  constexpr int kThreads = 8;
  constexpr int kWrites = 100;
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kWrites; ++i) {
          const std::string key = "t" + std::to_string(t) + "-" + std::to_string(i);
          if (!engine->Put(key, key).ok()) ++failures;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures, 0);
  }
  fs_.DropUnsyncedData();
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  EXPECT_EQ(engine->size(), static_cast<size_t>(kThreads * kWrites));
}

// Fsync policies, observed through the lengths MemFileSystem tracks.
class WalFsyncTest : public WalEngineTest {};

TEST_F(WalFsyncTest, AlwaysSyncsEveryWriteBeforeAcknowledging) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kAlways)));
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(engine->Put("k" + std::to_string(i), "v"));
    EXPECT_EQ(*fs_.SyncedSize(kLog), engine->log_bytes()) << "after write " << i;
  }
  fs_.DropUnsyncedData();  // power loss right after the last acknowledgement
  engine.reset();
  ASSERT_OK_AND_ASSIGN(engine, Open());
  EXPECT_EQ(engine->size(), 5u);
}

TEST_F(WalFsyncTest, NoFlushesEveryWriteButNeverSyncsUntilClose) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kNo)));
  const uint64_t syncs_at_open = fs_.sync_count();
  for (int i = 0; i < 5; ++i) ASSERT_OK(engine->Put("k" + std::to_string(i), "v"));
  EXPECT_EQ(*fs_.FlushedSize(kLog), engine->log_bytes()) << "a kill -9 loses nothing";
  EXPECT_EQ(*fs_.SyncedSize(kLog), 0u);
  EXPECT_EQ(fs_.sync_count(), syncs_at_open);
  ASSERT_OK(engine->Close());
  EXPECT_EQ(*fs_.SyncedSize(kLog), engine->log_bytes()) << "a clean stop syncs";
}

TEST_F(WalFsyncTest, NoLosesUnsyncedWritesOnPowerLossButNotOnKill) {
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kNo)));
    for (int i = 0; i < 5; ++i) ASSERT_OK(engine->Put("k" + std::to_string(i), "v"));
    fs_.DropUnflushedData();  // kill -9
  }
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kNo)));
    EXPECT_EQ(engine->size(), 5u);
  }
  {
    ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kNo)));
    for (int i = 5; i < 10; ++i) ASSERT_OK(engine->Put("k" + std::to_string(i), "v"));
    fs_.DropUnsyncedData();  // power loss
  }
  ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kNo)));
  EXPECT_EQ(engine->size(), 5u) << "the unsynced five are gone";
}

TEST_F(WalFsyncTest, EverySecSyncsInTheBackground) {
  WalEngineOptions options = Policy(FsyncPolicy::kEverySec);
  options.sync_interval = std::chrono::milliseconds(20);
  ASSERT_OK_AND_ASSIGN(auto engine, Open(options));
  ASSERT_OK(engine->Put("k", "v"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (*fs_.SyncedSize(kLog) < engine->log_bytes() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(*fs_.SyncedSize(kLog), engine->log_bytes());
}

TEST_F(WalFsyncTest, EverySecDoesNotSyncPerWriteAndStopsPromptly) {
  WalEngineOptions options = Policy(FsyncPolicy::kEverySec);
  options.sync_interval = std::chrono::hours(1);
  ASSERT_OK_AND_ASSIGN(auto engine, Open(options));
  for (int i = 0; i < 5; ++i) ASSERT_OK(engine->Put("k" + std::to_string(i), "v"));
  EXPECT_EQ(*fs_.SyncedSize(kLog), 0u);
  EXPECT_EQ(*fs_.FlushedSize(kLog), engine->log_bytes());
  const auto before = std::chrono::steady_clock::now();
  ASSERT_OK(engine->Close());
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2))
      << "the background thread does not wait out its interval";
  EXPECT_EQ(*fs_.SyncedSize(kLog), engine->log_bytes());
}

TEST_F(WalFsyncTest, EverySecBackgroundSyncFailureStopsWrites) {
  WalEngineOptions options = Policy(FsyncPolicy::kEverySec);
  options.sync_interval = std::chrono::milliseconds(10);
  ASSERT_OK_AND_ASSIGN(auto engine, Open(options));
  fs_.FailSyncs(true);
  ASSERT_OK(engine->Put("k", "v"));  // flushed, not yet synced
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  Status status;
  while (status.ok() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    status = engine->Put("probe", "v");
  }
  EXPECT_TRUE(status.IsIOError()) << status.ToString();
  EXPECT_NE(logs_.Text().find("background fsync failed"), std::string::npos) << logs_.Text();
}

class WalGroupCommitTest : public WalEngineTest {};

// With a slow disk, writers that arrive during one fsync share the next one.
TEST_F(WalGroupCommitTest, ConcurrentWritersShareSyncs) {
  fs_.SetSyncDelay(std::chrono::milliseconds(2));
  ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kAlways)));
  const uint64_t syncs_at_open = fs_.sync_count();
  constexpr int kThreads = 8;
  constexpr int kWrites = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        if (!engine->Put("t" + std::to_string(t) + "-" + std::to_string(i), "v").ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  const uint64_t syncs = fs_.sync_count() - syncs_at_open;
  EXPECT_LT(syncs, static_cast<uint64_t>(kThreads * kWrites) / 2)
      << syncs << " syncs for " << kThreads * kWrites << " writes";
  EXPECT_EQ(*fs_.SyncedSize(kLog), engine->log_bytes());
  fs_.DropUnsyncedData();
  engine.reset();
  ASSERT_OK_AND_ASSIGN(engine, Open());
  EXPECT_EQ(engine->size(), static_cast<size_t>(kThreads * kWrites));
}

// Log order is apply order: after concurrent overwrites of one key, the value recovered from
// the log is the value the running engine had.
TEST_F(WalGroupCommitTest, RecoveredStateEqualsTheLiveState) {
  ASSERT_OK_AND_ASSIGN(auto engine, Open(Policy(FsyncPolicy::kAlways)));
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        WriteBatch batch;
        batch.Put("shared", "t" + std::to_string(t) + "-" + std::to_string(i));
        batch.Put("mine" + std::to_string(t), std::to_string(i));
        if (i % 3 == 0) batch.Delete("shared");
        EXPECT_OK(engine->Write(batch));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto live = Dump(*engine);
  engine.reset();
  ASSERT_OK_AND_ASSIGN(engine, Open());
  EXPECT_EQ(Dump(*engine), live);
}

}  // namespace
}  // namespace stepdb
