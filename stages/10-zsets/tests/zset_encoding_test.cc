// The sorted set layout (zset_encoding.h): the score encoding's order and round trip, the index
// records' suffixes, the version every type's envelope names; and the argument parsers
// (zset_args.h) against the answers redis-server gave for the same texts.
#include "zset_encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "collection_encoding.h"
#include "common/coding.h"
#include "common/testkit/escape.h"
#include "common/testkit/status_matchers.h"
#include "list_encoding.h"
#include "zset.h"
#include "zset_args.h"

namespace stepdb {
namespace {

using Limits = std::numeric_limits<double>;
constexpr double kInf = Limits::infinity();

uint64_t Bits(double value) { return std::bit_cast<uint64_t>(value); }

std::string BigEndian(uint64_t value) {
  std::string out;
  PutBigEndian64(&out, value);
  return out;
}

// Prints a double with its bits, so that 0.0 and -0.0 (or two NaNs) can be told apart.
std::string Show(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.17g (bits %016llx)", value,
                static_cast<unsigned long long>(Bits(value)));
  return text;
}

// --- The score encoding ---------------------------------------------------------------------

TEST(ZSetEncoding, ScoreBytesSortAsTheNumbersAtTheEdges) {
  const std::vector<double> ascending = {-kInf,
                                         Limits::lowest(),
                                         -1.0,
                                         -Limits::min(),
                                         -Limits::denorm_min(),
                                         -0.0,
                                         0.0,
                                         Limits::denorm_min(),
                                         Limits::min(),
                                         1.0,
                                         Limits::max(),
                                         kInf};
  for (size_t i = 0; i + 1 < ascending.size(); ++i) {
    const std::string low = EncodeScore(ascending[i]);
    const std::string high = EncodeScore(ascending[i + 1]);
    ASSERT_EQ(low.size(), 8u);
    if (ascending[i] == ascending[i + 1]) {  // -0.0 and 0.0: one score
      EXPECT_EQ(testkit::Escape(low), testkit::Escape(high))
          << Show(ascending[i]) << " and " << Show(ascending[i + 1]);
    } else {
      EXPECT_LT(low, high) << Show(ascending[i]) << " encodes as " << testkit::Escape(low)
                           << ", not below " << Show(ascending[i + 1]) << ": "
                           << testkit::Escape(high);
    }
  }
}

TEST(ZSetEncoding, RandomScoresSortByBytesAsByValueAndDecodeBitForBit) {
  std::mt19937_64 random(20240610);
  std::vector<double> scores;
  scores.reserve(100'000);
  // Any bit pattern but NaN: every exponent, both signs, denormals, infinities.
  while (scores.size() < 60'000) {
    const double value = std::bit_cast<double>(random());
    if (!std::isnan(value)) scores.push_back(value);
  }
  // Where real scores lie: near zero, timestamps, small integers (many ties).
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::uniform_real_distribution<double> wide(-1e15, 1e15);
  std::uniform_int_distribution<int> small(-50, 50);
  while (scores.size() < 100'000) {
    scores.push_back(unit(random));
    scores.push_back(wide(random));
    scores.push_back(small(random));
    scores.push_back(unit(random) * Limits::denorm_min() * 1000);
  }
  for (double score : scores) {
    const std::string bytes = EncodeScore(score);
    const std::optional<double> back = DecodeScore(bytes);
    ASSERT_TRUE(back.has_value()) << Show(score) << " -> " << testkit::Escape(bytes);
    const double expected = score == 0 ? 0.0 : score;  // -0.0 comes back as 0.0
    ASSERT_EQ(Bits(*back), Bits(expected))
        << Show(score) << " -> " << testkit::Escape(bytes) << " -> " << Show(*back);
  }
  std::vector<std::pair<std::string, double>> by_bytes;
  by_bytes.reserve(scores.size());
  for (double score : scores) by_bytes.emplace_back(EncodeScore(score), score);
  std::sort(by_bytes.begin(), by_bytes.end());
  std::vector<double> by_value = scores;
  std::sort(by_value.begin(), by_value.end());
  for (size_t i = 0; i < scores.size(); ++i) {
    ASSERT_EQ(by_bytes[i].second, by_value[i])
        << "at " << i << ": byte order gives " << Show(by_bytes[i].second) << ", value order "
        << Show(by_value[i]);
  }
}

TEST(ZSetEncoding, ScoresEncodeAsTheWorkedExampleSays) {
  const struct {
    double score;
    std::string bytes;
  } examples[] = {
      {-kInf, std::string("\x00\x0f\xff\xff\xff\xff\xff\xff", 8)},
      {-1.0, std::string("\x40\x0f\xff\xff\xff\xff\xff\xff", 8)},
      {0.0, std::string("\x80\x00\x00\x00\x00\x00\x00\x00", 8)},
      {-0.0, std::string("\x80\x00\x00\x00\x00\x00\x00\x00", 8)},
      {1.0, std::string("\xbf\xf0\x00\x00\x00\x00\x00\x00", 8)},
      {1.5, std::string("\xbf\xf8\x00\x00\x00\x00\x00\x00", 8)},
      {kInf, std::string("\xff\xf0\x00\x00\x00\x00\x00\x00", 8)},
  };
  for (const auto& example : examples) {
    EXPECT_EQ(testkit::Escape(EncodeScore(example.score)), testkit::Escape(example.bytes))
        << Show(example.score);
  }
}

TEST(ZSetEncoding, DecodeRefusesBytesThatAreNotEight) {
  const std::string one = EncodeScore(1.0);
  for (const std::string& bytes : {std::string(), one.substr(0, 7), one + "x", one + one}) {
    EXPECT_FALSE(DecodeScore(bytes).has_value()) << "decoded " << testkit::Escape(bytes);
  }
}

// --- The index records ----------------------------------------------------------------------

TEST(ZSetEncoding, IndexSuffixIsTheSecondFamilyVersionThenScoreThenMember) {
  const uint64_t version = 1'700'000'000'123'456;
  const std::string suffix = ScoreIndexSuffix(version, 1.5, "member");
  EXPECT_EQ(testkit::Escape(suffix), testkit::Escape(BigEndian(version | (uint64_t{1} << 63)) +
                                                     EncodeScore(1.5) + "member"));
  EXPECT_EQ(testkit::Escape(ScoreIndexPrefix(version)), testkit::Escape(suffix.substr(0, 8)));
  EXPECT_EQ(testkit::Escape(ScoreIndexSeek(version, 1.5)), testkit::Escape(suffix.substr(0, 16)));
  // The two families of one version never share a prefix, and both belong to the version.
  EXPECT_NE(ScoreIndexPrefix(version), ElementPrefix(version));
  EXPECT_EQ(OwnerVersion(DecodeBigEndian64(suffix.data())), version);
  EXPECT_EQ(OwnerVersion(DecodeBigEndian64(ElementPrefix(version).data())), version);
}

TEST(ZSetEncoding, IndexSuffixesParseBack) {
  const std::string with_zero_bytes("a\0b\xff", 4);
  for (double score : {-kInf, -2.5, 0.0, Limits::denorm_min(), 3.0, kInf}) {
    for (const std::string& member : {std::string(), std::string("m"), with_zero_bytes}) {
      const std::string suffix = ScoreIndexSuffix(42, score, member);
      const std::optional<ScoreIndexEntry> entry = ParseScoreIndexSuffix(suffix);
      ASSERT_TRUE(entry.has_value()) << testkit::Escape(suffix);
      EXPECT_EQ(Bits(entry->score), Bits(score)) << testkit::Escape(suffix);
      EXPECT_EQ(testkit::Escape(entry->member), testkit::Escape(member));
    }
  }
}

TEST(ZSetEncoding, IndexSuffixesSortByScoreThenMemberBytes) {
  // In (score, member) order, as Redis orders a sorted set; equal scores by member bytes.
  const std::vector<std::pair<double, std::string>> ordered = {
      {-kInf, "z"}, {-1, "b"}, {0, ""},  {0, "a"},  {0, std::string("a\0", 2)},
      {0, "ab"},    {0, "b"},  {2, "a"}, {kInf, ""}};
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    const std::string low = ScoreIndexSuffix(7, ordered[i].first, ordered[i].second);
    const std::string high = ScoreIndexSuffix(7, ordered[i + 1].first, ordered[i + 1].second);
    EXPECT_LT(low, high) << testkit::Escape(low) << " vs " << testkit::Escape(high);
  }
  EXPECT_LE(ScoreIndexSeek(7, 0), ScoreIndexSuffix(7, 0, ""));
  EXPECT_LT(ScoreIndexSuffix(7, -1, "zzz"), ScoreIndexSeek(7, 0));
}

TEST(ZSetEncoding, ShortIndexSuffixesDoNotParse) {
  const std::string suffix = ScoreIndexSuffix(9, 1.0, "m");
  for (size_t length = 0; length < 16; ++length) {
    EXPECT_FALSE(ParseScoreIndexSuffix(suffix.substr(0, length)).has_value())
        << "parsed " << testkit::Escape(suffix.substr(0, length));
  }
  const std::optional<ScoreIndexEntry> bare = ParseScoreIndexSuffix(suffix.substr(0, 16));
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->score, 1.0);
  EXPECT_EQ(bare->member, "");
}

TEST(ZSetEncoding, VersionOfEveryType) {
  auto envelope_of = [](ValueType type, std::string payload) {
    ValueEnvelope envelope;
    envelope.type = type;
    envelope.payload = std::move(payload);
    return envelope;
  };
  std::string collection_meta;
  EncodeCollectionMeta({123, 4}, &collection_meta);
  std::string list_meta;
  EncodeListMeta({456, kListStartPosition, 2}, &list_meta);

  const struct {
    ValueType type;
    std::string payload;
    std::optional<uint64_t> version;
  } cases[] = {
      {ValueType::kString, "just a string", std::nullopt},
      {ValueType::kHash, collection_meta, 123},
      {ValueType::kSet, collection_meta, 123},
      {ValueType::kList, list_meta, 456},
      {ValueType::kZSet, collection_meta, 123},
  };
  for (const auto& c : cases) {
    ASSERT_OK_AND_ASSIGN(std::optional<uint64_t> version,
                         ZSetOrCollectionVersion(envelope_of(c.type, c.payload)));
    EXPECT_EQ(version, c.version) << ValueTypeName(c.type);
  }
  for (const std::string& damaged :
       {std::string(), collection_meta + "x", std::string("\x80"), list_meta}) {
    Result<std::optional<uint64_t>> version =
        ZSetOrCollectionVersion(envelope_of(ValueType::kZSet, damaged));
    EXPECT_TRUE(version.status().IsCorruption())
        << testkit::Escape(damaged) << ": " << version.status().ToString();
  }
}

// --- The argument parsers, against redis-server ---------------------------------------------

// The scores ZADD z <text> x takes, and what ZSCORE then showed; checked with redis-server
// 7.0.15 (ZADD answers ":1" for each, then ZSCORE shows the value).
TEST(ZSetEncoding, ScoresRedisAccepts) {
  const struct {
    std::string text;
    double score;
  } accepted[] = {
      {"1", 1},
      {"-2.5", -2.5},
      {"1e3", 1000},
      {"1e+2", 100},
      {"1E2", 100},
      {"00012", 12},
      {"1.", 1},
      {".5", 0.5},
      {"+.5", 0.5},
      {"-0", 0},
      {"-0.0", 0},
      {"inf", kInf},
      {"+inf", kInf},
      {"-inf", -kInf},
      {"INF", kInf},
      {"Inf", kInf},
      {"infinity", kInf},
      {"+infinity", kInf},
      {"-Infinity", -kInf},
      {"0x10", 16},
      {"0X1p3", 8},
      {"0x1.8p1", 3},
      {"9007199254740993", 9007199254740992},  // rounded to a double
      {"1e308", 1e308},
      {"-1e308", -1e308},
      {"1.7976931348623157e308", Limits::max()},
      {"4.9e-324", Limits::denorm_min()},  // a denormal is not an underflow to zero
  };
  for (const auto& c : accepted) {
    const std::optional<double> score = ParseScore(c.text);
    ASSERT_TRUE(score.has_value()) << "refused " << testkit::Escape(c.text);
    EXPECT_EQ(Bits(*score), Bits(c.score))
        << testkit::Escape(c.text) << ": got " << Show(*score) << ", expected " << Show(c.score);
  }
}

// The texts ZADD z <text> x refused with "-ERR value is not a valid float", checked with
// redis-server 7.0.15.
TEST(ZSetEncoding, ScoresRedisRefuses) {
  const std::string refused[] = {
      "",
      "  ",
      " 1",
      "\t1",
      "1 ",
      "1\n",
      std::string("1\0", 2),
      "inf ",
      "1e400",
      "-1e400",
      "1.7976931348623159e308",
      "1e-400",
      "2.4e-324",
      "nan",
      "NaN",
      "-nan",
      "nan(123)",
      "1e",
      "e1",
      "+",
      "-",
      "0x",
      "1_0",
      "1,5",
      "(1",
      "infin",
      "infinit",
  };
  for (const std::string& text : refused) {
    const std::optional<double> score = ParseScore(text);
    EXPECT_FALSE(score.has_value())
        << "accepted " << testkit::Escape(text) << " as " << Show(score.value_or(0));
  }
}

// Score bounds as ZCOUNT z <min> +inf and ZCOUNT z -inf <max> read them, on a set of scores
// -inf -1 0 1 2 inf; checked with redis-server 7.0.15, whose counts the bounds below give.
// Redis parses bounds more loosely than scores (zslParseRange: strtod up to a zero byte).
TEST(ZSetEncoding, ScoreBoundsAsRedisReadsThem) {
  const struct {
    std::string text;
    double value;
    bool exclusive;
  } accepted[] = {
      {"1", 1, false},
      {"(1", 1, true},
      {"( 1", 1, true},
      {" 1", 1, false},
      {"\t2", 2, false},
      {"", 0, false},
      {"(", 0, true},
      {"(inf", kInf, true},
      {"(-inf", -kInf, true},
      {"+inf", kInf, false},
      {"inf", kInf, false},
      {"infinity", kInf, false},
      {"-inf", -kInf, false},
      {"1e400", kInf, false},
      {"(1e400", kInf, true},
      {"2.4e-324", 0, false},
      {std::string("1\0x", 3), 1, false},
      {"0x10", 16, false},
  };
  for (const auto& c : accepted) {
    for (const bool as_min : {true, false}) {
      const std::optional<ScoreRange> range =
          as_min ? ParseScoreRange(c.text, "+inf") : ParseScoreRange("-inf", c.text);
      ASSERT_TRUE(range.has_value()) << "refused " << testkit::Escape(c.text);
      const ScoreBound bound = as_min ? range->min : range->max;
      EXPECT_EQ(bound.value, c.value) << testkit::Escape(c.text);
      EXPECT_EQ(bound.exclusive, c.exclusive) << testkit::Escape(c.text);
    }
  }
  // "-ERR min or max is not a float" for each, as min or as max.
  const std::string refused[] = {"1 ", "((1", "nan", "(nan", "[1", "1e", "-", "+", " (1"};
  for (const std::string& text : refused) {
    EXPECT_FALSE(ParseScoreRange(text, "+inf").has_value()) << "accepted " << testkit::Escape(text);
    EXPECT_FALSE(ParseScoreRange("-inf", text).has_value()) << "accepted " << testkit::Escape(text);
  }
}

// Lex bounds as ZLEXCOUNT z <min> + and ZLEXCOUNT z - <max> read them, on a set of the members
// "" "+" "-" "a" "b" "c" (all of score 0); checked with redis-server 7.0.15.
TEST(ZSetEncoding, LexBoundsAsRedisReadsThem) {
  using Kind = LexBound::Kind;
  const struct {
    std::string text;
    Kind kind;
    std::string value;
  } accepted[] = {
      {"-", Kind::kMinusInfinity, ""},
      {"+", Kind::kPlusInfinity, ""},
      {std::string("+\0", 2), Kind::kPlusInfinity, ""},
      {std::string("-\0x", 3), Kind::kMinusInfinity, ""},
      {"[a", Kind::kInclusive, "a"},
      {"(a", Kind::kExclusive, "a"},
      {"[", Kind::kInclusive, ""},
      {"(", Kind::kExclusive, ""},
      {"[+", Kind::kInclusive, "+"},
      {"(-", Kind::kExclusive, "-"},
      {std::string("[b\0", 3), Kind::kInclusive, std::string("b\0", 2)},
  };
  for (const auto& c : accepted) {
    for (const bool as_min : {true, false}) {
      const std::optional<LexRange> range =
          as_min ? ParseLexRange(c.text, "+") : ParseLexRange("-", c.text);
      ASSERT_TRUE(range.has_value()) << "refused " << testkit::Escape(c.text);
      const LexBound& bound = as_min ? range->min : range->max;
      EXPECT_EQ(bound.kind, c.kind) << testkit::Escape(c.text);
      EXPECT_EQ(testkit::Escape(bound.value), testkit::Escape(c.value)) << testkit::Escape(c.text);
    }
  }
  // "-ERR min or max not valid string range item" for each, as min or as max.
  const std::string refused[] = {"", "a", "--", "++", "{a", " [a", "-a", "+a"};
  for (const std::string& text : refused) {
    EXPECT_FALSE(ParseLexRange(text, "+").has_value()) << "accepted " << testkit::Escape(text);
    EXPECT_FALSE(ParseLexRange("-", text).has_value()) << "accepted " << testkit::Escape(text);
  }
}

// ZCOUNT's answers on the set of scores -inf -1 0 1 2 inf, checked with redis-server 7.0.15;
// the empty ranges are those Redis answers 0 for whatever the set holds.
TEST(ZSetEncoding, ScoreRangesHoldWhatRedisCounts) {
  const std::vector<double> scores = {-kInf, -1, 0, 1, 2, kInf};
  const struct {
    std::string min, max;
    uint64_t count;
    bool empty;
  } cases[] = {
      {"1", "1", 1, false},         {"(1", "1", 0, true},
      {"1", "(1", 0, true},         {"(1", "(1", 0, true},
      {"2", "1", 0, true},          {"inf", "inf", 1, false},
      {"(inf", "inf", 0, true},     {"-inf", "-inf", 1, false},
      {"-inf", "(-inf", 0, true},   {"0", "-0", 1, false},
      {"(0", "-0", 0, true},        {"-0", "(0", 0, true},
      {"1", "2", 2, false},         {"(1", "(2", 0, false},
      {"(1e-400", "1", 1, false},   {"-inf", "+inf", 6, false},
      {"(-inf", "(+inf", 4, false}, {"", "+inf", 4, false},
      {"(", "+inf", 3, false},      {"-inf", "", 3, false},
      {"-inf", "(", 2, false},      {"\t2", "+inf", 2, false},
      {"-inf", "\t2", 5, false},    {"1e400", "+inf", 1, false},
      {"(1e400", "+inf", 0, true},  {"2.4e-324", "+inf", 4, false},
  };
  for (const auto& c : cases) {
    const std::optional<ScoreRange> range = ParseScoreRange(c.min, c.max);
    ASSERT_TRUE(range.has_value()) << testkit::Escape(c.min) << " " << testkit::Escape(c.max);
    const auto count = static_cast<uint64_t>(std::count_if(
        scores.begin(), scores.end(), [&](double score) { return range->Contains(score); }));
    EXPECT_EQ(count, c.count) << "ZCOUNT z " << testkit::Escape(c.min) << " "
                              << testkit::Escape(c.max);
    EXPECT_EQ(IsEmptyRange(*range), c.empty)
        << "IsEmptyRange " << testkit::Escape(c.min) << " " << testkit::Escape(c.max);
  }
}

// ZLEXCOUNT's answers on the members "" "+" "-" "a" "b" "c", all of score 0, checked with
// redis-server 7.0.15.
TEST(ZSetEncoding, LexRangesHoldWhatRedisCounts) {
  const std::vector<std::string> members = {"", "+", "-", "a", "b", "c"};
  const struct {
    std::string min, max;
    uint64_t count;
    bool empty;
  } cases[] = {
      {"-", "-", 0, true},
      {"+", "+", 0, true},
      {"+", "-", 0, true},
      {"[a", "[a", 1, false},
      {"(a", "[a", 0, true},
      {"[a", "(a", 0, true},
      {"[b", "[a", 0, true},
      {"-", "[a", 4, false},
      {"[a", "+", 3, false},
      {"[", "[", 1, false},
      {"(", "(", 0, true},
      {"-", "+", 6, false},
      {"(a", "+", 2, false},
      {"[", "+", 6, false},
      {"(", "+", 5, false},
      {"-", "[", 1, false},
      {"-", "(", 0, false},
      {std::string("[b\0", 3), "+", 1, false},
      {"-", std::string("[b\0", 3), 5, false},
      {"[+", "+", 5, false},
      {"-", "[+", 2, false},
      {"(-", "+", 3, false},
      {"-", "(-", 2, false},
  };
  for (const auto& c : cases) {
    const std::optional<LexRange> range = ParseLexRange(c.min, c.max);
    ASSERT_TRUE(range.has_value()) << testkit::Escape(c.min) << " " << testkit::Escape(c.max);
    const auto count = static_cast<uint64_t>(
        std::count_if(members.begin(), members.end(),
                      [&](const std::string& member) { return range->Contains(member); }));
    EXPECT_EQ(count, c.count) << "ZLEXCOUNT z " << testkit::Escape(c.min) << " "
                              << testkit::Escape(c.max);
    EXPECT_EQ(IsEmptyRange(*range), c.empty)
        << "IsEmptyRange " << testkit::Escape(c.min) << " " << testkit::Escape(c.max);
  }
}

}  // namespace
}  // namespace stepdb
