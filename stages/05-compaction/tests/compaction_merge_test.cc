// RunCompaction over tables placed by hand in the levels of an LsmEngine (stage 03's engine
// on the in-memory file system): what the merge keeps, drops and writes.
#include "compaction_merge.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "file_names.h"
#include "mem_file_system.h"

namespace stepdb {
namespace {

// A key range filter: drops the values of keys that start with `prefix`.
class PrefixFilter final : public CompactionFilter {
 public:
  explicit PrefixFilter(std::string prefix) : prefix_(std::move(prefix)) {}
  bool ShouldDrop(size_t, std::string_view key, std::string_view) const override {
    return key.starts_with(prefix_);
  }

 private:
  std::string prefix_;
};

struct Entry {
  std::string key;
  EntryKind kind;
  std::string value;
  bool operator==(const Entry&) const = default;
};

class CompactionMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.fsync = FsyncPolicy::kNo;
    options_.table.block_size = 256;
    ASSERT_OK_AND_ASSIGN(engine_, LsmEngine::Open(&fs_, "/db", options_));
  }

  // Writes `batch` into a new table and moves that table to `level`; returns its meta.
  TableMeta TableAt(size_t level, const WriteBatch& batch) {
    EXPECT_OK(engine_->Write(batch));
    EXPECT_OK(engine_->Flush());
    TableMeta meta = engine_->manifest().levels[0].front();
    if (level > 0) {
      TreeEdit move;
      move.removed = {meta.number};
      move.added = {{level, meta}};
      EXPECT_OK(engine_->ApplyEdit(move));
    }
    return meta;
  }

  // Runs and applies the compaction.
  TreeEdit Compact(const Compaction& compaction, const CompactionFilter* filter = nullptr) {
    auto edit = RunCompaction(*engine_, compaction, compaction_options_, filter, &stats_);
    EXPECT_OK(edit);
    if (!edit.ok()) return {};
    EXPECT_OK(engine_->ApplyEdit(*edit));
    return *edit;
  }

  // Every entry of the tables of `level`, in order, tombstones included.
  std::vector<Entry> EntriesAt(size_t level) {
    std::vector<Entry> entries;
    for (const LiveTable& live : engine_->current_version()->levels[level]) {
      auto it = live.table->NewIterator();
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        entries.push_back({std::string(it->key()), it->kind(), std::string(it->value())});
      }
      EXPECT_OK(it->status());
    }
    return entries;
  }

  size_t TableFiles() {
    size_t count = 0;
    const auto children = fs_.GetChildren("/db");
    for (const std::string& name : *children) {
      uint64_t number = 0;
      if (ParseFileName(name, &number) == FileKind::kTable) ++count;
    }
    return count;
  }

  MemFileSystem fs_;
  LsmOptions options_;
  CompactionOptions compaction_options_;
  std::unique_ptr<LsmEngine> engine_;
  CompactionStats stats_;
};

WriteBatch Puts(std::initializer_list<std::pair<const char*, const char*>> entries) {
  WriteBatch batch;
  for (const auto& [key, value] : entries) batch.Put(key, value);
  return batch;
}

TEST_F(CompactionMergeTest, TheNewestVersionOfEachKeyIsKept) {
  const TableMeta older = TableAt(1, Puts({{"a", "1"}, {"c", "1"}}));
  const TableMeta newer = TableAt(0, Puts({{"a", "2"}, {"b", "2"}}));
  Compaction compaction;
  compaction.inputs = {newer};
  compaction.overlaps = {older};
  Compact(compaction);

  EXPECT_TRUE(engine_->current_version()->levels[0].empty());
  EXPECT_EQ(EntriesAt(1), (std::vector<Entry>{{"a", EntryKind::kValue, "2"},
                                              {"b", EntryKind::kValue, "2"},
                                              {"c", EntryKind::kValue, "1"}}));
  EXPECT_EQ(stats_.keys_merged, 3u);
  EXPECT_EQ(stats_.bytes_read, older.size + newer.size);
  EXPECT_GT(stats_.bytes_written, 0u);
  EXPECT_EQ(*engine_->Get("a"), "2");
}

TEST_F(CompactionMergeTest, ATombstoneGoesOnlyWhenNoDeeperTableCanHoldItsKey) {
  TableAt(2, Puts({{"b", "old"}}));  // level 2 holds b..b
  WriteBatch deletes;
  deletes.Put("a", "1");
  deletes.Delete("b");
  deletes.Delete("d");
  const TableMeta input = TableAt(0, deletes);
  Compaction compaction;
  compaction.inputs = {input};
  Compact(compaction);

  // b's tombstone must stay, or level 2's "old" would come back; d's has nothing to hide.
  EXPECT_EQ(EntriesAt(1),
            (std::vector<Entry>{{"a", EntryKind::kValue, "1"}, {"b", EntryKind::kDeletion, ""}}));
  EXPECT_EQ(stats_.tombstones_dropped, 1u);
  EXPECT_TRUE(engine_->Get("b").status().IsNotFound());
  EXPECT_TRUE(engine_->Get("d").status().IsNotFound());
}

TEST_F(CompactionMergeTest, TheFilterDropsValuesAndHidesOlderVersionsBelow) {
  TableAt(2, Puts({{"x1", "old"}}));
  const TableMeta input = TableAt(0, Puts({{"x1", "new"}, {"x2", "new"}, {"y", "1"}}));
  Compaction compaction;
  compaction.inputs = {input};
  PrefixFilter filter("x");
  Compact(compaction, &filter);

  // x1 becomes a tombstone (level 2 may hold x1), x2 disappears.
  EXPECT_EQ(EntriesAt(1),
            (std::vector<Entry>{{"x1", EntryKind::kDeletion, ""}, {"y", EntryKind::kValue, "1"}}));
  EXPECT_EQ(stats_.filtered, 2u);
  EXPECT_TRUE(engine_->Get("x1").status().IsNotFound()) << "the old version came back";
  EXPECT_TRUE(engine_->Get("x2").status().IsNotFound());
}

TEST_F(CompactionMergeTest, OutputIsCutIntoTablesOfAboutTheTargetSize) {
  WriteBatch batch;
  for (int i = 0; i < 300; ++i) {
    batch.Put("key" + std::to_string(1000 + i), std::string(40, 'v'));
  }
  const TableMeta input = TableAt(0, batch);
  compaction_options_.target_table_bytes = 2048;
  Compaction compaction;
  compaction.inputs = {input};
  const TreeEdit edit = Compact(compaction);

  ASSERT_GE(edit.added.size(), 5u);
  for (size_t i = 0; i < edit.added.size(); ++i) {
    const TableMeta& meta = edit.added[i].meta;
    if (i + 1 < edit.added.size()) {
      EXPECT_GE(meta.size, 2048u);
      EXPECT_LT(meta.largest, edit.added[i + 1].meta.smallest) << "tables overlap";
    }
  }
  EXPECT_EQ(EntriesAt(1).size(), 300u);
  EXPECT_EQ(TableFiles(), edit.added.size());  // the input's file went with its last reader
}

TEST_F(CompactionMergeTest, ATrivialMoveKeepsTheFile) {
  const TableMeta input = TableAt(1, Puts({{"a", "1"}}));
  Compaction compaction;
  compaction.level = 1;
  compaction.output_level = 2;
  compaction.inputs = {input};
  compaction.trivial_move = true;
  const TreeEdit edit = Compact(compaction);
  EXPECT_EQ(edit.bytes_written, 0u);
  ASSERT_GE(engine_->manifest().levels.size(), 3u);
  ASSERT_EQ(engine_->manifest().levels[2].size(), 1u);
  EXPECT_EQ(engine_->manifest().levels[2][0], input);
  EXPECT_TRUE(engine_->manifest().levels[1].empty());
  EXPECT_TRUE(fs_.FileExists(TableFileName("/db", input.number)));
  EXPECT_EQ(*engine_->Get("a"), "1");
}

TEST_F(CompactionMergeTest, AFailedCompactionLeavesTheTreeAndNoNewFiles) {
  WriteBatch batch;
  for (int i = 0; i < 100; ++i) batch.Put("key" + std::to_string(i), std::string(50, 'v'));
  const TableMeta input = TableAt(0, batch);
  Compaction compaction;
  compaction.inputs = {input};
  fs_.FailWritesAfter(1000);
  auto edit = RunCompaction(*engine_, compaction, compaction_options_, nullptr, &stats_);
  fs_.ClearFaults();
  EXPECT_TRUE(edit.status().IsIOError()) << edit.status().ToString();
  EXPECT_EQ(TableFiles(), 1u);
  EXPECT_EQ(engine_->manifest().levels[0], std::vector<TableMeta>{input});
  EXPECT_EQ(*engine_->Get("key7"), std::string(50, 'v'));
}

TEST_F(CompactionMergeTest, AnEditRemovingATableThatIsNotLiveChangesNothing) {
  const TableMeta input = TableAt(0, Puts({{"a", "1"}}));
  TreeEdit edit;
  edit.removed = {input.number + 100};
  const ManifestState before = engine_->manifest();
  EXPECT_TRUE(engine_->ApplyEdit(edit).IsInvalidArgument());
  EXPECT_EQ(engine_->manifest(), before);
}

// A table trusts a block whose checksum matched once (table.h), but a compaction checks every
// block it reads again, so that damage found since is never copied into a new table under a
// fresh checksum. The damage stands for a disk going bad under an open table: on the POSIX
// file system (not the fixture's in-memory one) the table is mapped, so it sees the byte
// change.
TEST_F(CompactionMergeTest, ACompactionChecksEveryBlockALookupHasTrusted) {
  testkit::TempDir dir;
  LsmOptions options;
  options.fsync = FsyncPolicy::kNo;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<LsmEngine> engine,
                       LsmEngine::Open(DefaultFileSystem(), dir.path(), options));
  ASSERT_OK(engine->Write(Puts({{"a", "1"}, {"b", "2"}})));
  ASSERT_OK(engine->Flush());
  const LiveTable live = engine->current_version()->levels[0].front();
  Result<std::string> value = engine->Get("a");  // reads the block: its checksum matches
  ASSERT_OK(value);

  // The stored checksum of the table's only data block changes; its entries do not.
  BlockIterator index(&live.table->index_block());
  index.SeekToFirst();
  ASSERT_TRUE(index.Valid());
  BlockHandle handle;
  std::string_view encoded = index.value();
  ASSERT_TRUE(handle.DecodeFrom(&encoded));
  const std::string path = TableFileName(dir.path(), live.meta.number);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(static_cast<std::streamoff>(handle.offset + handle.size + 1));
    const char byte = static_cast<char>(file.get());
    file.seekp(static_cast<std::streamoff>(handle.offset + handle.size + 1));
    file.put(static_cast<char>(byte + 1));
    ASSERT_TRUE(file.good());
  }
  value = engine->Get("b");
  ASSERT_OK(value) << "a lookup trusts the block";
  EXPECT_EQ(*value, "2");

  Compaction compaction;
  compaction.inputs = {live.meta};
  CompactionStats stats;
  Result<TreeEdit> edit = RunCompaction(*engine, compaction, CompactionOptions{}, nullptr, &stats);
  ASSERT_FALSE(edit.ok()) << "the compaction copied a block whose checksum does not match";
  EXPECT_TRUE(edit.status().IsCorruption()) << edit.status().ToString();
  EXPECT_NE(edit.status().message().find("checksum mismatch"), std::string::npos)
      << edit.status().ToString();
}

}  // namespace
}  // namespace stepdb
