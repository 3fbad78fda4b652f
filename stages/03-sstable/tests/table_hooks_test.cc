// The two hooks stage 04 fills: a FilterPolicy consulted before any block is read, and a
// BlockCache that every data block read goes through. Here they are filled with test doubles
// that count what the table asks of them.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "block.h"
#include "common/coding.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::Key;

// An exact filter: the filter is every key, length-prefixed. It has no false positives,
// which makes "the filter was consulted first" observable.
class KeySetFilterPolicy : public FilterPolicy {
 public:
  explicit KeySetFilterPolicy(std::string name = "test.keyset") : name_(std::move(name)) {}

  std::string_view Name() const override { return name_; }

  std::unique_ptr<FilterBuilder> NewBuilder() const override {
    class Builder : public FilterBuilder {
     public:
      void AddKey(std::string_view key) override { PutLengthPrefixed(&filter_, key); }
      std::string Finish() override { return std::move(filter_); }

     private:
      std::string filter_;
    };
    return std::make_unique<Builder>();
  }

  bool KeyMayMatch(std::string_view key, std::string_view filter) const override {
    ++probes;
    std::string_view stored;
    while (GetLengthPrefixed(&filter, &stored)) {
      if (stored == key) return true;
    }
    return false;
  }

  mutable std::atomic<int> probes{0};

 private:
  std::string name_;
};

// A cache that keeps every block and counts what it is asked.
class CountingBlockCache : public BlockCache {
 public:
  std::shared_ptr<const Block> Lookup(const BlockCacheKey& key) override {
    std::lock_guard lock(mu_);
    ++lookups;
    auto it = blocks_.find({key.table_id, key.block_offset});
    if (it == blocks_.end()) return nullptr;
    ++hits;
    return it->second;
  }
  void Insert(const BlockCacheKey& key, std::shared_ptr<const Block> block,
              size_t charge) override {
    std::lock_guard lock(mu_);
    ++inserts;
    charged += charge;
    blocks_[{key.table_id, key.block_offset}] = std::move(block);
  }
  void EraseTable(uint64_t table_id) override {
    std::lock_guard lock(mu_);
    std::erase_if(blocks_, [table_id](const auto& entry) { return entry.first.first == table_id; });
  }
  size_t blocks() {
    std::lock_guard lock(mu_);
    return blocks_.size();
  }

  int lookups = 0;
  int hits = 0;
  int inserts = 0;
  size_t charged = 0;

 private:
  std::mutex mu_;
  std::map<std::pair<uint64_t, uint64_t>, std::shared_ptr<const Block>> blocks_;
};

EntryMap SomeEntries() {
  EntryMap map;
  for (int i = 0; i < 400; i += 2) {
    map[Key(i)] = {i % 10 == 4 ? EntryKind::kDeletion : EntryKind::kValue,
                   i % 10 == 4 ? "" : std::string(50, 'v')};
  }
  return map;
}

class TableHooks : public ::testing::Test {
 protected:
  // Tests take the table with ASSERT_OK_AND_ASSIGN, so a failure stops the test.
  Result<std::shared_ptr<Table>> BuildAndOpen(const TableOptions& write, const TableOptions& read) {
    STEPDB_RETURN_IF_ERROR(testing::WriteTable(path_, SomeEntries(), write));
    return testing::OpenTable(path_, read);
  }

  testkit::TempDir dir_;
  const std::string path_ = dir_.Join("000007.sst");
};

TEST_F(TableHooks, DefaultsAreNoFilterAndNoCache) {
  TableOptions options;
  EXPECT_EQ(options.filter_policy, nullptr);
  EXPECT_EQ(options.block_cache, NoBlockCache());
  EXPECT_EQ(NoBlockCache()->Lookup({1, 0}), nullptr);
}

TEST_F(TableHooks, FilterBlockIsNamedInTheMetaIndex) {
  TableOptions options;
  options.filter_policy = std::make_shared<KeySetFilterPolicy>();
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, BuildAndOpen(options, options));
  EXPECT_TRUE(table->has_filter());
  // The meta-index is a block like any other: "filter.test.keyset" -> handle.
  Result<BlockContents> contents = ReadBlock(
      *DefaultFileSystem()->NewRandomAccessFile(path_).value(), path_, table->footer().meta_index);
  ASSERT_OK(contents);
  Result<std::shared_ptr<const Block>> meta = Block::Parse(std::move(contents).value());
  ASSERT_OK(meta);
  BlockIterator it(meta->get());
  it.SeekToFirst();
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "filter.test.keyset");
  it.Next();
  EXPECT_FALSE(it.Valid());
}

TEST_F(TableHooks, GetAsksTheFilterBeforeReadingAnyBlock) {
  auto policy = std::make_shared<KeySetFilterPolicy>();
  auto cache = std::make_shared<CountingBlockCache>();
  TableOptions options;
  options.filter_policy = policy;
  options.block_cache = cache;
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, BuildAndOpen(options, options));

  std::string value;
  Result<LookupState> absent = table->Get(Key(101), &value);  // odd: never written
  ASSERT_OK(absent);
  EXPECT_EQ(*absent, LookupState::kAbsent);
  EXPECT_EQ(policy->probes, 1);
  EXPECT_EQ(cache->lookups, 0) << "a filtered-out key must not touch a data block";

  Result<LookupState> found = table->Get(Key(100), &value);
  ASSERT_OK(found);
  EXPECT_EQ(*found, LookupState::kFound);
  EXPECT_EQ(cache->lookups, 1);
}

TEST_F(TableHooks, FilterHoldsTombstones) {
  TableOptions options;
  options.filter_policy = std::make_shared<KeySetFilterPolicy>();
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, BuildAndOpen(options, options));
  std::string value;
  Result<LookupState> state = table->Get(Key(4), &value);
  ASSERT_OK(state);
  EXPECT_EQ(*state, LookupState::kDeleted) << "a filter without tombstones would resurrect keys";
}

TEST_F(TableHooks, TableWithoutAMatchingFilterIsReadWithoutOne) {
  TableOptions plain;
  TableOptions with_filter;
  auto policy = std::make_shared<KeySetFilterPolicy>();
  with_filter.filter_policy = policy;
  // Written without a filter:
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, BuildAndOpen(plain, with_filter));
  EXPECT_FALSE(table->has_filter());

  TableOptions other_name;
  other_name.filter_policy = std::make_shared<KeySetFilterPolicy>("test.other");
  // Written with another policy:
  ASSERT_OK_AND_ASSIGN(table, BuildAndOpen(with_filter, other_name));
  EXPECT_FALSE(table->has_filter());

  std::string value;
  Result<LookupState> state = table->Get(Key(100), &value);
  ASSERT_OK(state);
  EXPECT_EQ(*state, LookupState::kFound);
  EXPECT_EQ(policy->probes, 0);
}

TEST_F(TableHooks, DamagedFilterBlockFailsOpen) {
  TableOptions options;
  options.filter_policy = std::make_shared<KeySetFilterPolicy>();
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, BuildAndOpen(options, options));
  // The filter block is the one right before the meta-index; damage its last content byte.
  const uint64_t meta_offset = table->footer().meta_index.offset;
  testing::DamageByte(path_, meta_offset - kBlockTrailerSize - 1);
  Status status = testing::OpenTable(path_, options).status();
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("checksum mismatch"), std::string::npos) << status.ToString();
}

TEST_F(TableHooks, EveryDataBlockReadGoesThroughTheCache) {
  auto cache = std::make_shared<CountingBlockCache>();
  TableOptions options;
  options.block_size = 1024;
  options.block_cache = cache;
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, BuildAndOpen(options, options));
  EXPECT_EQ(cache->lookups, 0) << "Open reads the index and meta-index, not data blocks";

  std::string value;
  ASSERT_OK(table->Get(Key(200), &value));
  EXPECT_EQ(cache->lookups, 1);
  EXPECT_EQ(cache->inserts, 1);
  ASSERT_OK(table->Get(Key(202), &value));  // same block: a hit
  EXPECT_EQ(cache->lookups, 2);
  EXPECT_EQ(cache->hits, 1);

  std::unique_ptr<Iterator> it = table->NewIterator();
  size_t entries = testing::ReadAll(*it).size();
  EXPECT_EQ(entries, 200u);
  const int blocks = cache->inserts;  // every block was read once: 1 + (blocks - 1) inserts
  EXPECT_GT(blocks, 5);
  EXPECT_EQ(cache->lookups, 2 + blocks);
  EXPECT_GT(cache->charged, 5u * 1024);
}

TEST_F(TableHooks, ScansCanLeaveTheCacheAlone) {
  auto cache = std::make_shared<CountingBlockCache>();
  TableOptions options;
  options.block_size = 1024;
  options.block_cache = cache;
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> table, BuildAndOpen(options, options));
  std::unique_ptr<Iterator> it = table->NewIterator(TableReadOptions{.fill_cache = false});
  EXPECT_EQ(testing::ReadAll(*it).size(), 200u);
  EXPECT_GT(cache->lookups, 5);
  EXPECT_EQ(cache->inserts, 0);
}

// A table file whose reads fail once the test cuts it off, so that whatever the table reads
// afterwards can only come from its cache. (Damaging the bytes of the file instead would not
// do: a cached block may view them in place, in the file's mapping, and a table file must not
// change while it is open.)
class CutOffFile final : public RandomAccessFile {
 public:
  CutOffFile(std::unique_ptr<RandomAccessFile> file, const std::atomic<bool>* cut_off)
      : file_(std::move(file)), cut_off_(cut_off) {}
  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    if (*cut_off_) return Status::IOError("the file was cut off by the test");
    return file_->Read(offset, n, result, scratch);
  }

 private:
  std::unique_ptr<RandomAccessFile> file_;
  const std::atomic<bool>* cut_off_;
};

TEST_F(TableHooks, CachedBlocksAreServedWithoutTheFile) {
  auto cache = std::make_shared<CountingBlockCache>();
  TableOptions options;
  options.block_cache = cache;
  ASSERT_OK(testing::WriteTable(path_, SomeEntries(), options));
  std::atomic<bool> cut_off{false};
  auto file = DefaultFileSystem()->NewRandomAccessFile(path_);
  ASSERT_OK(file);
  Result<std::shared_ptr<Table>> table =
      Table::Open(std::make_unique<CutOffFile>(std::move(file).value(), &cut_off),
                  *DefaultFileSystem()->GetFileSize(path_), path_, options);
  ASSERT_OK(table);
  std::string value;
  ASSERT_OK((*table)->Get(Key(0), &value));
  cut_off = true;  // the first data block is now only in the cache
  Result<LookupState> state = (*table)->Get(Key(2), &value);
  ASSERT_OK(state);
  EXPECT_EQ(*state, LookupState::kFound);
  EXPECT_FALSE((*table)->Get(Key(398), &value).ok()) << "the last block was never cached";
}

TEST_F(TableHooks, TablesSharingACacheNeverSeeEachOthersBlocks) {
  auto cache = std::make_shared<CountingBlockCache>();
  TableOptions options;
  options.block_cache = cache;
  const std::string other_path = dir_.Join("000008.sst");
  ASSERT_OK(testing::WriteTable(path_, {{"k", {EntryKind::kValue, "first"}}}));
  ASSERT_OK(testing::WriteTable(other_path, {{"k", {EntryKind::kValue, "other"}}}));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> first, testing::OpenTable(path_, options));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> other, testing::OpenTable(other_path, options));
  std::string value;
  ASSERT_OK(first->Get("k", &value));
  EXPECT_EQ(value, "first");
  ASSERT_OK(other->Get("k", &value));  // same block offset 0, other table id
  EXPECT_EQ(value, "other");
}

// A table destroyed (closed, or removed after a compaction) takes its blocks out of the
// cache: nobody can look them up again, and a block may keep its file's bytes alive.
TEST_F(TableHooks, ADestroyedTableTakesItsBlocksOutOfTheCache) {
  auto cache = std::make_shared<CountingBlockCache>();
  TableOptions options;
  options.block_cache = cache;
  const std::string other_path = dir_.Join("000008.sst");
  ASSERT_OK(testing::WriteTable(path_, SomeEntries()));
  ASSERT_OK(testing::WriteTable(other_path, SomeEntries()));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> gone, testing::OpenTable(path_, options));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<Table> kept, testing::OpenTable(other_path, options));
  std::string value;
  for (int i = 0; i < 400; i += 50) {
    ASSERT_OK(gone->Get(Key(i), &value));
    ASSERT_OK(kept->Get(Key(i), &value));
  }
  const size_t both = cache->blocks();
  ASSERT_GT(both, 2u);

  gone.reset();
  EXPECT_EQ(cache->blocks(), both / 2) << "the destroyed table's blocks, and only those, go";
  const int hits = cache->hits;
  ASSERT_OK(kept->Get(Key(0), &value));
  EXPECT_EQ(cache->hits, hits + 1) << "the other table's blocks are still cached";
}

}  // namespace
}  // namespace stepdb
