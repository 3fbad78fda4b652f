// TableBuilder writes tables that Table reads back: point lookups, full scans, seeks, and
// every kind of damage reported as a Corruption that names the file and the block.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "table_builder.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::Entry;
using testing::Key;
using testing::ReadAll;

// Keys 0, 2, 4, ... (odd ones are absent), every fifth a tombstone, 100-byte values.
EntryMap NumberedMap(int n, size_t value_size = 100) {
  EntryMap map;
  for (int i = 0; i < n; ++i) {
    if (i % 5 == 4) {
      map[Key(2 * i)] = {EntryKind::kDeletion, ""};
    } else {
      map[Key(2 * i)] = {EntryKind::kValue,
                         std::string(value_size, static_cast<char>('a' + i % 26))};
    }
  }
  return map;
}

// The handles of the table's data blocks, from its index.
std::vector<BlockHandle> DataBlocks(const Table& table) {
  std::vector<BlockHandle> handles;
  BlockIterator it(&table.index_block());
  for (it.SeekToFirst(); it.Valid(); it.Next()) {
    std::string_view encoded = it.value();
    BlockHandle handle;
    EXPECT_TRUE(handle.DecodeFrom(&encoded));
    handles.push_back(handle);
  }
  return handles;
}

class TableReadWrite : public ::testing::Test {
 protected:
  // Writes map as the table at path_ and opens it; tests take the table with
  // ASSERT_OK_AND_ASSIGN, so a failure stops the test.
  Result<std::shared_ptr<Table>> Build(const EntryMap& map, const TableOptions& options = {}) {
    STEPDB_RETURN_IF_ERROR(testing::WriteTable(path_, map, options));
    return testing::OpenTable(path_, options);
  }

  testkit::TempDir dir_;
  const std::string path_ = dir_.Join("000001.sst");
};

TEST_F(TableReadWrite, GetTellsValuesTombstonesAndAbsentKeysApart) {
  const EntryMap map = NumberedMap(500);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map));
  ASSERT_GT(DataBlocks(*table).size(), 5u);
  std::string value;
  for (int i = -1; i < 1002; ++i) {
    const std::string key = i < 0 ? "" : Key(i);
    Result<LookupState> state = table->Get(key, &value);
    ASSERT_OK(state) << key;
    auto expected = map.find(key);
    if (expected == map.end()) {
      EXPECT_EQ(*state, LookupState::kAbsent) << key;
    } else if (expected->second.kind == EntryKind::kDeletion) {
      EXPECT_EQ(*state, LookupState::kDeleted) << key;
    } else {
      ASSERT_EQ(*state, LookupState::kFound) << key;
      EXPECT_EQ(value, expected->second.value) << key;
    }
  }
}

TEST_F(TableReadWrite, IteratorYieldsEveryEntryAcrossBlocks) {
  const EntryMap map = NumberedMap(2000, 10);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map));
  std::unique_ptr<Iterator> it = table->NewIterator();
  EXPECT_EQ(ReadAll(*it), testing::ToEntries(map));
}

TEST_F(TableReadWrite, SeekAgreesWithStdMap) {
  const EntryMap map = NumberedMap(800, 20);
  TableOptions options;
  options.block_size = 512;  // many small blocks: seeks cross block boundaries
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map, options));
  std::unique_ptr<Iterator> it = table->NewIterator();
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(-5, 1610);
  for (int round = 0; round < 300; ++round) {
    const int n = pick(rng);
    const std::string target = n < 0 ? "" : Key(n);
    it->Seek(target);
    auto expected = map.lower_bound(target);
    // Compare a few steps from there, to cross into the next block.
    for (int step = 0; step < 3; ++step, ++expected) {
      if (expected == map.end()) {
        EXPECT_FALSE(it->Valid()) << "Seek(" << target << ") + " << step;
        break;
      }
      ASSERT_TRUE(it->Valid()) << "Seek(" << target << ") + " << step << ": "
                               << it->status().ToString();
      EXPECT_EQ(it->key(), expected->first);
      EXPECT_EQ(it->kind(), expected->second.kind);
      EXPECT_EQ(it->value(), expected->second.value);
      it->Next();
    }
  }
}

TEST_F(TableReadWrite, EmptyTableHasNoEntries) {
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build({}));
  std::string value;
  Result<LookupState> state = table->Get("anything", &value);
  ASSERT_OK(state);
  EXPECT_EQ(*state, LookupState::kAbsent);
  std::unique_ptr<Iterator> it = table->NewIterator();
  EXPECT_TRUE(ReadAll(*it).empty());
}

TEST_F(TableReadWrite, ValueLargerThanABlockGetsABlockOfItsOwn) {
  EntryMap map = {{"a", {EntryKind::kValue, "small"}},
                  {"b", {EntryKind::kValue, std::string(100'000, 'b')}},
                  {"c", {EntryKind::kValue, "small"}}};
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map));
  std::string value;
  Result<LookupState> state = table->Get("b", &value);
  ASSERT_OK(state);
  EXPECT_EQ(*state, LookupState::kFound);
  EXPECT_EQ(value, map["b"].value);
  std::unique_ptr<Iterator> it = table->NewIterator();
  EXPECT_EQ(ReadAll(*it), testing::ToEntries(map));
}

TEST_F(TableReadWrite, DataBlocksAreCutAtBlockSize) {
  const EntryMap map = NumberedMap(1000);  // entries of about 115 bytes
  TableOptions options;
  options.block_size = 4096;
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map, options));
  std::vector<BlockHandle> blocks = DataBlocks(*table);
  ASSERT_GT(blocks.size(), 20u);
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {  // the last block holds what was left
    EXPECT_GE(blocks[i].size, 4096u) << "block " << i;
    EXPECT_LT(blocks[i].size, 4096u + 200) << "block " << i;  // at most one entry more
  }
}

TEST_F(TableReadWrite, BinaryKeysAndValuesRoundTrip) {
  EntryMap map;
  map[std::string("\0", 1)] = {EntryKind::kValue, std::string("\0\r\n", 3)};
  map[std::string("\0\xff", 2)] = {EntryKind::kDeletion, ""};
  map["\x7f\x80"] = {EntryKind::kValue, ""};
  map["\xff\xff\xff"] = {EntryKind::kValue, "last"};
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map));
  std::unique_ptr<Iterator> it = table->NewIterator();
  EXPECT_EQ(ReadAll(*it), testing::ToEntries(map));
  std::string value;
  Result<LookupState> state = table->Get("\x7f\x80", &value);
  ASSERT_OK(state);
  EXPECT_EQ(*state, LookupState::kFound);
  EXPECT_EQ(value, "");
}

TEST_F(TableReadWrite, BuilderReportsWhatTheManifestNeeds) {
  Result<std::unique_ptr<WritableFile>> file = DefaultFileSystem()->NewWritableFile(path_);
  ASSERT_OK(file);
  TableOptions options;
  options.block_size = 256;
  TableBuilder builder(options, file->get());
  const EntryMap map = NumberedMap(300, 30);
  for (const auto& [key, entry] : map) ASSERT_OK(builder.Add(key, entry.kind, entry.value));
  ASSERT_OK(builder.Finish());
  ASSERT_OK((*file)->Close());
  EXPECT_EQ(builder.num_entries(), 300u);
  EXPECT_EQ(builder.smallest_key(), map.begin()->first);
  EXPECT_EQ(builder.largest_key(), map.rbegin()->first);
  EXPECT_EQ(builder.file_size(), *DefaultFileSystem()->GetFileSize(path_));
}

TEST_F(TableReadWrite, BuilderRejectsKeysOutOfOrderEvenAcrossBlocks) {
  Result<std::unique_ptr<WritableFile>> file = DefaultFileSystem()->NewWritableFile(path_);
  ASSERT_OK(file);
  TableOptions options;
  options.block_size = 1;  // every entry ends its block
  TableBuilder builder(options, file->get());
  ASSERT_OK(builder.Add("m", EntryKind::kValue, "1"));
  EXPECT_TRUE(builder.Add("m", EntryKind::kValue, "2").IsInvalidArgument());
  // The builder is spent after an error.
  EXPECT_TRUE(builder.Add("z", EntryKind::kValue, "3").IsInvalidArgument());
  EXPECT_TRUE(builder.Finish().IsInvalidArgument());
}

TEST_F(TableReadWrite, IteratorKeepsTheTableAlive) {
  const EntryMap map = NumberedMap(50);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map));
  std::unique_ptr<Iterator> it = table->NewIterator();
  table.reset();  // the owner lets go, as after a compaction
  EXPECT_EQ(ReadAll(*it), testing::ToEntries(map));
}

// A block pins its bytes: it stays readable once its table is closed and its file removed.
TEST_F(TableReadWrite, BlockOutlivesItsTableAndFile) {
  const EntryMap map = NumberedMap(50);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, Build(map));
  Result<std::shared_ptr<const Block>> block = table->ReadDataBlock(DataBlocks(*table)[0], {});
  ASSERT_OK(block);
  table.reset();
  ASSERT_OK(DefaultFileSystem()->RemoveFile(path_));
  BlockIterator it(block->get());
  it.SeekToFirst();
  ASSERT_TRUE(it.Valid()) << it.status().ToString();
  EXPECT_EQ(it.key(), map.begin()->first);
  EXPECT_EQ(it.value(), map.begin()->second.value);
}

// --- corruption -----------------------------------------------------------------------------

class TableCorruption : public TableReadWrite {
 protected:
  void SetUp() override {
    map_ = NumberedMap(300);
    TableOptions options;
    options.block_size = 1024;
    ASSERT_OK(testing::WriteTable(path_, map_, options));
    Result<std::shared_ptr<Table>> table = testing::OpenTable(path_);
    ASSERT_OK(table);
    blocks_ = DataBlocks(**table);
    footer_ = (*table)->footer();
    ASSERT_GT(blocks_.size(), 5u);
    for (const BlockHandle& handle : blocks_) {
      Result<std::shared_ptr<const Block>> block = (*table)->ReadDataBlock(handle, {});
      ASSERT_OK(block);
      BlockIterator it(block->get());
      it.SeekToFirst();
      ASSERT_TRUE(it.Valid());
      first_keys_.emplace_back(it.key());
    }
  }

  static void ExpectNames(const Status& status, const std::string& path, uint64_t offset) {
    EXPECT_TRUE(status.IsCorruption()) << status.ToString();
    EXPECT_NE(status.message().find(path), std::string::npos) << status.ToString();
    EXPECT_NE(status.message().find("offset " + std::to_string(offset)), std::string::npos)
        << status.ToString();
  }

  EntryMap map_;
  std::vector<BlockHandle> blocks_;
  std::vector<std::string> first_keys_;  // of each data block
  Footer footer_;
};

TEST_F(TableCorruption, DamagedDataBlockFailsOnlyTheReadsThatNeedIt) {
  testing::DamageByte(path_, blocks_[2].offset + 10);
  Result<std::shared_ptr<Table>> table = testing::OpenTable(path_);
  ASSERT_OK(table) << "data blocks are read lazily";

  std::string value;
  Result<LookupState> damaged = (*table)->Get(first_keys_[2], &value);
  ExpectNames(damaged.status(), path_, blocks_[2].offset);
  EXPECT_NE(damaged.status().message().find("checksum mismatch"), std::string::npos);

  Result<LookupState> intact = (*table)->Get(first_keys_[0], &value);
  ASSERT_OK(intact);
  EXPECT_EQ(*intact, LookupState::kFound);

  std::unique_ptr<Iterator> it = (*table)->NewIterator();
  size_t seen = 0;
  for (it->SeekToFirst(); it->Valid() && seen < 10'000; it->Next()) ++seen;
  EXPECT_FALSE(it->Valid());
  ExpectNames(it->status(), path_, blocks_[2].offset);
  EXPECT_GT(seen, 0u);  // blocks 0 and 1 were read before the damage
}

// A table checks a block's checksum the first time it reads it. A lookup that reads the
// block again (nothing caches it here) trusts it; a read that asks for verify_checksums, as a
// compaction does, checks it again. The damage here stands for a disk going bad under an
// open table: the file is mapped, so the table sees the byte change.
TEST_F(TableCorruption, AChecksumIsCheckedOnceUnlessTheReaderAsksAgain) {
  Result<std::shared_ptr<Table>> table = testing::OpenTable(path_);
  ASSERT_OK(table);
  std::string value;
  Result<LookupState> first = (*table)->Get(first_keys_[3], &value);
  ASSERT_OK(first);
  ASSERT_EQ(*first, LookupState::kFound);

  // The stored checksum changes, the data does not: the block still reads right.
  testing::DamageByte(path_, blocks_[3].offset + blocks_[3].size + 1);
  Result<LookupState> again = (*table)->Get(first_keys_[3], &value);
  ASSERT_OK(again) << "a block checked once is trusted";
  EXPECT_EQ(*again, LookupState::kFound);
  EXPECT_EQ(value, map_.at(first_keys_[3]).value);

  Result<LookupState> verified =
      (*table)->Get(first_keys_[3], &value, TableReadOptions{.verify_checksums = true});
  ExpectNames(verified.status(), path_, blocks_[3].offset);
  EXPECT_NE(verified.status().message().find("checksum mismatch"), std::string::npos);

  // A block this table never read is checked on its first read.
  testing::DamageByte(path_, blocks_[4].offset + blocks_[4].size + 1);
  ExpectNames((*table)->Get(first_keys_[4], &value).status(), path_, blocks_[4].offset);
}

TEST_F(TableCorruption, DamagedTrailerIsAChecksumMismatch) {
  testing::DamageByte(path_, blocks_[1].offset + blocks_[1].size);  // the type byte
  Result<std::shared_ptr<Table>> table = testing::OpenTable(path_);
  ASSERT_OK(table);
  std::unique_ptr<Iterator> it = (*table)->NewIterator();
  it->Seek(first_keys_[1]);
  EXPECT_FALSE(it->Valid());
  ExpectNames(it->status(), path_, blocks_[1].offset);
  EXPECT_NE(it->status().message().find("checksum mismatch"), std::string::npos);
}

TEST_F(TableCorruption, DamagedIndexFailsOpen) {
  testing::DamageByte(path_, footer_.index.offset + 3);
  ExpectNames(testing::OpenTable(path_).status(), path_, footer_.index.offset);
}

TEST_F(TableCorruption, DamagedMetaIndexFailsOpen) {
  testing::DamageByte(path_, footer_.meta_index.offset);
  ExpectNames(testing::OpenTable(path_).status(), path_, footer_.meta_index.offset);
}

TEST_F(TableCorruption, WrongMagicFailsOpenNamingTheFooter) {
  const uint64_t size = *DefaultFileSystem()->GetFileSize(path_);
  testing::DamageByte(path_, size - 1);
  Status status = testing::OpenTable(path_).status();
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find(path_ + ": footer at offset " + std::to_string(size - 52)),
            std::string::npos)
      << status.ToString();
  EXPECT_NE(status.message().find("bad magic number"), std::string::npos) << status.ToString();
}

TEST_F(TableCorruption, UnknownVersionFailsOpen) {
  const uint64_t size = *DefaultFileSystem()->GetFileSize(path_);
  testing::DamageByte(path_, size - 12);  // version 1 -> 2
  Status status = testing::OpenTable(path_).status();
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("unsupported format version 2"), std::string::npos)
      << status.ToString();
}

TEST_F(TableCorruption, TruncatedFileFailsOpen) {
  std::string bytes = testing::ReadFileBytes(path_);
  testing::WriteFileBytes(path_, std::string_view(bytes).substr(0, 40));
  Status status = testing::OpenTable(path_).status();
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("shorter than the 52-byte footer"), std::string::npos)
      << status.ToString();

  // Cut in the middle: the last 52 bytes are no footer.
  testing::WriteFileBytes(path_, std::string_view(bytes).substr(0, bytes.size() / 2));
  EXPECT_TRUE(testing::OpenTable(path_).status().IsCorruption());
}

TEST_F(TableCorruption, HandlePastTheEndFailsOpen) {
  std::string bytes = testing::ReadFileBytes(path_);
  Footer footer = footer_;
  footer.index.size = bytes.size();  // would run into the footer
  std::string encoded;
  footer.EncodeTo(&encoded);
  bytes.replace(bytes.size() - encoded.size(), encoded.size(), encoded);
  testing::WriteFileBytes(path_, bytes);
  Status status = testing::OpenTable(path_).status();
  ExpectNames(status, path_, footer_.index.offset);
  EXPECT_NE(status.message().find("past the last block"), std::string::npos) << status.ToString();
}

TEST_F(TableCorruption, NotATableFileIsNamedSo) {
  testing::WriteFileBytes(path_, std::string(200, 'x'));
  Status status = testing::OpenTable(path_).status();
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("not a table file"), std::string::npos) << status.ToString();
}

}  // namespace
}  // namespace stepdb
