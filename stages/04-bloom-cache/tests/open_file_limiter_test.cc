// OpenFileLimiter: tables stay readable while at most N of their files are open.
#include "open_file_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "counting_file_system.h"
#include "table.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::CountingFileSystem;
using testing::Key;

constexpr int kTables = 10;
constexpr int kKeysPerTable = 200;

// Value of key i in table t.
std::string ValueOf(int table, int i) {
  return "t" + std::to_string(table) + "v" + std::to_string(i);
}

class OpenFileLimit : public ::testing::Test {
 protected:
  // Writes kTables tables; table t holds keys t, t + kTables, t + 2 * kTables, ... so that
  // a walk through the key space visits the tables round-robin.
  void SetUp() override {
    for (int t = 0; t < kTables; ++t) {
      EntryMap map;
      for (int i = 0; i < kKeysPerTable; ++i) {
        map[Key(t + i * kTables)] = {EntryKind::kValue, ValueOf(t, i)};
      }
      TableOptions options;
      options.block_size = 256;  // many blocks per table, so reads land on many offsets
      ASSERT_OK(testing::WriteTable(Path(t), map, options));
    }
  }

  std::string Path(int table) const { return dir_.Join(std::to_string(100 + table) + ".sst"); }

  // Every table, read through fs; tests take them with ASSERT_OK_AND_ASSIGN, so a failure
  // stops the test.
  Result<std::vector<std::shared_ptr<Table>>> OpenTables(FileSystem& fs) {
    std::vector<std::shared_ptr<Table>> tables;
    for (int t = 0; t < kTables; ++t) {
      STEPDB_ASSIGN_OR_RETURN(auto file, fs.NewRandomAccessFile(Path(t)));
      STEPDB_ASSIGN_OR_RETURN(uint64_t size, fs.GetFileSize(Path(t)));
      STEPDB_ASSIGN_OR_RETURN(auto table, Table::Open(std::move(file), size, Path(t), {}));
      tables.push_back(std::move(table));
    }
    return tables;
  }

  // Looks up every key of every table, round-robin over the tables; true iff all are right.
  static ::testing::AssertionResult ReadEverything(
      const std::vector<std::shared_ptr<Table>>& tables) {
    for (int i = 0; i < kKeysPerTable; ++i) {
      for (int t = 0; t < kTables; ++t) {
        std::string value;
        Result<LookupState> state = tables[t]->Get(Key(t + i * kTables), &value);
        if (!state.ok()) return ::testing::AssertionFailure() << state.status().ToString();
        if (*state != LookupState::kFound || value != ValueOf(t, i)) {
          return ::testing::AssertionFailure() << "table " << t << " key " << i << ": " << value;
        }
      }
    }
    return ::testing::AssertionSuccess();
  }

  testkit::TempDir dir_;
  CountingFileSystem counting_{DefaultFileSystem()};
};

TEST_F(OpenFileLimit, TenTablesReadRightThroughTwoOpenFiles) {
  OpenFileLimiter limiter(&counting_, 2);
  ASSERT_OK_AND_ASSIGN(std::vector<std::shared_ptr<Table>> tables, OpenTables(limiter));
  EXPECT_LE(counting_.open_now(), 2);
  EXPECT_TRUE(ReadEverything(tables));
  EXPECT_LE(counting_.open_max(), 2) << "never more than N files open at once";
  EXPECT_EQ(limiter.stats().open, 2u);
  // Round-robin over 10 tables through 2 slots: nearly every read reopens a file.
  EXPECT_GT(limiter.stats().opens, static_cast<uint64_t>(kTables * kKeysPerTable / 2));
  EXPECT_EQ(static_cast<uint64_t>(counting_.opened()), limiter.stats().opens);
  EXPECT_EQ(limiter.stats().evictions, limiter.stats().opens - 2);
}

TEST_F(OpenFileLimit, WithRoomForEveryTableEachFileIsOpenedOnce) {
  OpenFileLimiter limiter(&counting_, kTables);
  ASSERT_OK_AND_ASSIGN(std::vector<std::shared_ptr<Table>> tables, OpenTables(limiter));
  EXPECT_TRUE(ReadEverything(tables));
  EXPECT_TRUE(ReadEverything(tables));
  EXPECT_EQ(counting_.opened(), kTables);
  EXPECT_EQ(limiter.stats().evictions, 0u);
  EXPECT_EQ(counting_.open_now(), kTables);
}

TEST_F(OpenFileLimit, ClosingATableClosesItsFile) {
  OpenFileLimiter limiter(&counting_, 4);
  {
    ASSERT_OK_AND_ASSIGN(std::vector<std::shared_ptr<Table>> tables, OpenTables(limiter));
    EXPECT_EQ(counting_.open_now(), 4);
  }
  EXPECT_EQ(counting_.open_now(), 0);
  EXPECT_EQ(limiter.stats().open, 0u);
}

TEST_F(OpenFileLimit, MissingFileIsReportedAtOpen) {
  OpenFileLimiter limiter(&counting_, 2);
  auto file = limiter.NewRandomAccessFile(dir_.Join("nope.sst"));
  ASSERT_FALSE(file.ok());
  EXPECT_TRUE(file.status().IsNotFound()) << file.status().ToString();
  EXPECT_EQ(limiter.stats().open, 0u);
}

TEST_F(OpenFileLimit, OtherCallsGoToTheBaseFileSystem) {
  OpenFileLimiter limiter(&counting_, 1);
  EXPECT_TRUE(limiter.FileExists(Path(0)));
  auto children = limiter.GetChildren(dir_.path());
  ASSERT_OK(children);
  EXPECT_EQ(children->size(), static_cast<size_t>(kTables));
  ASSERT_OK(limiter.WriteFileAtomically(dir_.Join("note"), "hello"));
  auto note = limiter.ReadFile(dir_.Join("note"));
  ASSERT_OK(note);
  EXPECT_EQ(*note, "hello");
  EXPECT_EQ(counting_.open_max(), 0) << "no random-access file was needed";
}

// A block pins its bytes (the POSIX file's mapping), not the open file: it stays readable
// after the limiter closed its file to make room for another.
TEST_F(OpenFileLimit, APinnedBlockOutlivesTheClosingOfItsFile) {
  OpenFileLimiter limiter(&counting_, 1);
  ASSERT_OK_AND_ASSIGN(std::vector<std::shared_ptr<Table>> tables, OpenTables(limiter));
  BlockIterator index(&tables[0]->index_block());
  index.SeekToFirst();
  ASSERT_TRUE(index.Valid());
  BlockHandle handle;
  std::string_view encoded = index.value();
  ASSERT_TRUE(handle.DecodeFrom(&encoded));
  const int reads = counting_.reads();
  Result<std::shared_ptr<const Block>> block = tables[0]->ReadDataBlock(handle, {});
  ASSERT_OK(block);
  EXPECT_EQ(counting_.reads(), reads + 1) << "a pinned read is a read";

  const uint64_t evictions = limiter.stats().evictions;
  std::string value;
  ASSERT_OK(tables[1]->Get(Key(1), &value));
  EXPECT_EQ(limiter.stats().evictions, evictions + 1) << "table 0's file was closed";
  EXPECT_EQ(counting_.open_now(), 1);

  BlockIterator it(block->get());
  int i = 0;
  for (it.SeekToFirst(); it.Valid(); it.Next(), ++i) {
    ASSERT_EQ(it.key(), Key(i * kTables));
    ASSERT_EQ(it.value(), ValueOf(0, i));
  }
  EXPECT_OK(it.status());
  EXPECT_GT(i, 1);
}

// Many threads read the ten tables through three slots. The bound then allows two extra
// files per thread that is inside a Read (open_file_limiter.h). Run it under tsan too.
TEST_F(OpenFileLimit, ManyThreadsReadThroughFewFiles) {
  constexpr int kThreads = 4;
  constexpr size_t kMaxOpen = 3;
  OpenFileLimiter limiter(&counting_, kMaxOpen);
  ASSERT_OK_AND_ASSIGN(std::vector<std::shared_ptr<Table>> tables, OpenTables(limiter));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      if (!ReadEverything(tables)) ++failures;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(counting_.open_max(), static_cast<int>(kMaxOpen) + 2 * kThreads);
  EXPECT_LE(limiter.stats().open, kMaxOpen);
}

}  // namespace
}  // namespace stepdb
