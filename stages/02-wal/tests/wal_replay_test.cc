// WalReplayTest: recovery of one log: replaying it, cutting a torn tail, stopping at (or,
// salvaging, cutting) corruption, and logging what happened (wal_replay.h).
#include "wal_replay.h"

#include <gtest/gtest.h>

#include "common/testkit/status_matchers.h"
#include "log_capture.h"
#include "mem_file_system.h"
#include "wal_test_util.h"
#include "wal_writer.h"

namespace stepdb {
namespace {

constexpr char kLog[] = "/db/wal.log";

class WalReplayTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(fs_.CreateDir("/db")); }

  // Logs "SET k<i> v<i>" for i in [0, n) and returns the record offsets (and the end).
  std::vector<uint64_t> WritePuts(int n) {
    auto file = fs_.NewWritableFile(kLog);
    EXPECT_OK(file);
    WalWriter writer(std::move(file).value());
    std::vector<uint64_t> offsets;
    for (int i = 0; i < n; ++i) {
      offsets.push_back(writer.offset());
      WriteBatch batch;
      batch.Put("k" + std::to_string(i), "v" + std::to_string(i));
      EXPECT_OK(writer.AddBatch(batch));
    }
    offsets.push_back(writer.offset());
    EXPECT_OK(writer.Close());
    return offsets;
  }

  // Replays into keys_ (the keys of every put, in order).
  Result<WalReplaySummary> Replay(WalReplayOptions options = {}) {
    keys_.clear();
    return ReplayWal(fs_, kLog, options, [this](const WriteBatch& batch) {
      for (const auto& entry : batch.entries()) keys_.push_back(entry.key);
      return Status::Ok();
    });
  }
  uint64_t LogSize() { return *fs_.GetFileSize(kLog); }

  MemFileSystem fs_;
  std::vector<std::string> keys_;
  LogCapture logs_;
};

TEST_F(WalReplayTest, ReplaysEveryRecordInOrder) {
  const auto offsets = WritePuts(5);
  auto summary = Replay();
  ASSERT_OK(summary);
  EXPECT_EQ(keys_, (std::vector<std::string>{"k0", "k1", "k2", "k3", "k4"}));
  EXPECT_EQ(summary->records, 5u);
  EXPECT_EQ(summary->entries, 5u);
  EXPECT_EQ(summary->good_bytes, offsets.back());
  EXPECT_EQ(summary->file_bytes, offsets.back());
  EXPECT_FALSE(summary->torn_tail);
  EXPECT_FALSE(summary->salvaged);
  EXPECT_EQ(logs_.Text().find("warning"), std::string::npos) << logs_.Text();
}

TEST_F(WalReplayTest, TornTailIsCutSyncedAndWarnedAbout) {
  const auto offsets = WritePuts(3);
  ASSERT_OK(fs_.Truncate(kLog, offsets[3] - 2));
  auto summary = Replay();
  ASSERT_OK(summary);
  EXPECT_EQ(keys_.size(), 2u);
  EXPECT_TRUE(summary->torn_tail);
  EXPECT_EQ(summary->good_bytes, offsets[2]);
  EXPECT_EQ(summary->file_bytes, offsets[3] - 2);
  EXPECT_EQ(LogSize(), offsets[2]);
  EXPECT_EQ(*fs_.SyncedSize(kLog), offsets[2]);
  const std::string text = logs_.Text();
  EXPECT_NE(text.find("warning wal /db/wal.log: torn tail at offset " + std::to_string(offsets[2])),
            std::string::npos)
      << text;
}

TEST_F(WalReplayTest, CorruptionStopsReplayAndLeavesTheFileAlone) {
  const auto offsets = WritePuts(4);
  ASSERT_OK(fs_.FlipBits(kLog, offsets[1] + kWalHeaderBytes + 1));
  auto summary = Replay();
  ASSERT_TRUE(summary.status().IsCorruption()) << summary.status().ToString();
  EXPECT_NE(summary.status().message().find(std::string(kLog) + ": corrupt record at offset " +
                                            std::to_string(offsets[1])),
            std::string::npos)
      << summary.status().message();
  EXPECT_EQ(LogSize(), offsets[4]);
}

TEST_F(WalReplayTest, SalvageKeepsThePrefixAndCutsTheRest) {
  const auto offsets = WritePuts(4);
  ASSERT_OK(fs_.FlipBits(kLog, offsets[2] + 3));
  WalReplayOptions options;
  options.mode = WalRecoveryMode::kSalvage;
  auto summary = Replay(options);
  ASSERT_OK(summary);
  EXPECT_EQ(keys_, (std::vector<std::string>{"k0", "k1"}));
  EXPECT_TRUE(summary->salvaged);
  EXPECT_EQ(summary->good_bytes, offsets[2]);
  EXPECT_EQ(LogSize(), offsets[2]);
  EXPECT_NE(logs_.Text().find("salvage"), std::string::npos) << logs_.Text();
  auto again = Replay();
  ASSERT_OK(again) << "the cut log is clean";
  EXPECT_FALSE(again->torn_tail);
}

TEST_F(WalReplayTest, WithoutRepairTheFileIsNotTouched) {
  const auto offsets = WritePuts(2);
  ASSERT_OK(fs_.Truncate(kLog, offsets[2] - 1));
  WalReplayOptions options;
  options.repair = false;
  auto summary = Replay(options);
  ASSERT_OK(summary);
  EXPECT_TRUE(summary->torn_tail);
  EXPECT_EQ(LogSize(), offsets[2] - 1);
}

TEST_F(WalReplayTest, ARecordThatDoesNotDecodeIsCorruption) {
  auto file = fs_.NewWritableFile(kLog);
  ASSERT_OK(file);
  WalWriter writer(std::move(file).value());
  ASSERT_OK(writer.AddRecord(WalRecordType::kPut, "\x01k\x01v"));
  ASSERT_OK(writer.AddRecord(WalRecordType::kPut, "\x09short"));  // checksums fine
  ASSERT_OK(writer.Close());
  auto summary = Replay();
  ASSERT_TRUE(summary.status().IsCorruption()) << summary.status().ToString();
  EXPECT_NE(summary.status().message().find("at offset " + std::to_string(kWalHeaderBytes + 4)),
            std::string::npos)
      << summary.status().message();
}

// Rule 7 under salvage: the reader has already returned the undecodable record whole, so its
// end_offset() lies past it; the cut belongs at its start, record_offset().
TEST_F(WalReplayTest, SalvageCutsARecordThatDoesNotDecodeAtItsStart) {
  auto file = fs_.NewWritableFile(kLog);
  ASSERT_OK(file);
  WalWriter writer(std::move(file).value());
  ASSERT_OK(writer.AddRecord(WalRecordType::kPut, "\x01k\x01v"));
  const uint64_t bad = writer.offset();
  ASSERT_OK(writer.AddRecord(WalRecordType::kPut, "\x09short"));  // checksums fine
  ASSERT_OK(writer.AddRecord(WalRecordType::kPut, "\x02k2\x02v2"));
  ASSERT_OK(writer.Close());
  WalReplayOptions options;
  options.mode = WalRecoveryMode::kSalvage;
  auto summary = Replay(options);
  ASSERT_OK(summary);
  EXPECT_EQ(keys_, (std::vector<std::string>{"k"}));
  EXPECT_TRUE(summary->salvaged);
  EXPECT_EQ(summary->records, 1u);
  EXPECT_EQ(summary->good_bytes, bad) << "cut at the undecodable record's start";
  EXPECT_EQ(LogSize(), bad);
  EXPECT_NE(logs_.Text().find("dropping " + std::to_string(summary->file_bytes - bad) +
                              " bytes from offset " + std::to_string(bad)),
            std::string::npos)
      << logs_.Text();
  auto again = Replay();
  ASSERT_OK(again) << "the salvaged log is clean";
  EXPECT_EQ(again->records, 1u);
}

TEST_F(WalReplayTest, VisitorErrorStopsReplay) {
  WritePuts(3);
  int calls = 0;
  auto summary = ReplayWal(fs_, kLog, {}, [&](const WriteBatch&) {
    return ++calls == 2 ? Status::IOError("memtable full") : Status::Ok();
  });
  EXPECT_TRUE(summary.status().IsIOError());
  EXPECT_EQ(calls, 2);
}

TEST_F(WalReplayTest, MissingLogIsNotFound) { EXPECT_TRUE(Replay().status().IsNotFound()); }

TEST_F(WalReplayTest, ProgressIsLoggedForLargeLogs) {
  WritePuts(1000);  // about 20 KiB
  WalReplayOptions options;
  options.progress_every_bytes = 4096;
  ASSERT_OK(Replay(options));
  const std::string text = logs_.Text();
  size_t lines = 0;
  for (size_t at = text.find("replayed"); at != std::string::npos;
       at = text.find("replayed", at + 1)) {
    ++lines;
  }
  EXPECT_GE(lines, 4u) << text;
  EXPECT_NE(text.find("records,"), std::string::npos) << text;
  EXPECT_NE(text.find("MiB"), std::string::npos) << text;
}

}  // namespace
}  // namespace stepdb
