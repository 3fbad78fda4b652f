// WalCrashTest: crash recovery checked exhaustively on a small log (a few KiB) built by the
// real write path:
//   - cut at every byte offset, recovery yields exactly the longest whole-record prefix;
//   - a write failure at every byte, the acknowledged writes and nothing else survive;
//   - a changed byte anywhere is detected: corruption naming the file and the record's
//     offset, or, inside the payload of the last record only, a torn tail (the rule is
//     justified in docs/formats/wal.md); never a wrong value.
#include <gtest/gtest.h>

#include <map>

#include "common/testkit/status_matchers.h"
#include "log_capture.h"
#include "mem_file_system.h"
#include "wal_engine.h"

namespace stepdb {
namespace {

constexpr char kDir[] = "/db";
constexpr char kLog[] = "/db/wal.log";
using State = std::map<std::string, std::string>;

State Dump(Engine& engine) {
  State out;
  Status status = engine.Scan("", "", SIZE_MAX, [&](std::string_view k, std::string_view v) {
    out.emplace(k, v);
    return true;
  });
  EXPECT_OK(status);
  return out;
}

// A mix of puts, overwrites, deletes and batches, with binary keys and empty values.
std::vector<WriteBatch> Workload() {
  std::vector<WriteBatch> writes;
  for (int i = 0; i < 50; ++i) {
    WriteBatch batch;
    const std::string key = "key" + std::to_string(i % 13);
    switch (i % 5) {
      case 0:
        batch.Put(key, "value-" + std::to_string(i) + std::string(static_cast<size_t>(i), '.'));
        break;
      case 1:
        batch.Put(std::string("bin\0", 4) + std::to_string(i), std::string("\0\xff\n", 3));
        break;
      case 2:
        batch.Delete("key" + std::to_string((i + 5) % 13));
        break;
      case 3:
        batch.Put(key, "");
        break;
      case 4:
        for (int j = 0; j < 4; ++j) {
          batch.Put("batch" + std::to_string(i) + "-" + std::to_string(j), std::to_string(j));
        }
        batch.Delete("key" + std::to_string((i + 1) % 13));
        break;
    }
    writes.push_back(std::move(batch));
  }
  return writes;
}

class WalCrashTest : public ::testing::Test {
 protected:
  // Runs the workload through a WalEngine with --fsync always and records, for k = 0..n, the
  // state after k writes and the log size after k records.
  void SetUp() override {
    MemFileSystem fs;
    ASSERT_OK_AND_ASSIGN(auto engine, Open(fs));
    states_.push_back(Dump(*engine));
    boundaries_.push_back(engine->log_bytes());
    for (const WriteBatch& batch : Workload()) {
      ASSERT_OK(engine->Write(batch));
      states_.push_back(Dump(*engine));
      boundaries_.push_back(engine->log_bytes());
    }
    engine.reset();
    log_ = *fs.ReadFile(kLog);
    ASSERT_EQ(log_.size(), boundaries_.back());
    ASSERT_GT(log_.size(), 1500u);
    ASSERT_LT(log_.size(), 4096u) << "keep the every-byte tests fast";
  }

  // Tests open it with ASSERT_OK_AND_ASSIGN, so a failure stops the test.
  Result<std::unique_ptr<WalEngine>> Open(MemFileSystem& fs,
                                          WalRecoveryMode recovery = WalRecoveryMode::kStrict) {
    return WalEngine::Open(&fs, kDir, Options(recovery));
  }
  static WalEngineOptions Options(WalRecoveryMode recovery) {
    WalEngineOptions options;
    options.fsync = FsyncPolicy::kAlways;
    options.recovery = recovery;
    return options;
  }
  // A file system holding the first `size` bytes of the log, as a crash left it.
  std::unique_ptr<MemFileSystem> FileSystemWithLog(uint64_t size) {
    auto fs = std::make_unique<MemFileSystem>();
    EXPECT_OK(fs->CreateDir(kDir));
    EXPECT_OK(fs->SetContents(kLog, log_.substr(0, size)));
    return fs;
  }
  // The number of whole records in the first `size` bytes of the log.
  size_t WholeRecordsIn(uint64_t size) const {
    size_t k = 0;
    while (k + 1 < boundaries_.size() && boundaries_[k + 1] <= size) ++k;
    return k;
  }

  std::vector<State> states_;         // states_[k]: after k writes
  std::vector<uint64_t> boundaries_;  // boundaries_[k]: the log size after k records
  std::string log_;
  LogCapture quiet_;  // thousands of recoveries would each warn on stderr
};

TEST_F(WalCrashTest, EveryCutRecoversTheLongestWholeRecordPrefix) {
  for (uint64_t cut = 0; cut <= log_.size(); ++cut) {
    SCOPED_TRACE("log cut at byte " + std::to_string(cut) + " of " + std::to_string(log_.size()));
    auto fs = FileSystemWithLog(cut);
    const size_t k = WholeRecordsIn(cut);
    {
      ASSERT_OK_AND_ASSIGN(auto engine, Open(*fs));
      ASSERT_EQ(Dump(*engine), states_[k]) << "expected the state after " << k << " writes";
      EXPECT_EQ(engine->recovery().records, k);
      EXPECT_EQ(engine->recovery().torn_tail, cut != boundaries_[k]);
      EXPECT_EQ(*fs->GetFileSize(kLog), boundaries_[k]) << "the torn tail is cut";
      ASSERT_OK(engine->Put("after-recovery", "x"));
    }
    ASSERT_OK_AND_ASSIGN(auto engine, Open(*fs));
    State expected = states_[k];
    expected["after-recovery"] = "x";
    ASSERT_EQ(Dump(*engine), expected) << "a write after recovery follows the prefix cleanly";
    EXPECT_FALSE(engine->recovery().torn_tail);
  }
}

TEST_F(WalCrashTest, AWriteFailureAtEveryByteKeepsExactlyTheAcknowledgedWrites) {
  const std::vector<WriteBatch> writes = Workload();
  for (uint64_t budget = 0; budget <= log_.size(); ++budget) {
    SCOPED_TRACE("writes fail after " + std::to_string(budget) + " bytes");
    MemFileSystem fs;
    ASSERT_OK_AND_ASSIGN(auto engine, Open(fs));
    fs.FailWritesAfter(budget);
    size_t acknowledged = 0;
    while (acknowledged < writes.size() && engine->Write(writes[acknowledged]).ok()) {
      ++acknowledged;
    }
    ASSERT_EQ(acknowledged, WholeRecordsIn(budget));
    for (size_t i = acknowledged; i < writes.size(); ++i) {
      ASSERT_FALSE(engine->Write(writes[i]).ok()) << "write " << i << " after a failure";
    }
    ASSERT_EQ(Dump(*engine), states_[acknowledged]) << "failed writes are not applied";
    if (budget % 2 == 0) {
      fs.DropUnsyncedData();  // power loss right after the failure
    }                         // otherwise a clean stop, which flushes the partial record
    engine.reset();
    fs.ClearFaults();
    ASSERT_OK_AND_ASSIGN(engine, Open(fs));
    ASSERT_EQ(Dump(*engine), states_[acknowledged]);
  }
}

TEST_F(WalCrashTest, EveryChangedByteIsDetected) {
  const size_t last = boundaries_.size() - 2;  // the index of the last record
  const uint8_t masks[] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff};
  for (uint64_t at = 0; at < log_.size(); ++at) {
    const uint8_t mask = masks[at % std::size(masks)];
    SCOPED_TRACE("byte " + std::to_string(at) + " xor " + std::to_string(mask));
    const size_t record = WholeRecordsIn(at);  // the record that holds byte `at`
    auto fs = FileSystemWithLog(log_.size());
    ASSERT_OK(fs->FlipBits(kLog, at, mask));

    auto strict = WalEngine::Open(fs.get(), kDir, Options(WalRecoveryMode::kStrict));
    if (record == last && at >= boundaries_[last] + kWalHeaderBytes) {
      ASSERT_OK(strict);
      EXPECT_TRUE((*strict)->recovery().torn_tail);
      ASSERT_EQ(Dump(**strict), states_[last]);
      continue;
    }
    ASSERT_TRUE(strict.status().IsCorruption()) << strict.status().ToString();
    const std::string message = strict.status().message();
    ASSERT_NE(message.find(std::string(kLog) + ": corrupt record at offset " +
                           std::to_string(boundaries_[record]) + ":"),
              std::string::npos)
        << message;
    ASSERT_EQ(*fs->GetFileSize(kLog), log_.size()) << "strict recovery changes nothing";

    ASSERT_OK_AND_ASSIGN(auto salvaged, Open(*fs, WalRecoveryMode::kSalvage));
    ASSERT_EQ(Dump(*salvaged), states_[record]);
    EXPECT_EQ(*fs->GetFileSize(kLog), boundaries_[record]);
  }
}

}  // namespace
}  // namespace stepdb
