// The collection layout (collection_encoding.h), the Collection that commands use
// (collection.h), and the StaleElementFilter on stage 05's engine (stale_element_filter.h).
#include "collection.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "collection_encoding.h"
#include "common/coding.h"
#include "common/testkit/escape.h"
#include "common/testkit/status_matchers.h"
#include "engine_keyspace_test_support.h"
#include "stale_element_filter.h"

namespace stepdb {
namespace {

TEST(CollectionEncoding, MetadataRoundTripsAndRejectsDamage) {
  for (const CollectionMeta meta : {CollectionMeta{1, 0}, CollectionMeta{1'700'000'000'000'000, 3},
                                    CollectionMeta{UINT64_MAX, UINT64_MAX}}) {
    std::string bytes;
    EncodeCollectionMeta(meta, &bytes);
    ASSERT_OK_AND_ASSIGN(CollectionMeta back, DecodeCollectionMeta(bytes));
    EXPECT_EQ(back.version, meta.version) << testkit::Escape(bytes);
    EXPECT_EQ(back.size, meta.size) << testkit::Escape(bytes);
    EXPECT_FALSE(DecodeCollectionMeta(bytes + "x").ok()) << "trailing byte accepted";
    EXPECT_FALSE(DecodeCollectionMeta(bytes.substr(0, bytes.size() - 1)).ok())
        << "short metadata accepted: " << testkit::Escape(bytes);
  }
  // version 300, size 2: two varints.
  std::string bytes;
  EncodeCollectionMeta({300, 2}, &bytes);
  EXPECT_EQ(bytes, std::string("\xac\x02\x02", 3));
}

TEST(CollectionEncoding, ElementSuffixIsVersionHashElementAndParsesBack) {
  const std::string suffix = ElementSuffix(0x0102030405060708, "field");
  ASSERT_EQ(suffix.size(), 16u + 5u);
  EXPECT_EQ(suffix.substr(0, 8), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(suffix.substr(16), "field");
  EXPECT_TRUE(suffix.starts_with(ElementPrefix(0x0102030405060708)));
  const std::optional<ElementSuffixParts> parts = ParseElementSuffix(suffix);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->version, 0x0102030405060708u);
  EXPECT_EQ(parts->element, "field");
  EXPECT_EQ(suffix.substr(0, 16), ElementSeek(parts->version, parts->hash));
  EXPECT_FALSE(ParseElementSuffix(suffix.substr(0, 15)).has_value());
}

// Keys and elements with every byte value, and keys that are prefixes of each other, never
// meet: each (key, element) has its own record key, and it parses back to itself.
TEST(CollectionEncoding, RecordKeysOfEveryByteValueStayApart) {
  std::set<std::string> names = {"", "ab", "abc", std::string("a\0b", 3), std::string(300, '\xff')};
  for (int byte = 0; byte < 256; ++byte) names.insert(std::string(1, static_cast<char>(byte)));
  std::set<std::string> seen;
  for (const std::string& key : names) {
    for (const std::string& element : names) {
      const std::string record = Keyspace::RecordKey(7, key, ElementSuffix(9, element));
      EXPECT_TRUE(seen.insert(record).second)
          << "key " << testkit::Escape(key) << " element " << testkit::Escape(element);
      const std::optional<Keyspace::RecordKeyParts> parts = Keyspace::ParseRecordKey(record);
      ASSERT_TRUE(parts.has_value()) << testkit::Escape(record);
      EXPECT_EQ(parts->db_id, 7u);
      EXPECT_EQ(parts->key, key);
      const std::optional<ElementSuffixParts> element_parts = ParseElementSuffix(parts->suffix);
      ASSERT_TRUE(element_parts.has_value());
      EXPECT_EQ(element_parts->version, 9u);
      EXPECT_EQ(element_parts->element, element);
      EXPECT_EQ(Keyspace::DatabaseIdOf(record), std::optional<uint64_t>(7));
    }
  }
  EXPECT_FALSE(Keyspace::ParseRecordKey(Keyspace::EngineKey(7, "k")).has_value());
}

// A keyspace on stage 05's engine with stage 07's expiry and this stage's filter, as the
// server builds them.
class CollectionTest : public EngineKeyspaceTest {
 protected:
  Collection Load(std::string_view key, ValueType type = ValueType::kHash, int db = 0) {
    Result<std::optional<ValueEnvelope>> envelope = keyspace_->Get(db, key);
    EXPECT_OK(envelope.status());
    Result<Collection> collection =
        Collection::Load(*keyspace_, db, key, type, envelope.ok() ? *envelope : std::nullopt);
    EXPECT_OK(collection.status());
    return std::move(*collection);
  }
};

TEST_F(CollectionTest, PutGetRemoveCountEachElementOnceAndSurviveReopen) {
  Collection hash = Load("h");
  EXPECT_FALSE(hash.exists());
  ASSERT_OK_AND_ASSIGN(bool added, hash.Put("f", "1"));
  EXPECT_TRUE(added);
  ASSERT_OK_AND_ASSIGN(added, hash.Put("f", "2"));  // the same field again: staged, counted once
  EXPECT_FALSE(added);
  ASSERT_OK_AND_ASSIGN(added, hash.Put("g", "3"));
  EXPECT_TRUE(added);
  EXPECT_EQ(hash.size(), 2u);
  ASSERT_OK(hash.Commit());
  EXPECT_EQ(keyspace_->KeyCount(0), 1u) << "a collection is one key, whatever its size";

  Reopen();
  Collection again = Load("h");
  ASSERT_TRUE(again.exists());
  EXPECT_EQ(again.size(), 2u);
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> f, again.Get("f"));
  EXPECT_EQ(f, std::optional<std::string>("2"));
  ASSERT_OK_AND_ASSIGN(bool removed, again.Remove("f"));
  EXPECT_TRUE(removed);
  ASSERT_OK_AND_ASSIGN(removed, again.Remove("f"));
  EXPECT_FALSE(removed);
  ASSERT_OK(again.Commit());
  ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> all, Load("h").ReadAll());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], Collection::Element("g", "3"));
}

TEST_F(CollectionTest, RemovingTheLastElementDeletesTheKey) {
  Collection set = Load("s", ValueType::kSet);
  ASSERT_OK(set.Put("m", "").status());
  ASSERT_OK(set.Commit());
  ASSERT_OK(set.Remove("m").status());
  ASSERT_OK(set.Commit());
  ASSERT_OK_AND_ASSIGN(bool exists, keyspace_->Exists(0, "s"));
  EXPECT_FALSE(exists);
  EXPECT_EQ(keyspace_->KeyCount(0), 0u);
}

// A collection created again under a deleted key's name starts empty: the old elements carry
// the old version, which no read looks at.
TEST_F(CollectionTest, ANewCollectionUnderAnOldNameSeesNoOldElement) {
  Collection hash = Load("h");
  for (int i = 0; i < 100; ++i) ASSERT_OK(hash.Put("f" + std::to_string(i), "v").status());
  ASSERT_OK(hash.Commit());
  ASSERT_OK_AND_ASSIGN(bool deleted, keyspace_->Delete(0, "h"));
  ASSERT_TRUE(deleted);
  Collection again = Load("h");
  ASSERT_OK(again.Put("new", "v").status());
  ASSERT_OK(again.Commit());
  Collection read = Load("h");
  EXPECT_EQ(read.size(), 1u);
  ASSERT_OK_AND_ASSIGN(std::optional<std::string> old, read.Get("f7"));
  EXPECT_FALSE(old.has_value());
  ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> all, read.ReadAll());
  EXPECT_EQ(all.size(), 1u);
}

TEST_F(CollectionTest, ClearStartsANewVersionWithoutTheExpiry) {
  Collection set = Load("s", ValueType::kSet);
  for (std::string m : {"a", "b", "c"}) ASSERT_OK(set.Put(m, "").status());
  ASSERT_OK(set.Commit());
  const uint64_t first = Load("s", ValueType::kSet).version();
  Collection replaced = Load("s", ValueType::kSet);
  replaced.Clear();
  ASSERT_OK(replaced.Put("z", "").status());
  ASSERT_OK(replaced.Commit());
  Collection read = Load("s", ValueType::kSet);
  EXPECT_NE(read.version(), first);
  EXPECT_EQ(read.size(), 1u);
  ASSERT_OK_AND_ASSIGN(bool has_a, read.Contains("a"));
  EXPECT_FALSE(has_a);
}

// A *STORE destination replaces a string, or deletes it when the result is empty; the key
// count stays exact either way.
TEST_F(CollectionTest, ReplacingOverwritesAnyValueAndDeletesWhenEmpty) {
  ValueEnvelope string;
  string.payload = "a string";
  ASSERT_OK(keyspace_->Put(0, "dest", string));
  Collection dest = Collection::Replacing(*keyspace_, 0, "dest", ValueType::kSet, true);
  ASSERT_OK(dest.Put("m", "").status());
  ASSERT_OK(dest.Commit());
  EXPECT_EQ(keyspace_->KeyCount(0), 1u);
  ASSERT_OK_AND_ASSIGN(std::optional<ValueEnvelope> stored, keyspace_->Get(0, "dest"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->type, ValueType::kSet);
  Collection empty = Collection::Replacing(*keyspace_, 0, "dest", ValueType::kSet, true);
  ASSERT_OK(empty.Commit());
  EXPECT_EQ(keyspace_->KeyCount(0), 0u);
  ASSERT_OK_AND_ASSIGN(bool exists, keyspace_->Exists(0, "dest"));
  EXPECT_FALSE(exists);
}

TEST_F(CollectionTest, RandomElementsPickDistinctOnesAndReachEveryElement) {
  for (uint64_t size : {uint64_t{5}, uint64_t{2000}}) {
    const std::string key = "s" + std::to_string(size);
    Collection set = Load(key, ValueType::kSet);
    for (uint64_t i = 0; i < size; ++i) ASSERT_OK(set.Put("m" + std::to_string(i), "").status());
    ASSERT_OK(set.Commit());
    Collection read = Load(key, ValueType::kSet);
    std::mt19937_64 random(42);
    ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> distinct,
                         read.RandomElements(size + 3, /*distinct=*/true, random));
    std::set<std::string> names;
    for (const auto& [element, value] : distinct) names.insert(element);
    EXPECT_EQ(distinct.size(), size) << "a count above the size gives every element once";
    EXPECT_EQ(names.size(), size);
    ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> some,
                         read.RandomElements(4, /*distinct=*/true, random));
    names.clear();
    for (const auto& [element, value] : some) names.insert(element);
    EXPECT_EQ(names.size(), 4u) << "size " << size;
    // Many single picks reach many different elements (a seek per pick on the large set).
    std::set<std::string> reached;
    for (int i = 0; i < 400; ++i) {
      ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> one,
                           read.RandomElements(1, /*distinct=*/false, random));
      ASSERT_EQ(one.size(), 1u);
      reached.insert(one[0].first);
    }
    EXPECT_GE(reached.size(), std::min<uint64_t>(size, 200)) << "size " << size;
  }
}

// After DEL, an overwrite by a string, an expiry and a Clear, a full compaction leaves only
// the live collection's records on disk; the live one reads back whole.
TEST_F(CollectionTest, CompactionDropsTheElementsOfEndedCollectionsOnly) {
  auto fill = [&](std::string_view key, int count) {
    Collection hash = Load(key);
    for (int i = 0; i < count; ++i) {
      ASSERT_OK(hash.Put("field" + std::to_string(i), std::string(20, 'v')).status());
    }
    ASSERT_OK(hash.Commit());
  };
  fill("deleted", 200);
  fill("overwritten", 200);
  fill("expiring", 200);
  fill("cleared", 200);
  fill("live", 200);
  ASSERT_OK(engine_->CompactAll());
  EXPECT_EQ(RecordsOnDisk(), 1000u);

  ASSERT_OK(keyspace_->Delete(0, "deleted").status());
  ValueEnvelope string;
  string.payload = "now a string";
  ASSERT_OK(keyspace_->Put(0, "overwritten", string));
  ASSERT_OK_AND_ASSIGN(std::optional<ValueEnvelope> expiring, keyspace_->Get(0, "expiring"));
  expiring->expire_at_ms = kStart + 10;
  ASSERT_OK(keyspace_->Put(0, "expiring", *expiring));
  Collection cleared = Load("cleared");
  cleared.Clear();
  ASSERT_OK(cleared.Put("only", "x").status());
  ASSERT_OK(cleared.Commit());
  clock_.Advance(10);

  ASSERT_OK(engine_->CompactAll());
  EXPECT_EQ(RecordsOnDisk(), 201u) << "the live hash's 200 and the cleared one's new field";
  EXPECT_EQ(filter_->dropped_elements(), 800u);
  ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> live, Load("live").ReadAll());
  EXPECT_EQ(live.size(), 200u);
  Reopen();
  EXPECT_EQ(Load("live").size(), 200u);
  ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> after, Load("cleared").ReadAll());
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].first, "only");
}

// The worked example of docs/formats/keyspace.md ("Collections"): HSET h f v on a fresh
// database, byte by byte, the version and the cas apart (they come from the clock).
TEST_F(CollectionTest, WorkedExampleFromTheSpec) {
  Collection hash = Load("h");
  ASSERT_OK(hash.Put("f", "v").status());
  ASSERT_OK(hash.Commit());
  const uint64_t version = Load("h").version();

  const std::string key = Keyspace::EngineKey(1, "h");
  EXPECT_EQ(testkit::Escape(key), testkit::Escape(std::string("K\0\0\0\0\0\0\0\x01h", 10)));
  ASSERT_OK_AND_ASSIGN(std::string envelope, engine_->Get(key));
  std::string_view rest = envelope;
  ASSERT_GE(rest.size(), 2u);
  EXPECT_EQ(testkit::Escape(rest.substr(0, 2)), testkit::Escape(std::string("\x01\0", 2)))
      << "type 1 (hash), nothing optional";
  rest.remove_prefix(2);
  uint64_t cas = 0;
  ASSERT_TRUE(GetVarint64(&rest, &cas)) << testkit::Escape(envelope);
  EXPECT_EQ(cas, version + 1) << "the version is taken first, then the envelope's cas";
  std::string payload;
  EncodeCollectionMeta({version, 1}, &payload);
  EXPECT_EQ(testkit::Escape(rest), testkit::Escape(payload));

  // 'S', the database id, the key's length and name, the version, BloomHash64("f"), "f".
  std::string record("S\0\0\0\0\0\0\0\x01\0\0\0\x01h", 14);
  for (int shift = 56; shift >= 0; shift -= 8)
    record.push_back(static_cast<char>(version >> shift));
  record.append("\x1e\x35\x91\x0c\x62\x54\xed\x5a", 8);
  record.append("f");
  EXPECT_EQ(testkit::Escape(Keyspace::RecordKey(1, "h", ElementSuffix(version, "f"))),
            testkit::Escape(record));
  ASSERT_OK_AND_ASSIGN(std::string value, engine_->Get(record));
  EXPECT_EQ(value, "v");
}

// A flushed database's records go with its keys (the dead-database filter knows them by the
// database id they carry).
TEST_F(CollectionTest, FlushDbTakesTheRecordsOffTheDisk) {
  Collection set = Load("s", ValueType::kSet);
  for (int i = 0; i < 300; ++i) ASSERT_OK(set.Put("m" + std::to_string(i), "").status());
  ASSERT_OK(set.Commit());
  ASSERT_OK(keyspace_->FlushDb(0));
  ASSERT_OK(engine_->CompactAll());
  EXPECT_EQ(RecordsOnDisk(), 0u);
}

}  // namespace
}  // namespace stepdb
