// The memtable on its own: puts, overwrites and tombstones, key order, scans of a range, and
// its skip list and arena checked against a std::map under many random writes.
#include "memtable.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::Entry;
using testing::ReadAll;

WriteBatch Puts(std::initializer_list<std::pair<std::string_view, std::string_view>> entries) {
  WriteBatch batch;
  for (const auto& [key, value] : entries) batch.Put(key, value);
  return batch;
}

WriteBatch Deletes(std::initializer_list<std::string_view> keys) {
  WriteBatch batch;
  for (std::string_view key : keys) batch.Delete(key);
  return batch;
}

TEST(MemTable, GetAnswersFoundDeletedOrAbsent) {
  MemTable mem;
  EXPECT_TRUE(mem.empty());
  mem.Apply(Puts({{"apple", "red"}, {"cherry", "dark red"}}));
  mem.Apply(Deletes({"banana"}));

  std::string value;
  EXPECT_EQ(mem.Get("apple", &value), LookupState::kFound);
  EXPECT_EQ(value, "red");
  EXPECT_EQ(mem.Get("banana", &value), LookupState::kDeleted);
  EXPECT_EQ(mem.Get("avocado", &value), LookupState::kAbsent);   // between two keys
  EXPECT_EQ(mem.Get("zucchini", &value), LookupState::kAbsent);  // after the last
  EXPECT_EQ(mem.Get("", &value), LookupState::kAbsent);          // before the first
  EXPECT_EQ(mem.Get("cherry", &value), LookupState::kFound);
  EXPECT_EQ(value, "dark red");
  EXPECT_EQ(mem.size(), 3u);
}

TEST(MemTable, TheLastWriteOfAKeyWinsWhateverItsSize) {
  MemTable mem;
  const std::string long_value(5000, 'x');  // larger than an arena block
  mem.Apply(Puts({{"k", "short"}}));
  mem.Apply(Puts({{"k", long_value}}));  // does not fit the node: a new piece
  std::string value;
  ASSERT_EQ(mem.Get("k", &value), LookupState::kFound);
  EXPECT_EQ(value, long_value);

  mem.Apply(Puts({{"k", "tiny"}}));  // fits in place
  ASSERT_EQ(mem.Get("k", &value), LookupState::kFound);
  EXPECT_EQ(value, "tiny");

  mem.Apply(Deletes({"k"}));
  EXPECT_EQ(mem.Get("k", &value), LookupState::kDeleted);
  mem.Apply(Puts({{"k", ""}}));  // an empty value is a value, not a tombstone
  ASSERT_EQ(mem.Get("k", &value), LookupState::kFound);
  EXPECT_EQ(value, "");
  EXPECT_EQ(mem.size(), 1u);
}

TEST(MemTable, ABatchAppliesInOrder) {
  MemTable mem;
  WriteBatch batch;
  batch.Put("a", "1");
  batch.Delete("a");
  batch.Put("b", "1");
  batch.Put("b", "2");
  mem.Apply(batch);
  std::string value;
  EXPECT_EQ(mem.Get("a", &value), LookupState::kDeleted);
  ASSERT_EQ(mem.Get("b", &value), LookupState::kFound);
  EXPECT_EQ(value, "2");
}

// The skip list's filter answers "maybe" for every key put, tombstones included, through
// the doublings of its array, so Get still finds each one; and "no" for nearly every other
// key, which is what it is for. A bare skip list given the same puts shows the filter's own
// answers.
TEST(MemTable, GetFindsEveryKeyThroughTheFilterWhichRulesOutMostOthers) {
  MemTable mem;
  Arena arena;
  SkipList list(&arena);
  EXPECT_FALSE(list.MayContain("key0")) << "an empty list holds no key";
  constexpr int kKeys = 20000;
  std::vector<std::string> keys;
  auto deleted = [](int i) { return i % 10 == 0; };
  for (int i = 0; i < kKeys; ++i) {
    keys.push_back("key" + std::to_string(i));
    if (deleted(i)) {
      mem.Apply(Deletes({keys.back()}));
      list.Put(keys.back(), EntryKind::kDeletion, "");
    } else {
      mem.Apply(Puts({{keys.back(), "v"}}));
      list.Put(keys.back(), EntryKind::kValue, "v");
    }
    if (i % 1000 != 999) continue;
    for (int j = 0; j <= i; ++j) {
      std::string value;
      ASSERT_EQ(mem.Get(keys[j], &value), deleted(j) ? LookupState::kDeleted : LookupState::kFound)
          << keys[j] << " after " << keys.size() << " puts";
      ASSERT_TRUE(list.MayContain(keys[j])) << keys[j] << " after " << keys.size() << " puts";
    }
  }
  int maybes = 0;
  for (int i = 0; i < kKeys; ++i) {
    const std::string absent = "absent" + std::to_string(i);
    std::string value;
    ASSERT_EQ(mem.Get(absent, &value), LookupState::kAbsent) << absent;
    maybes += list.MayContain(absent);
  }
  EXPECT_LT(maybes, kKeys * 3 / 100) << maybes << " of " << kKeys << " absent keys got a maybe";
}

TEST(MemTable, IteratesInUnsignedByteOrderWithTombstones) {
  MemTable mem;
  for (std::string key : {std::string("\xff", 1), std::string("a\0", 2), std::string("ab"),
                          std::string("a"), std::string("\x01")}) {
    mem.Apply(Puts({{key, "v"}}));
  }
  mem.Apply(Deletes({"ab"}));
  std::unique_ptr<Iterator> it = mem.NewIterator();
  EXPECT_EQ(ReadAll(*it), (std::vector<Entry>{{"\x01", EntryKind::kValue, "v"},
                                              {"a", EntryKind::kValue, "v"},
                                              {std::string("a\0", 2), EntryKind::kValue, "v"},
                                              {"ab", EntryKind::kDeletion, ""},
                                              {"\xff", EntryKind::kValue, "v"}}));
  it->Seek("a");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "a");
  it->Seek("aa");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "ab");
  it->Seek("\xff\xff");
  EXPECT_FALSE(it->Valid());
}

TEST(MemTable, CopyRangeTakesStartUpToEndWithTombstones) {
  MemTable mem;
  mem.Apply(Puts({{"a", "1"}, {"b", "2"}, {"d", "4"}, {"e", "5"}}));
  mem.Apply(Deletes({"c"}));

  std::shared_ptr<const EntryMap> copy = mem.CopyRange("b", "e");
  EntryMap expected = {{"b", {EntryKind::kValue, "2"}},
                       {"c", {EntryKind::kDeletion, ""}},
                       {"d", {EntryKind::kValue, "4"}}};
  EXPECT_EQ(copy->size(), expected.size());
  for (const auto& [key, entry] : expected) {
    auto it = copy->find(key);
    ASSERT_NE(it, copy->end()) << key;
    EXPECT_EQ(it->second.kind, entry.kind) << key;
    EXPECT_EQ(it->second.value, entry.value) << key;
  }
  EXPECT_EQ(mem.CopyRange("", "")->size(), 5u);    // no bounds
  EXPECT_EQ(mem.CopyRange("bb", "")->size(), 3u);  // c, d, e
  EXPECT_TRUE(mem.CopyRange("e", "b")->empty());   // reversed
  EXPECT_TRUE(mem.CopyRange("b", "b")->empty());   // empty
  EXPECT_TRUE(mem.CopyRange("f", "")->empty());    // past the last key
}

TEST(MemTable, CopyRangeStopsAtTheLiveLimitCountingNoTombstones) {
  MemTable mem;
  mem.Apply(Puts({{"a", "1"}, {"d", "4"}, {"e", "5"}}));
  mem.Apply(Deletes({"b", "c"}));

  // a, then the tombstones b and c (which a scan skips), then d: the second live entry.
  std::shared_ptr<const EntryMap> copy = mem.CopyRange("", "", 2);
  std::vector<std::string> keys;
  for (const auto& [key, entry] : *copy) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(mem.CopyRange("b", "", 1)->size(), 3u);   // b, c, d
  EXPECT_EQ(mem.CopyRange("b", "d", 1)->size(), 2u);  // the end bound comes first
  EXPECT_TRUE(mem.CopyRange("", "", 0)->empty());
}

TEST(MemTable, AnIteratorKeepsAFrozenMemTableAlive) {
  auto mem = std::make_shared<MemTable>();
  mem->Apply(Puts({{"x", "1"}, {"y", "2"}}));
  std::unique_ptr<Iterator> it = MemTable::NewIterator(std::shared_ptr<const MemTable>(mem));
  mem.reset();  // the iterator holds the last reference
  EXPECT_EQ(ReadAll(*it),
            (std::vector<Entry>{{"x", EntryKind::kValue, "1"}, {"y", EntryKind::kValue, "2"}}));
}

TEST(MemTable, WeighsAtLeastItsKeysAndValuesAndGrowsWithThem) {
  MemTable mem;
  const size_t empty = mem.approximate_bytes();
  EXPECT_LT(empty, 200u);  // the skip list's head: no entry weighs a whole arena block
  size_t payload = 0;
  size_t last = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string key = "key" + std::to_string(i);
    const std::string value(100, static_cast<char>('a' + i % 26));
    mem.Apply(Puts({{key, value}}));
    payload += key.size() + value.size();
    EXPECT_GE(mem.approximate_bytes(), last);
    last = mem.approximate_bytes();
  }
  EXPECT_GE(mem.approximate_bytes() - empty, payload);
  // Node headers, links and partly used blocks cost something, but not double.
  EXPECT_LT(mem.approximate_bytes(), 2 * payload);
}

// Many random puts, overwrites and deletes of a few hundred keys, with values from empty to
// larger than an arena block: after each step Get agrees with a std::map, and at the end a
// full iteration and seeks to random targets do too.
TEST(MemTable, AgreesWithAMapUnderRandomWrites) {
  std::mt19937 rng(20261202);
  MemTable mem;
  std::map<std::string, std::optional<std::string>> model;  // nullopt = tombstone
  auto random_key = [&] { return "key" + std::to_string(rng() % 300); };
  for (int step = 0; step < 5000; ++step) {
    const std::string key = random_key();
    if (rng() % 4 == 0) {
      mem.Apply(Deletes({key}));
      model[key] = std::nullopt;
    } else {
      const size_t size = rng() % 10 == 0 ? rng() % 6000 : rng() % 120;
      const std::string value(size, static_cast<char>('a' + step % 26));
      mem.Apply(Puts({{key, value}}));
      model[key] = value;
    }
    const std::string probe = random_key();
    std::string value;
    const LookupState state = mem.Get(probe, &value);
    auto it = model.find(probe);
    if (it == model.end()) {
      ASSERT_EQ(state, LookupState::kAbsent) << "step " << step << " key " << probe;
    } else if (!it->second) {
      ASSERT_EQ(state, LookupState::kDeleted) << "step " << step << " key " << probe;
    } else {
      ASSERT_EQ(state, LookupState::kFound) << "step " << step << " key " << probe;
      ASSERT_EQ(value, *it->second) << "step " << step << " key " << probe;
    }
  }
  ASSERT_EQ(mem.size(), model.size());

  std::vector<Entry> expected;
  for (const auto& [key, value] : model) {
    expected.push_back(value ? Entry{key, EntryKind::kValue, *value}
                             : Entry{key, EntryKind::kDeletion, ""});
  }
  std::unique_ptr<Iterator> it = mem.NewIterator();
  ASSERT_EQ(ReadAll(*it), expected);

  for (int i = 0; i < 500; ++i) {
    const std::string target = "key" + std::to_string(rng() % 400);
    it->Seek(target);
    auto want = model.lower_bound(target);
    if (want == model.end()) {
      EXPECT_FALSE(it->Valid()) << target;
    } else {
      ASSERT_TRUE(it->Valid()) << target;
      EXPECT_EQ(it->key(), want->first) << target;
    }
  }
}

}  // namespace
}  // namespace stepdb
