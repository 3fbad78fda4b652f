// ZSet (zset.h) on a keyspace over stage 05's engine: its staged changes, its scans, ranks and
// counts against a std::map model, the index records it keeps beside the member records, and
// what compaction keeps of both families.
#include "zset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "collection_encoding.h"
#include "common/testkit/escape.h"
#include "common/testkit/status_matchers.h"
#include "engine_keyspace_test_support.h"
#include "list_encoding.h"
#include "stale_element_filter.h"
#include "zset_args.h"
#include "zset_encoding.h"

namespace stepdb {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr uint64_t kAll = UINT64_MAX;  // no count limit; the last rank

using Entries = std::vector<ZSet::Entry>;
using Model = std::map<std::string, double>;  // member -> score

// The model's members in (score, member) order: Redis's order.
Entries Sorted(const Model& model) {
  Entries entries;
  for (const auto& [member, score] : model) entries.push_back({member, score});
  std::sort(entries.begin(), entries.end(), [](const ZSet::Entry& a, const ZSet::Entry& b) {
    return a.score != b.score ? a.score < b.score : a.member < b.member;
  });
  return entries;
}

// "member=score ..." with escaped bytes, so that a failure shows both lists.
std::string Text(const Entries& entries) {
  std::string text;
  for (const ZSet::Entry& entry : entries) {
    char score[32];
    std::snprintf(score, sizeof(score), "%.17g", entry.score);
    text += testkit::Escape(entry.member) + "=" + score + " ";
  }
  return text;
}

// The entries from offset on, at most count of them, of `entries` or of their reverse.
Entries Page(Entries entries, bool reverse, uint64_t offset, uint64_t count) {
  if (reverse) std::reverse(entries.begin(), entries.end());
  Entries page;
  for (uint64_t i = offset; i < entries.size() && page.size() < count; ++i) {
    page.push_back(entries[i]);
  }
  return page;
}

ZSet::EntryVisitor CollectInto(Entries* out) {
  return [out](std::string_view member, double score) {
    out->push_back({std::string(member), score});
    return true;
  };
}

// A keyspace on stage 05's engine with stage 07's expiry and the sorted-set-aware filter, as
// the server builds them; a small memtable, so that sets spread over tables.
class ZSetTest : public EngineKeyspaceTest {
 protected:
  ZSetTest() : EngineKeyspaceTest(ZSetOrCollectionVersion) {}

  ZSet Load(std::string_view key) { return LoadAs<ZSet>(key); }

  // The model's members put in key's sorted set, 40 to a commit, so that a large set spreads
  // over the memtable and several tables.
  void Write(std::string_view key, const Model& model) {
    ZSet zset = Load(key);
    size_t staged = 0;
    for (const auto& [member, score] : model) {
      ASSERT_OK(zset.Put(member, score).status());
      if (++staged % 40 == 0) {
        ASSERT_OK(zset.Commit());
      }
    }
    ASSERT_OK(zset.Commit());
  }

  static Entries ByRank(const ZSet& zset, uint64_t first, uint64_t last, bool reverse) {
    Entries entries;
    EXPECT_OK(zset.ScanByRank(first, last, reverse, CollectInto(&entries)));
    return entries;
  }

  static Entries ByScore(const ZSet& zset, const ScoreRange& range, bool reverse, uint64_t offset,
                         uint64_t count) {
    Entries entries;
    EXPECT_OK(zset.ScanByScore(range, reverse, offset, count, CollectInto(&entries)));
    return entries;
  }

  static Entries ByLex(const ZSet& zset, const LexRange& range, bool reverse, uint64_t offset,
                       uint64_t count) {
    Entries entries;
    EXPECT_OK(zset.ScanByLex(range, reverse, offset, count, CollectInto(&entries)));
    return entries;
  }

  // The index records stored under the version of key's set, in order, parsed (the low mark
  // left out).
  Entries IndexRecords(std::string_view key, uint64_t version) {
    Entries entries;
    EXPECT_OK(keyspace_->ScanRecords(
        0, key, ScoreIndexPrefix(version), "", "", SIZE_MAX,
        [&](std::string_view suffix, std::string_view value) {
          if (suffix == LowMarkSuffix(version)) return true;  // not a member's
          const std::optional<ScoreIndexEntry> entry = ParseScoreIndexSuffix(suffix);
          EXPECT_TRUE(entry.has_value()) << testkit::Escape(suffix);
          EXPECT_EQ(value, "") << testkit::Escape(suffix);
          if (entry) entries.push_back({std::string(entry->member), entry->score});
          return true;
        }));
    return entries;
  }

  // The stored set of key is the model's: its size, its order, every score, and exactly one
  // member record and one index record per member under its version.
  void ExpectStored(std::string_view key, const Model& model) {
    ZSet zset = Load(key);
    ASSERT_EQ(zset.exists(), !model.empty()) << "key " << key;
    EXPECT_EQ(zset.size(), model.size()) << "key " << key;
    const Entries sorted = Sorted(model);
    EXPECT_EQ(Text(ByRank(zset, 0, kAll, false)), Text(sorted)) << "key " << key;
    for (const auto& [member, score] : model) {
      ASSERT_OK_AND_ASSIGN(std::optional<double> stored, zset.Score(member));
      EXPECT_EQ(stored, std::optional<double>(score)) << testkit::Escape(member);
    }
    if (!zset.exists()) return;
    EXPECT_EQ(Text(IndexRecords(key, zset.version())), Text(sorted)) << "key " << key;
    ASSERT_OK_AND_ASSIGN(std::vector<Collection::Element> members, zset.members().ReadAll());
    EXPECT_EQ(members.size(), model.size()) << "key " << key;
  }

  // Stages zset's changes into a batch of their own, applies it and returns it, to count the
  // records written.
  Keyspace::Batch CommitCounting(ZSet& zset) {
    Keyspace::Batch batch;
    zset.AddTo(&batch);
    EXPECT_OK(keyspace_->Apply(batch));
    return batch;
  }

  // A model of 300 members over a few tables: scores with many ties (some members share a
  // score with 20 others), infinities and fractions; members of varied bytes.
  static Model ManyMembers() {
    Model model;
    for (int i = 0; i < 300; ++i) {
      const double score = i % 10 == 0 ? (i % 20 == 0 ? kInf : -kInf) : (i * 7) % 13 - 6 + 0.5;
      model["member" + std::to_string((i * 37) % 1000)] = score;
    }
    model[""] = 0.5;
    model[std::string("\0\xff", 2)] = 0.5;
    model["-zero"] = 0;
    return model;
  }
};

TEST_F(ZSetTest, PutScoreAndRemoveSeeStagedChangesAndScansSeeStoredOnes) {
  ZSet zset = Load("z");
  EXPECT_FALSE(zset.exists());
  ASSERT_OK_AND_ASSIGN(std::optional<double> previous, zset.Put("a", 1));
  EXPECT_EQ(previous, std::nullopt) << "a is new";
  ASSERT_OK_AND_ASSIGN(previous, zset.Put("b", 2));
  ASSERT_OK_AND_ASSIGN(previous, zset.Put("a", 3));
  EXPECT_EQ(previous, std::optional<double>(1)) << "the staged score of a";
  ASSERT_OK_AND_ASSIGN(std::optional<double> score, zset.Score("a"));
  EXPECT_EQ(score, std::optional<double>(3));
  EXPECT_EQ(zset.size(), 2u) << "a counted once";
  ASSERT_OK_AND_ASSIGN(bool removed, zset.Remove("b"));
  EXPECT_TRUE(removed);
  ASSERT_OK_AND_ASSIGN(removed, zset.Remove("b"));
  EXPECT_FALSE(removed) << "b is gone already";
  ASSERT_OK_AND_ASSIGN(score, zset.Score("b"));
  EXPECT_EQ(score, std::nullopt);
  EXPECT_EQ(zset.size(), 1u);
  EXPECT_EQ(Text(ByRank(zset, 0, kAll, false)), "") << "scans see stored members only";
  ASSERT_OK(zset.Commit());
  EXPECT_TRUE(zset.exists());
  EXPECT_EQ(keyspace_->KeyCount(0), 1u);
  ExpectStored("z", {{"a", 3}});

  Reopen();
  ExpectStored("z", {{"a", 3}});
  ZSet again = Load("z");
  ASSERT_OK_AND_ASSIGN(previous, again.Put("c", -1));
  EXPECT_EQ(Text(ByRank(again, 0, kAll, false)), "a=3 ") << "the staged c is not scanned";
  ASSERT_OK(again.Commit());
  ExpectStored("z", {{"a", 3}, {"c", -1}});
}

TEST_F(ZSetTest, AChangedScoreMovesTheIndexRecordAndAnUnchangedOneWritesNothing) {
  ASSERT_NO_FATAL_FAILURE(Write("z", {{"a", 1}, {"b", 2}}));
  ZSet zset = Load("z");
  const uint64_t version = zset.version();
  ASSERT_OK(zset.Put("b", 2).status());
  EXPECT_TRUE(CommitCounting(zset).empty()) << "the same score again changes nothing";

  ASSERT_OK(zset.Put("a", 3).status());
  const Keyspace::Batch batch = CommitCounting(zset);
  size_t puts = 0;
  size_t deletes = 0;
  for (const Keyspace::Batch::RecordOp& op : batch.record_ops()) (op.value ? puts : deletes)++;
  EXPECT_EQ(puts, 2u) << "a's member record and its new index record";
  EXPECT_EQ(deletes, 1u) << "a's old index record";
  EXPECT_EQ(zset.version(), version) << "a change keeps the version";
  EXPECT_EQ(Text(IndexRecords("z", version)), "b=2 a=3 ") << "no index record left at 1";
  ExpectStored("z", {{"a", 3}, {"b", 2}});

  // Several moves of one member in one command leave one index record, at the last score.
  ZSet moving = Load("z");
  ASSERT_OK(moving.Put("a", 10).status());
  ASSERT_OK(moving.Put("a", 3).status());
  ASSERT_OK(moving.Put("a", -5).status());
  ASSERT_OK(moving.Remove("b").status());
  ASSERT_OK(moving.Put("b", 2).status());
  ASSERT_OK(moving.Commit());
  ExpectStored("z", {{"a", -5}, {"b", 2}});
}

TEST_F(ZSetTest, TiesAreOrderedByMemberBytes) {
  const Model model = {{"b", 1}, {"a", 1},    {"ab", 1}, {std::string("a\0", 2), 1},
                       {"", 1},  {"\xff", 1}, {"B", 1},  {"z", 0},
                       {"y", 2}, {"-0", 0}};
  ASSERT_NO_FATAL_FAILURE(Write("z", model));
  ZSet zset = Load("z");
  EXPECT_EQ(Text(ByRank(zset, 0, kAll, false)),
            "-0=0 z=0 =1 B=1 a=1 a\\x00=1 ab=1 b=1 \\xff=1 y=2 ");
  ExpectStored("z", model);

  // -0.0 is 0.0: putting it changes nothing, and it is stored as 0.0.
  ZSet zero = Load("z");
  ASSERT_OK(zero.Put("-0", -0.0).status());
  EXPECT_TRUE(CommitCounting(zero).empty());
  ASSERT_OK(zero.Put("negative zero", -0.0).status());
  ASSERT_OK(zero.Commit());
  ASSERT_OK_AND_ASSIGN(std::optional<double> score, Load("z").Score("negative zero"));
  ASSERT_TRUE(score.has_value());
  EXPECT_FALSE(std::signbit(*score)) << "-0.0 is stored as 0.0";
}

TEST_F(ZSetTest, ScanByRankInBothDirections) {
  const Model model = ManyMembers();
  ASSERT_NO_FATAL_FAILURE(Write("z", model));
  ZSet zset = Load("z");
  const Entries sorted = Sorted(model);
  const uint64_t n = sorted.size();
  std::vector<std::pair<uint64_t, uint64_t>> ranks = {
      {0, 0},         {0, 9},       {5, 17},       {n - 10, n - 1}, {n - 10, n + 50},
      {n - 1, n - 1}, {n, n + 5},   {n + 5, kAll}, {10, 5},         {0, kAll},
      {150, kAll},    {kAll, kAll}, {1, 1},        {n - 1, kAll}};
  std::mt19937_64 random(7);
  for (int i = 0; i < 40; ++i) {
    const uint64_t first = random() % (n + 3);
    ranks.push_back({first, first + random() % 40});
  }
  for (const auto& [first, last] : ranks) {
    for (const bool reverse : {false, true}) {
      const uint64_t count = first > last ? 0 : last - first == kAll ? kAll : last - first + 1;
      EXPECT_EQ(Text(ByRank(zset, first, last, reverse)), Text(Page(sorted, reverse, first, count)))
          << "ranks " << first << ".." << last << (reverse ? " reversed" : "");
    }
  }
}

TEST_F(ZSetTest, ScanByScoreInBothDirectionsWithOffsetsCountsAndExclusiveBounds) {
  const Model model = ManyMembers();
  ASSERT_NO_FATAL_FAILURE(Write("z", model));
  ZSet zset = Load("z");
  const Entries sorted = Sorted(model);
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"-inf", "+inf"},  {"(-inf", "(+inf"}, {"0.5", "0.5"},    {"(0.5", "0.5"},   {"0", "1"},
      {"(-0.5", "(0.5"}, {"-3", "3"},        {"(-5.5", "(4.5"}, {"-inf", "-inf"},  {"inf", "inf"},
      {"(inf", "inf"},   {"3", "-3"},        {"100", "200"},    {"-200", "-100"},  {"-inf", "0"},
      {"(0", "+inf"},    {"0", "(0"},        {"-5.5", "-5.5"},  {"(-inf", "(-5.5"}};
  const std::vector<std::pair<uint64_t, uint64_t>> pages = {
      {0, kAll}, {0, 0}, {0, 1}, {3, 5}, {20, kAll}, {1000, kAll}, {kAll, kAll}, {2, kAll - 1}};
  for (const auto& [min, max] : ranges) {
    const std::optional<ScoreRange> range = ParseScoreRange(min, max);
    ASSERT_TRUE(range.has_value()) << min << " " << max;
    Entries in_range;
    for (const ZSet::Entry& entry : sorted) {
      if (range->Contains(entry.score)) in_range.push_back(entry);
    }
    for (const bool reverse : {false, true}) {
      for (const auto& [offset, count] : pages) {
        EXPECT_EQ(Text(ByScore(zset, *range, reverse, offset, count)),
                  Text(Page(in_range, reverse, offset, count)))
            << min << " " << max << (reverse ? " reversed" : "") << " LIMIT " << offset << " "
            << count;
      }
    }
    ASSERT_OK_AND_ASSIGN(uint64_t counted, zset.CountByScore(*range));
    EXPECT_EQ(counted, in_range.size()) << "ZCOUNT " << min << " " << max;
  }
}

TEST_F(ZSetTest, AVisitorThatReturnsFalseStopsTheScan) {
  ASSERT_NO_FATAL_FAILURE(Write("z", ManyMembers()));
  ZSet zset = Load("z");
  const ScoreRange all{{-kInf, false}, {kInf, false}};
  const LexRange any{{LexBound::Kind::kMinusInfinity, ""}, {LexBound::Kind::kPlusInfinity, ""}};
  for (const bool reverse : {false, true}) {
    int visits = 0;
    auto three = [&](std::string_view, double) { return ++visits < 3; };
    ASSERT_OK(zset.ScanByRank(0, kAll, reverse, three));
    EXPECT_EQ(visits, 3) << "ScanByRank" << (reverse ? " reversed" : "");
    visits = 0;
    ASSERT_OK(zset.ScanByScore(all, reverse, 0, kAll, three));
    EXPECT_EQ(visits, 3) << "ScanByScore" << (reverse ? " reversed" : "");
    visits = 0;
    ASSERT_OK(zset.ScanByLex(any, reverse, 0, kAll, three));
    EXPECT_EQ(visits, 3) << "ScanByLex" << (reverse ? " reversed" : "");
  }
}

TEST_F(ZSetTest, ScanByLexOnEqualScoresInBothDirections) {
  Model model;
  for (const char* member : {"", "+", "-", "a", "aa", "ab", "b", "ba", "c", "\xff"}) {
    model[member] = 0;
  }
  model[std::string("a\0", 2)] = 0;
  for (int i = 0; i < 200; ++i) model["m" + std::to_string(i)] = 0;
  ASSERT_NO_FATAL_FAILURE(Write("z", model));
  ZSet zset = Load("z");
  const Entries sorted = Sorted(model);
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"-", "+"},     {"[a", "[b"},   {"(a", "(b"}, {"[a", "(a"},   {"[a", "[a"},
      {"-", "[a"},    {"(a", "+"},    {"[", "+"},   {"(", "+"},     {"-", "("},
      {"[m1", "[m2"}, {"(m1", "(m2"}, {"[z", "+"},  {"-", "[\x01"}, {"[b", "[a"},
      {"+", "-"},     {"-", "-"},     {"+", "+"},   {"[\xff", "+"}, {"[m", "(n"}};
  const std::vector<std::pair<uint64_t, uint64_t>> pages = {{0, kAll}, {0, 0},   {0, 1},
                                                            {3, 5},    {50, 20}, {1000, kAll}};
  for (const auto& [min, max] : ranges) {
    const std::optional<LexRange> range = ParseLexRange(min, max);
    ASSERT_TRUE(range.has_value()) << testkit::Escape(min) << " " << testkit::Escape(max);
    Entries in_range;
    for (const ZSet::Entry& entry : sorted) {
      if (range->Contains(entry.member)) in_range.push_back(entry);
    }
    for (const bool reverse : {false, true}) {
      for (const auto& [offset, count] : pages) {
        EXPECT_EQ(Text(ByLex(zset, *range, reverse, offset, count)),
                  Text(Page(in_range, reverse, offset, count)))
            << testkit::Escape(min) << " " << testkit::Escape(max) << (reverse ? " reversed" : "")
            << " LIMIT " << offset << " " << count;
      }
    }
    ASSERT_OK_AND_ASSIGN(uint64_t counted, zset.CountByLex(*range));
    EXPECT_EQ(counted, in_range.size())
        << "ZLEXCOUNT " << testkit::Escape(min) << " " << testkit::Escape(max);
  }
}

// Redis leaves a lex range over different scores unspecified; "- +" is still every member in
// order, and the scan starts at the first member not below min. redis-server 7.0.15 answered
// these four as expected here (ZRANGEBYLEX m - +: b c e a d; [c +: c e a d; - [c: b c;
// ZREVRANGEBYLEX m + -: d a e c b).
TEST_F(ZSetTest, ScanByLexOnMixedScores) {
  const Model model = {{"a", 2}, {"b", 1}, {"c", 1}, {"d", 3}, {"e", 1}};
  ASSERT_NO_FATAL_FAILURE(Write("z", model));
  ZSet zset = Load("z");
  auto lex = [&](std::string_view min, std::string_view max, bool reverse) {
    const std::optional<LexRange> range = ParseLexRange(min, max);
    EXPECT_TRUE(range.has_value());
    return range ? Text(ByLex(zset, *range, reverse, 0, kAll)) : "";
  };
  EXPECT_EQ(lex("-", "+", false), Text(Sorted(model)));
  EXPECT_EQ(lex("-", "+", true), "d=3 a=2 e=1 c=1 b=1 ");
  EXPECT_EQ(lex("[c", "+", false), "c=1 e=1 a=2 d=3 ");
  EXPECT_EQ(lex("-", "[c", false), "b=1 c=1 ") << "stops at the first member above max";

  // Members in byte order as well as by score: redis-server 7.0.15 starts at the first member
  // not below min (ZRANGEBYLEX k (b +: c; (z +: nothing), passing over the lowest score's.
  const Model ordered = {{"a", 1}, {"b", 2}, {"c", 3}};
  ASSERT_NO_FATAL_FAILURE(Write("k", ordered));
  ZSet k = Load("k");
  auto lex_k = [&](std::string_view min, std::string_view max) {
    const std::optional<LexRange> range = ParseLexRange(min, max);
    EXPECT_TRUE(range.has_value());
    return range ? Text(ByLex(k, *range, false, 0, kAll)) : "";
  };
  EXPECT_EQ(lex_k("(b", "+"), "c=3 ");
  EXPECT_EQ(lex_k("(z", "+"), "");
  EXPECT_EQ(lex_k("[a", "[b"), "a=1 b=2 ");
}

TEST_F(ZSetTest, RanksInBothDirectionsAndOfMissingMembers) {
  const Model model = ManyMembers();
  ASSERT_NO_FATAL_FAILURE(Write("z", model));
  ZSet zset = Load("z");
  const Entries sorted = Sorted(model);
  for (size_t rank = 0; rank < sorted.size(); rank += 7) {
    ASSERT_OK_AND_ASSIGN(std::optional<uint64_t> forward, zset.Rank(sorted[rank].member, false));
    EXPECT_EQ(forward, std::optional<uint64_t>(rank)) << testkit::Escape(sorted[rank].member);
    ASSERT_OK_AND_ASSIGN(std::optional<uint64_t> backward, zset.Rank(sorted[rank].member, true));
    EXPECT_EQ(backward, std::optional<uint64_t>(sorted.size() - 1 - rank))
        << testkit::Escape(sorted[rank].member);
  }
  for (const ZSet::Entry& edge : {sorted.front(), sorted.back()}) {
    ASSERT_OK_AND_ASSIGN(std::optional<uint64_t> forward, zset.Rank(edge.member, false));
    ASSERT_OK_AND_ASSIGN(std::optional<uint64_t> backward, zset.Rank(edge.member, true));
    ASSERT_TRUE(forward && backward) << testkit::Escape(edge.member);
    EXPECT_EQ(*forward + *backward, sorted.size() - 1) << testkit::Escape(edge.member);
  }
  ASSERT_OK_AND_ASSIGN(std::optional<uint64_t> missing, zset.Rank("not a member", false));
  EXPECT_EQ(missing, std::nullopt);
  ASSERT_OK(zset.Put("staged", 1).status());
  ASSERT_OK_AND_ASSIGN(missing, zset.Rank("staged", false));
  EXPECT_EQ(missing, std::nullopt) << "a staged member has no stored rank";
  ZSet none = Load("no such key");
  ASSERT_OK_AND_ASSIGN(missing, none.Rank("a", true));
  EXPECT_EQ(missing, std::nullopt);
}

TEST_F(ZSetTest, ClearStartsANewVersionAndReplacingOverwritesAnyValue) {
  ASSERT_NO_FATAL_FAILURE(Write("z", {{"a", 1}, {"b", 2}}));
  ZSet zset = Load("z");
  const uint64_t old_version = zset.version();
  zset.Clear();
  EXPECT_EQ(zset.size(), 0u);
  ASSERT_OK_AND_ASSIGN(std::optional<double> score, zset.Score("a"));
  EXPECT_EQ(score, std::nullopt) << "a cleared member is gone";
  ASSERT_OK_AND_ASSIGN(std::optional<double> previous, zset.Put("c", 3));
  EXPECT_EQ(previous, std::nullopt);
  const Keyspace::Batch batch = CommitCounting(zset);
  for (const Keyspace::Batch::RecordOp& op : batch.record_ops()) {
    EXPECT_TRUE(op.value.has_value()) << "a new version has nothing to delete";
  }
  EXPECT_NE(zset.version(), old_version);
  ExpectStored("z", {{"c", 3}});

  ValueEnvelope string;
  string.payload = "a string";
  ASSERT_OK(keyspace_->Put(0, "s", string));
  ZSet replacing = ZSet::Replacing(*keyspace_, 0, "s", /*key_exists=*/true);
  ASSERT_OK(replacing.Put("x", 1).status());
  ASSERT_OK(replacing.Commit());
  ExpectStored("s", {{"x", 1}});
  EXPECT_EQ(keyspace_->KeyCount(0), 2u);

  ZSet emptied = ZSet::Replacing(*keyspace_, 0, "s", /*key_exists=*/true);
  ASSERT_OK(emptied.Commit());
  ExpectStored("s", {});
  EXPECT_EQ(keyspace_->KeyCount(0), 1u) << "a destination left empty is deleted";
}

TEST_F(ZSetTest, ASetThatEmptiesIsDeletedAndAReCreatedOneGetsANewVersion) {
  ASSERT_NO_FATAL_FAILURE(Write("z", {{"a", 1}, {"b", 2}, {"c", 3}}));
  ZSet zset = Load("z");
  const uint64_t old_version = zset.version();
  for (const char* member : {"a", "b", "c"}) ASSERT_OK(zset.Remove(member).status());
  const Keyspace::Batch batch = CommitCounting(zset);
  EXPECT_TRUE(batch.record_ops().empty()) << "the key's deletion ends every record at once";
  EXPECT_FALSE(zset.exists());
  EXPECT_EQ(keyspace_->KeyCount(0), 0u);
  ExpectStored("z", {});
  EXPECT_EQ(IndexRecords("z", old_version).size(), 3u) << "stale until compaction";

  ASSERT_NO_FATAL_FAILURE(Write("z", {{"b", 5}}));
  ZSet again = Load("z");
  EXPECT_NE(again.version(), old_version);
  ASSERT_OK_AND_ASSIGN(std::optional<double> score, again.Score("a"));
  EXPECT_EQ(score, std::nullopt) << "the old a never comes back";
  ExpectStored("z", {{"b", 5}});
  ASSERT_OK_AND_ASSIGN(std::optional<uint64_t> rank, again.Rank("c", false));
  EXPECT_EQ(rank, std::nullopt);
}

// After DEL, an overwrite by a string and an expiry, a full compaction leaves only the live
// set's records on disk, both families of them: the filter judges an index record by its
// owner's version (OwnerVersion), not by the version with the second family's bit.
TEST_F(ZSetTest, CompactionDropsEndedSetsAndKeepsBothFamiliesOfLiveOnes) {
  Model hundred;
  for (int i = 0; i < 100; ++i) hundred["member" + std::to_string(i)] = i % 7;
  for (std::string key : {"deleted", "overwritten", "expiring", "live"}) {
    ASSERT_NO_FATAL_FAILURE(Write(key, hundred));
  }
  ASSERT_OK(engine_->CompactAll());
  EXPECT_EQ(RecordsOnDisk(), 800u) << "four sets of 100 members, two records each";
  EXPECT_EQ(filter_->dropped_elements(), 0u) << "every set is live";

  ASSERT_OK(keyspace_->Delete(0, "deleted").status());
  ValueEnvelope string;
  string.payload = "now a string";
  ASSERT_OK(keyspace_->Put(0, "overwritten", string));
  ASSERT_OK_AND_ASSIGN(std::optional<ValueEnvelope> expiring, keyspace_->Get(0, "expiring"));
  ASSERT_TRUE(expiring.has_value());
  expiring->expire_at_ms = kStart + 10;
  ASSERT_OK(keyspace_->Put(0, "expiring", *expiring));
  clock_.Advance(10);

  ASSERT_OK(engine_->CompactAll());
  EXPECT_EQ(RecordsOnDisk(), 200u) << "the live set's member and index records";
  EXPECT_EQ(filter_->dropped_elements(), 600u);
  Reopen();
  ExpectStored("live", hundred);
  ExpectStored("deleted", {});
}

// Stage 09's filter, which knows no sorted set, takes a sorted set's envelope for a string's
// and would drop both families of a live set's records.
TEST_F(ZSetTest, OnlyASortedSetAwareFilterKeepsALiveSetsRecords) {
  ASSERT_NO_FATAL_FAILURE(Write("z", {{"a", 1}}));
  const uint64_t version = Load("z").version();
  const std::string member_record = Keyspace::RecordKey(1, "z", ElementSuffix(version, "a"));
  const std::string index_record = Keyspace::RecordKey(1, "z", ScoreIndexSuffix(version, 1, "a"));
  ASSERT_OK_AND_ASSIGN(std::string score, engine_->Get(member_record));
  ASSERT_EQ(testkit::Escape(score), testkit::Escape(EncodeScore(1)))
      << "database 0 has id 1 in a fresh keyspace";
  ASSERT_OK_AND_ASSIGN(std::string empty, engine_->Get(index_record));
  StaleElementFilter lists_and_collections(nullptr, &clock_, ListOrCollectionVersion);
  lists_and_collections.set_engine(engine_.get());
  EXPECT_TRUE(lists_and_collections.ShouldDrop(1, member_record, score));
  EXPECT_TRUE(lists_and_collections.ShouldDrop(1, index_record, empty));
  StaleElementFilter with_zsets(nullptr, &clock_, ZSetOrCollectionVersion);
  with_zsets.set_engine(engine_.get());
  EXPECT_FALSE(with_zsets.ShouldDrop(1, member_record, score));
  EXPECT_FALSE(with_zsets.ShouldDrop(1, index_record, empty));
}

TEST_F(ZSetTest, DamagedMetadataAndScoresAreCorruption) {
  ValueEnvelope damaged;
  damaged.type = ValueType::kZSet;
  damaged.payload = "\x80";
  Result<ZSet> zset = ZSet::Load(*keyspace_, 0, "z", damaged);
  EXPECT_TRUE(zset.status().IsCorruption()) << zset.status().ToString();

  ASSERT_NO_FATAL_FAILURE(Write("z", {{"a", 1}}));
  ZSet stored = Load("z");
  Keyspace::Batch batch;
  batch.PutRecord(0, "z", ElementSuffix(stored.version(), "a"), "not 8 bytes");
  ASSERT_OK(keyspace_->Apply(batch));
  Result<std::optional<double>> score = stored.Score("a");
  EXPECT_TRUE(score.status().IsCorruption()) << score.status().ToString();
  Result<std::optional<uint64_t>> rank = stored.Rank("a", false);
  EXPECT_TRUE(rank.status().IsCorruption()) << rank.status().ToString();
}

// ZPOPMIN's pattern: each command reads the first records and removes them. The low mark
// moves past them, so the next scan starts after their tombstones; a put below the mark moves
// it back down, and the set reads as the model throughout.
TEST_F(ZSetTest, PopsFromTheFrontMoveTheLowMarkAndPutsBelowItMoveItBack) {
  Model model;
  for (int i = 0; i < 60; ++i) model["m" + std::to_string(100 + i)] = i;
  ASSERT_NO_FATAL_FAILURE(Write("q", model));
  const uint64_t version = Load("q").version();
  auto stored_mark = [&]() -> std::string {
    Result<std::optional<std::string>> mark = keyspace_->GetRecord(0, "q", LowMarkSuffix(version));
    EXPECT_OK(mark.status());
    return mark.ok() && *mark ? **mark : "(none)";
  };
  EXPECT_EQ(stored_mark(), "(none)") << "a set nobody popped has no mark";
  for (int round = 0; round < 10; ++round) {
    ZSet zset = Load("q");
    const Entries popped = ByRank(zset, 0, 2, false);
    ASSERT_EQ(popped.size(), 3u);
    for (const ZSet::Entry& entry : popped) {
      ASSERT_OK_AND_ASSIGN(bool removed, zset.Remove(entry.member));
      EXPECT_TRUE(removed) << entry.member;
      model.erase(entry.member);
    }
    ASSERT_OK(zset.Commit());
    EXPECT_EQ(stored_mark(),
              ScoreIndexSuffix(version, popped.back().score, popped.back().member) + '\0')
        << "round " << round;
    EXPECT_EQ(Text(ByRank(Load("q"), 0, 0, false)), Text(Page(Sorted(model), false, 0, 1)))
        << "round " << round;
  }
  // Below the mark: the mark comes down to it, and rank 0 is the new member.
  ZSet zset = Load("q");
  ASSERT_OK(zset.Put("low", -5).status());
  ASSERT_OK(zset.Commit());
  model["low"] = -5;
  EXPECT_EQ(stored_mark(), ScoreIndexSuffix(version, -5, "low"));
  ExpectStored("q", model);
  // A removal that is not at the front leaves the mark where it is.
  zset = Load("q");
  ASSERT_OK(zset.Remove("m150").status());
  ASSERT_OK(zset.Commit());
  model.erase("m150");
  EXPECT_EQ(stored_mark(), ScoreIndexSuffix(version, -5, "low"));
  ExpectStored("q", model);
}

}  // namespace
}  // namespace stepdb
