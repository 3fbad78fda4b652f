// BlockBuilder writes the entry grammar of block_builder.h; Block/BlockIterator read it back.
#include "block.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "block_builder.h"
#include "common/coding.h"
#include "common/testkit/status_matchers.h"
#include "table_test_util.h"

namespace stepdb {
namespace {

using testing::Entry;
using testing::Key;
using testing::ReadAll;

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

// Builds a block of `entries` (sorted) and parses it; tests take the block with
// ASSERT_OK_AND_ASSIGN, so a failure stops the test.
Result<std::shared_ptr<const Block>> BuildBlock(const std::vector<Entry>& entries,
                                                int restart_interval) {
  BlockBuilder builder(restart_interval);
  for (const Entry& e : entries) STEPDB_RETURN_IF_ERROR(builder.Add(e.key, e.kind, e.value));
  STEPDB_ASSIGN_OR_RETURN(std::string_view contents, builder.Finish());
  return Block::Parse(BlockContents::Copy(contents));
}

std::vector<Entry> NumberedEntries(int n, size_t value_size = 8) {
  std::vector<Entry> entries;
  for (int i = 0; i < n; ++i) {
    const EntryKind kind = i % 7 == 3 ? EntryKind::kDeletion : EntryKind::kValue;
    std::string value =
        kind == EntryKind::kValue ? std::string(value_size, static_cast<char>('a' + i % 26)) : "";
    entries.push_back({Key(i * 2), kind, value});  // even numbers: odd ones fall in between
  }
  return entries;
}

Status ParseStatus(std::string bytes) { return Block::Parse(BlockContents::Copy(bytes)).status(); }

// --- BlockBuilder ---------------------------------------------------------------------------

TEST(BlockBuilder, EmptyBlockIsOneRestartAtZero) {
  BlockBuilder builder(16);
  EXPECT_TRUE(builder.empty());
  EXPECT_EQ(builder.CurrentSizeEstimate(), 8u);
  Result<std::string_view> contents = builder.Finish();
  ASSERT_OK(contents);
  EXPECT_EQ(std::string(*contents), Bytes({0, 0, 0, 0, 1, 0, 0, 0}));
}

TEST(BlockBuilder, EntriesFollowTheGrammarByteForByte) {
  BlockBuilder builder(2);
  ASSERT_OK(builder.Add("apple", EntryKind::kValue, "red"));
  ASSERT_OK(builder.Add("apricot", EntryKind::kValue, "orange"));  // shares "ap"
  ASSERT_OK(builder.Add("banana", EntryKind::kDeletion, ""));      // a restart
  Result<std::string_view> contents = builder.Finish();
  ASSERT_OK(contents);
  const std::string expected =
      Bytes({0, 5, 3, 1}) + "apple" + "red" +        // shared 0, unshared 5, value 3, kValue
      Bytes({2, 5, 6, 1}) + "ricot" + "orange" +     // shared 2: "ap" from "apple"
      Bytes({0, 6, 0, 0}) + "banana" +               // restart: whole key; kDeletion, no value
      Bytes({0, 0, 0, 0, 27, 0, 0, 0, 2, 0, 0, 0});  // restarts at 0 and 27; 2 restarts
  EXPECT_EQ(std::string(*contents), expected);
}

TEST(BlockBuilder, RestartsEveryIntervalEntries) {
  const std::vector<Entry> entries = NumberedEntries(40);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Block> block, BuildBlock(entries, 16));
  ASSERT_EQ(block->num_restarts(), 3u);  // entries 0, 16, 32
  BlockIterator it(block.get());
  int index = 0;
  uint32_t restart = 0;
  for (it.SeekToFirst(); it.Valid(); it.Next(), ++index) {
    if (index % 16 == 0) {
      EXPECT_EQ(block->restart_point(restart++), it.entry_offset()) << "entry " << index;
      // A restart entry stores its key whole: shared == 0.
      std::string_view header = block->contents().substr(it.entry_offset());
      uint32_t shared = 99;
      ASSERT_TRUE(GetVarint32(&header, &shared));
      EXPECT_EQ(shared, 0u) << "entry " << index;
    }
  }
  EXPECT_EQ(index, 40);
}

TEST(BlockBuilder, PrefixCompressionStoresSharedBytesOnce) {
  BlockBuilder compressed(16);
  BlockBuilder whole(1);
  size_t key_bytes = 0;
  for (int i = 0; i < 16; ++i) {
    const std::string key = "user:profile:" + Key(i);
    key_bytes += key.size();
    ASSERT_OK(compressed.Add(key, EntryKind::kValue, ""));
    ASSERT_OK(whole.Add(key, EntryKind::kValue, ""));
  }
  // 16 keys of 22 bytes; after the first, each shares at least the 20 bytes
  // "user:profile:key0000" with its predecessor and stores only the rest.
  EXPECT_LE(compressed.CurrentSizeEstimate() + 15 * 19, whole.CurrentSizeEstimate());
  EXPECT_LT(compressed.CurrentSizeEstimate(), key_bytes / 2);
}

TEST(BlockBuilder, RejectsKeysThatDoNotIncrease) {
  BlockBuilder builder(16);
  ASSERT_OK(builder.Add("b", EntryKind::kValue, "1"));
  const size_t size = builder.CurrentSizeEstimate();
  EXPECT_TRUE(builder.Add("b", EntryKind::kValue, "2").IsInvalidArgument());  // duplicate
  EXPECT_TRUE(builder.Add("a", EntryKind::kValue, "3").IsInvalidArgument());  // smaller
  EXPECT_EQ(builder.CurrentSizeEstimate(), size);                             // nothing was added
  EXPECT_EQ(builder.num_entries(), 1u);
  EXPECT_OK(builder.Add("ba", EntryKind::kValue, "4"));
}

TEST(BlockBuilder, SizeEstimateIsTheFinishedSize) {
  BlockBuilder builder(4);
  for (const Entry& e : NumberedEntries(50)) ASSERT_OK(builder.Add(e.key, e.kind, e.value));
  const size_t estimate = builder.CurrentSizeEstimate();
  Result<std::string_view> contents = builder.Finish();
  ASSERT_OK(contents);
  EXPECT_EQ(contents->size(), estimate);
}

TEST(BlockBuilder, FinishTwiceFailsAndResetStartsOver) {
  BlockBuilder builder(16);
  ASSERT_OK(builder.Add("z", EntryKind::kValue, "1"));
  ASSERT_OK(builder.Finish());
  EXPECT_TRUE(builder.Finish().status().IsInvalidArgument());
  EXPECT_TRUE(builder.Add("zz", EntryKind::kValue, "2").IsInvalidArgument());
  builder.Reset();
  EXPECT_TRUE(builder.empty());
  ASSERT_OK(builder.Add("a", EntryKind::kValue, "1"));  // smaller than before: fine now
  Result<std::string_view> contents = builder.Finish();
  ASSERT_OK(contents);
  EXPECT_EQ(std::string(*contents), Bytes({0, 1, 1, 1}) + "a1" + Bytes({0, 0, 0, 0, 1, 0, 0, 0}));
}

// --- Block and BlockIterator ----------------------------------------------------------------

TEST(BlockReader, ReadsBackWhatWasBuilt) {
  for (int interval : {1, 2, 16}) {
    SCOPED_TRACE("restart interval " + std::to_string(interval));
    const std::vector<Entry> entries = NumberedEntries(100);
    ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Block> block, BuildBlock(entries, interval));
    BlockIterator it(block.get());
    EXPECT_EQ(ReadAll(it), entries);
  }
}

TEST(BlockReader, BinaryKeysAndValuesRoundTrip) {
  const std::vector<Entry> entries = {
      {std::string("", 0), EntryKind::kValue, "empty key"},
      {std::string("\0", 1), EntryKind::kValue, std::string("\0\xff\n", 3)},
      {std::string("\0\0", 2), EntryKind::kDeletion, ""},
      {std::string("a\xff", 2), EntryKind::kValue, ""},
      {std::string("a\xff\xff", 3), EntryKind::kValue, std::string(5000, 'x')},
  };
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Block> block, BuildBlock(entries, 2));
  BlockIterator it(block.get());
  EXPECT_EQ(ReadAll(it), entries);
}

TEST(BlockReader, SeekMatchesLowerBoundEverywhere) {
  const std::vector<Entry> entries = NumberedEntries(61);  // keys 0, 2, ..., 120
  for (int interval : {1, 3, 16}) {
    SCOPED_TRACE("restart interval " + std::to_string(interval));
    ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Block> block, BuildBlock(entries, interval));
    BlockIterator it(block.get());
    // Every key, every gap between keys, before the first and after the last.
    for (int i = -1; i <= 122; ++i) {
      const std::string target = i < 0 ? "" : Key(i);
      it.Seek(target);
      const int expected = i < 0 ? 0 : (i + 1) / 2;
      if (expected >= 61) {
        EXPECT_FALSE(it.Valid()) << "Seek(" << target << ")";
        EXPECT_OK(it.status());
        continue;
      }
      ASSERT_TRUE(it.Valid()) << "Seek(" << target << "): " << it.status().ToString();
      EXPECT_EQ(it.key(), entries[expected].key) << "Seek(" << target << ")";
      EXPECT_EQ(it.value(), entries[expected].value);
      EXPECT_EQ(it.kind(), entries[expected].kind);
    }
  }
}

TEST(BlockReader, SeekThenNextContinuesInOrder) {
  const std::vector<Entry> entries = NumberedEntries(40);
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Block> block, BuildBlock(entries, 16));
  BlockIterator it(block.get());
  it.Seek(Key(33));  // between entries 16 and 17: inside the second restart interval
  std::vector<Entry> rest = testing::Drain(it);
  EXPECT_EQ(rest, std::vector<Entry>(entries.begin() + 17, entries.end()));
}

TEST(BlockReader, RandomSeeksAgreeWithStdMap) {
  std::mt19937 rng(3);
  std::map<std::string, std::string> model;
  std::uniform_int_distribution<int> length(0, 12);
  std::uniform_int_distribution<int> letter('a', 'd');  // few letters: long shared prefixes
  while (model.size() < 300) {
    std::string key(static_cast<size_t>(length(rng)), ' ');
    for (char& c : key) c = static_cast<char>(letter(rng));
    model[key] = std::to_string(model.size());
  }
  std::vector<Entry> entries;
  for (const auto& [k, v] : model) entries.push_back({k, EntryKind::kValue, v});
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Block> block, BuildBlock(entries, 16));
  BlockIterator it(block.get());
  for (int round = 0; round < 500; ++round) {
    std::string target(static_cast<size_t>(length(rng)), ' ');
    for (char& c : target) c = static_cast<char>(letter(rng));
    it.Seek(target);
    auto expected = model.lower_bound(target);
    if (expected == model.end()) {
      EXPECT_FALSE(it.Valid()) << "Seek(" << target << ")";
    } else {
      ASSERT_TRUE(it.Valid()) << "Seek(" << target << ")";
      EXPECT_EQ(it.key(), expected->first) << "Seek(" << target << ")";
      EXPECT_EQ(it.value(), expected->second);
    }
  }
}

TEST(BlockReader, EmptyBlockHasNoEntries) {
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Block> block, BuildBlock({}, 16));
  BlockIterator it(block.get());
  it.SeekToFirst();
  EXPECT_FALSE(it.Valid());
  it.Seek("a");
  EXPECT_FALSE(it.Valid());
  EXPECT_OK(it.status());
}

TEST(BlockReader, ParseRejectsBadRestartArrays) {
  EXPECT_TRUE(ParseStatus(Bytes({1, 0})).IsCorruption());                    // no count
  EXPECT_TRUE(ParseStatus(Bytes({0, 0, 0, 0})).IsCorruption());              // zero restarts
  EXPECT_TRUE(ParseStatus(Bytes({0, 0, 0, 0, 9, 0, 0, 0})).IsCorruption());  // count too big
  // First restart not at 0.
  EXPECT_TRUE(ParseStatus(Bytes({0, 1, 1, 1, 'a', 'b', 1, 0, 0, 0, 1, 0, 0, 0})).IsCorruption());
  // Second restart past the entries.
  Status past = ParseStatus(Bytes({0, 1, 1, 1, 'a', 'b', 0, 0, 0, 0, 6, 0, 0, 0, 2, 0, 0, 0}));
  EXPECT_TRUE(past.IsCorruption());
  EXPECT_NE(past.message().find("restart point 1"), std::string::npos) << past.ToString();
}

TEST(BlockReader, MalformedEntryIsCorruptionWithItsOffset) {
  // Entry 0 "ab" is fine; entry 1 at byte 6 claims 5 shared bytes of a 2-byte key.
  const std::string bytes =
      Bytes({0, 2, 0, 1}) + "ab" + Bytes({5, 1, 0, 1}) + "c" + Bytes({0, 0, 0, 0, 1, 0, 0, 0});
  Result<std::shared_ptr<const Block>> block = Block::Parse(BlockContents::Copy(bytes));
  ASSERT_OK(block);
  BlockIterator it(block->get());
  it.SeekToFirst();
  ASSERT_TRUE(it.Valid());
  EXPECT_EQ(it.key(), "ab");
  it.Next();
  EXPECT_FALSE(it.Valid());
  EXPECT_TRUE(it.status().IsCorruption());
  EXPECT_NE(it.status().message().find("at byte 6"), std::string::npos) << it.status().ToString();
  it.SeekToFirst();  // an error is sticky
  EXPECT_FALSE(it.Valid());
  EXPECT_TRUE(it.status().IsCorruption());
}

TEST(BlockReader, UnknownKindAndOverlongValueAreCorruption) {
  const std::string bad_kind = Bytes({0, 1, 0, 7}) + "a" + Bytes({0, 0, 0, 0, 1, 0, 0, 0});
  Result<std::shared_ptr<const Block>> block = Block::Parse(BlockContents::Copy(bad_kind));
  ASSERT_OK(block);
  BlockIterator it(block->get());
  it.SeekToFirst();
  EXPECT_FALSE(it.Valid());
  EXPECT_TRUE(it.status().IsCorruption()) << it.status().ToString();

  const std::string long_value = Bytes({0, 1, 90, 1}) + "a" + Bytes({0, 0, 0, 0, 1, 0, 0, 0});
  block = Block::Parse(BlockContents::Copy(long_value));
  ASSERT_OK(block);
  BlockIterator seek(block->get());
  seek.Seek("a");
  EXPECT_FALSE(seek.Valid());
  EXPECT_TRUE(seek.status().IsCorruption()) << seek.status().ToString();
}

}  // namespace
}  // namespace stepdb
