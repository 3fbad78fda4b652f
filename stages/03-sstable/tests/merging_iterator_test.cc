// MergingIterator against a model: for random sources (fixed seeds), the merge must equal a
// std::map built by applying the sources oldest to newest.
#include "merging_iterator.h"

#include <gtest/gtest.h>

#include <random>

#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "level_iterator.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::Drain;
using testing::Entry;
using testing::Key;
using testing::ReadAll;

// Sources newest first -> what the merge must yield.
EntryMap Model(const std::vector<EntryMap>& sources) {
  EntryMap merged;
  for (auto it = sources.rbegin(); it != sources.rend(); ++it) {
    for (const auto& [key, entry] : *it) merged.insert_or_assign(key, entry);
  }
  return merged;
}

// Each child owns a copy of its source, so the merge outlives the caller's vector.
std::unique_ptr<Iterator> Merge(const std::vector<EntryMap>& sources) {
  std::vector<std::unique_ptr<Iterator>> children;
  for (const EntryMap& source : sources) {
    children.push_back(
        std::make_unique<EntryMapIterator>(std::make_shared<const EntryMap>(source)));
  }
  return std::make_unique<MergingIterator>(std::move(children));
}

// Random sources over a small key space, so that keys collide across sources often.
std::vector<EntryMap> RandomSources(std::mt19937& rng) {
  std::uniform_int_distribution<int> count(0, 5), key(0, 59), coin(0, 3);
  std::vector<EntryMap> sources(static_cast<size_t>(count(rng)));
  for (size_t s = 0; s < sources.size(); ++s) {
    std::uniform_int_distribution<int> size(0, 40);
    for (int n = size(rng); n > 0; --n) {
      const std::string k = Key(key(rng));
      if (coin(rng) == 0) {
        sources[s][k] = {EntryKind::kDeletion, ""};
      } else {
        sources[s][k] = {EntryKind::kValue, "source" + std::to_string(s) + ":" + k};
      }
    }
  }
  return sources;
}

// Fails with a Corruption after yielding `good` entries.
class FailingIterator final : public Iterator {
 public:
  FailingIterator(const EntryMap& map, int good) : inner_(map), good_(good) {}
  bool Valid() const override { return status_.ok() && inner_.Valid(); }
  void SeekToFirst() override {
    inner_.SeekToFirst();
    Step();
  }
  void Seek(std::string_view target) override {
    inner_.Seek(target);
    Step();
  }
  void Next() override {
    inner_.Next();
    Step();
  }
  std::string_view key() const override { return inner_.key(); }
  std::string_view value() const override { return inner_.value(); }
  EntryKind kind() const override { return inner_.kind(); }
  Status status() const override { return status_; }

 private:
  void Step() {
    if (served_++ >= good_) status_ = Status::Corruption("table 000009.sst: block at offset 0");
  }
  EntryMapIterator inner_;
  int good_;
  int served_ = 0;
  Status status_;
};

TEST(MergingIterator, NewestChildWinsAndEachKeyAppearsOnce) {
  const std::vector<EntryMap> sources = {
      {{"b", {EntryKind::kValue, "2"}}, {"d", {EntryKind::kDeletion, ""}}},
      {{"a", {EntryKind::kValue, "1"}},
       {"b", {EntryKind::kValue, "1"}},
       {"e", {EntryKind::kValue, "1"}}},
  };
  std::unique_ptr<Iterator> merged = Merge(sources);
  std::vector<Entry> expected = {{"a", EntryKind::kValue, "1"},
                                 {"b", EntryKind::kValue, "2"},
                                 {"d", EntryKind::kDeletion, ""},
                                 {"e", EntryKind::kValue, "1"}};
  EXPECT_EQ(ReadAll(*merged), expected);
}

TEST(MergingIterator, NewerTombstoneShadowsOlderValue) {
  const std::vector<EntryMap> sources = {{{"k", {EntryKind::kDeletion, ""}}},
                                         {{"k", {EntryKind::kValue, "old"}}}};
  std::unique_ptr<Iterator> merged = Merge(sources);
  merged->Seek("k");
  ASSERT_TRUE(merged->Valid());
  EXPECT_EQ(merged->kind(), EntryKind::kDeletion);
  merged->Next();
  EXPECT_FALSE(merged->Valid()) << "the older value must not appear after the tombstone";
}

TEST(MergingIterator, NoChildrenOrOnlyEmptyChildren) {
  std::unique_ptr<Iterator> none = Merge({});
  none->SeekToFirst();
  EXPECT_FALSE(none->Valid());
  EXPECT_OK(none->status());
  std::unique_ptr<Iterator> empty = Merge({EntryMap{}, EntryMap{}});
  empty->Seek("a");
  EXPECT_FALSE(empty->Valid());
  EXPECT_OK(empty->status());
}

TEST(MergingIterator, RandomSourcesAgreeWithTheModel) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const std::vector<EntryMap> sources = RandomSources(rng);
    const EntryMap model = Model(sources);
    std::unique_ptr<Iterator> merged = Merge(sources);
    ASSERT_EQ(ReadAll(*merged), testing::ToEntries(model));

    // Seek anywhere (keys and gaps), then walk a few steps.
    std::uniform_int_distribution<int> target_key(-1, 61), steps(0, 6);
    for (int round = 0; round < 30; ++round) {
      const int t = target_key(rng);
      const std::string target = t < 0 ? "" : Key(t) + (round % 2 ? "" : "+");
      merged->Seek(target);
      auto expected = model.lower_bound(target);
      for (int step = steps(rng); step >= 0; --step, ++expected) {
        if (expected == model.end()) {
          ASSERT_FALSE(merged->Valid()) << "Seek(" << target << ")";
          break;
        }
        ASSERT_TRUE(merged->Valid()) << "Seek(" << target << ")";
        ASSERT_EQ(merged->key(), expected->first) << "Seek(" << target << ")";
        ASSERT_EQ(merged->kind(), expected->second.kind);
        ASSERT_EQ(merged->value(), expected->second.value);
        merged->Next();
      }
    }
  }
}

TEST(MergingIterator, MergesTablesAndMapsAlike) {
  testkit::TempDir dir;
  std::mt19937 rng(99);
  std::vector<EntryMap> sources;
  while (sources.size() < 4) {
    std::vector<EntryMap> more = RandomSources(rng);
    for (EntryMap& source : more) sources.push_back(std::move(source));
  }
  sources.resize(4);
  // The newest source stays a map (a memtable); the others become tables.
  std::vector<std::unique_ptr<Iterator>> children;
  children.push_back(std::make_unique<EntryMapIterator>(sources[0]));
  TableOptions options;
  options.block_size = 128;
  for (size_t i = 1; i < sources.size(); ++i) {
    const std::string path = dir.Join(std::to_string(i) + ".sst");
    ASSERT_OK(testing::WriteTable(path, sources[i], options));
    Result<std::shared_ptr<Table>> table = testing::OpenTable(path);
    ASSERT_OK(table);
    children.push_back((*table)->NewIterator());
  }
  MergingIterator merged(std::move(children));
  EXPECT_EQ(ReadAll(merged), testing::ToEntries(Model(sources)));
}

// A sorted level (stage 05) reaches the merge as one LevelIterator over its tables.
TEST(MergingIterator, ALevelIteratorWalksDisjointTablesInTurn) {
  testkit::TempDir dir;
  EntryMap all;
  std::vector<LevelTable> tables;
  for (int t = 0; t < 4; ++t) {
    EntryMap part;
    for (int i = t * 10; i < t * 10 + 10; i += (t == 2 ? 5 : 1)) {
      part.emplace(testing::Key(i),
                   EntryValue{i % 7 == 0 ? EntryKind::kDeletion : EntryKind::kValue,
                              i % 7 == 0 ? "" : std::to_string(i)});
    }
    all.insert(part.begin(), part.end());
    const std::string path = dir.Join(std::to_string(t) + ".sst");
    ASSERT_OK(testing::WriteTable(path, part, {}));
    Result<std::shared_ptr<Table>> table = testing::OpenTable(path);
    ASSERT_OK(table);
    tables.push_back({part.rbegin()->first, *table});
  }
  LevelIterator level(tables, TableReadOptions{});
  EXPECT_EQ(ReadAll(level), testing::ToEntries(all));
  // A seek into the gap of table 2 (keys 20 and 25) lands on the next key there, one past the
  // end of a table on the first key of the next, one past everything nowhere.
  level.Seek(testing::Key(21));
  ASSERT_TRUE(level.Valid());
  EXPECT_EQ(level.key(), testing::Key(25));
  level.Seek(testing::Key(26));
  ASSERT_TRUE(level.Valid());
  EXPECT_EQ(level.key(), testing::Key(30));
  level.Seek(testing::Key(99));
  EXPECT_FALSE(level.Valid());
  EXPECT_OK(level.status());
  LevelIterator empty({}, TableReadOptions{});
  empty.SeekToFirst();
  EXPECT_FALSE(empty.Valid());
}

TEST(MergingIterator, AChildErrorStopsTheMerge) {
  EntryMap newer, older;
  for (int i = 0; i < 20; ++i) {
    newer[Key(2 * i)] = {EntryKind::kValue, "n"};
    older[Key(2 * i + 1)] = {EntryKind::kValue, "o"};
  }
  std::vector<std::unique_ptr<Iterator>> children;
  children.push_back(std::make_unique<EntryMapIterator>(newer));
  children.push_back(std::make_unique<FailingIterator>(older, 5));
  MergingIterator merged(std::move(children));
  int seen = 0;
  for (merged.SeekToFirst(); merged.Valid() && seen < 100; merged.Next()) ++seen;
  EXPECT_FALSE(merged.Valid());
  EXPECT_TRUE(merged.status().IsCorruption()) << merged.status().ToString();
  EXPECT_LT(seen, 40) << "the merge must not go on without the failed child";
}

TEST(MergingIterator, ErrorChildFailsAtOnce) {
  std::vector<std::unique_ptr<Iterator>> children;
  EntryMap map = {{"a", {EntryKind::kValue, "1"}}};
  children.push_back(std::make_unique<EntryMapIterator>(map));
  children.push_back(NewErrorIterator(Status::IOError("read 000003.sst: EIO")));
  MergingIterator merged(std::move(children));
  merged.SeekToFirst();
  EXPECT_FALSE(merged.Valid());
  EXPECT_TRUE(merged.status().IsIOError());
}

TEST(MergingIterator, CanStartOverAfterTheEnd) {
  const std::vector<EntryMap> sources = {{{"a", {EntryKind::kValue, "1"}}},
                                         {{"b", {EntryKind::kValue, "2"}}}};
  std::unique_ptr<Iterator> merged = Merge(sources);
  EXPECT_EQ(ReadAll(*merged).size(), 2u);
  EXPECT_EQ(ReadAll(*merged).size(), 2u);
  merged->Seek("b");
  EXPECT_EQ(Drain(*merged), (std::vector<Entry>{{"b", EntryKind::kValue, "2"}}));
}

}  // namespace
}  // namespace stepdb
