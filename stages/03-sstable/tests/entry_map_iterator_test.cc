// The Iterator contract, on the simplest sources: a std::map of entries, nothing, an error.
#include "entry_map_iterator.h"

#include <gtest/gtest.h>

#include "common/testkit/status_matchers.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::Entry;
using testing::ReadAll;

EntryMap Fruit() {
  return {{"apple", {EntryKind::kValue, "red"}},
          {"banana", {EntryKind::kDeletion, ""}},
          {"cherry", {EntryKind::kValue, "dark red"}}};
}

TEST(SortedIterator, NewIteratorIsNotPositioned) {
  EntryMap map = Fruit();
  EntryMapIterator it(map);
  EXPECT_FALSE(it.Valid());
  EXPECT_OK(it.status());
}

TEST(SortedIterator, MapYieldsEveryEntryInOrderWithTombstones) {
  EntryMap map = Fruit();
  EntryMapIterator it(map);
  std::vector<Entry> expected = {{"apple", EntryKind::kValue, "red"},
                                 {"banana", EntryKind::kDeletion, ""},
                                 {"cherry", EntryKind::kValue, "dark red"}};
  EXPECT_EQ(ReadAll(it), expected);
}

TEST(SortedIterator, OrderIsUnsignedByteOrder) {
  // memcmp order: "\x01" < "a" < "a\0" < "ab" < "\xff" (a signed char would put \xff first).
  EntryMap map;
  for (std::string key : {std::string("\xff", 1), std::string("a\0", 2), std::string("ab"),
                          std::string("a"), std::string("\x01")}) {
    map[key] = {EntryKind::kValue, "v"};
  }
  EntryMapIterator it(map);
  std::vector<std::string> keys;
  for (it.SeekToFirst(); it.Valid(); it.Next()) keys.emplace_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"\x01", "a", std::string("a\0", 2), "ab", "\xff"}));
}

TEST(SortedIterator, SeekLandsOnFirstKeyAtOrAfterTarget) {
  EntryMap map = Fruit();
  EntryMapIterator it(map);
  it.Seek("banana");
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "banana");
  EXPECT_EQ(it.kind(), EntryKind::kDeletion);
  it.Seek("b");
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "banana");
  it.Seek("bananas");
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "cherry");
  it.Seek("");
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "apple");
  it.Seek("zebra");
  EXPECT_FALSE(it.Valid());
  EXPECT_OK(it.status());
}

TEST(SortedIterator, SharedMapLivesAsLongAsTheIterator) {
  auto map = std::make_shared<EntryMap>(Fruit());
  EntryMapIterator it(std::shared_ptr<const EntryMap>(std::move(map)));
  EXPECT_EQ(ReadAll(it).size(), 3u);
}

TEST(SortedIterator, EmptyIteratorIsNeverValid) {
  std::unique_ptr<Iterator> it = NewEmptyIterator();
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  it->Seek("a");
  EXPECT_FALSE(it->Valid());
  EXPECT_OK(it->status());
}

TEST(SortedIterator, ErrorIteratorReportsItsStatus) {
  std::unique_ptr<Iterator> it = NewErrorIterator(Status::IOError("disk on fire"));
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  EXPECT_TRUE(it->status().IsIOError());
  EXPECT_EQ(it->status().message(), "disk on fire");
}

}  // namespace
}  // namespace stepdb
