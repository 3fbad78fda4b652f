// A property test of the sorted set commands over a real stepdb-stage10 process: random ZADD
// (with NX, XX, GT, LT, CH and INCR), ZINCRBY, ZREM, ZSCORE, ZRANK, ZREVRANK, ZCOUNT, ZRANGE by
// rank and by score (exclusive bounds, LIMIT, REV) and its older forms, ZRANGEBYLEX and
// ZLEXCOUNT, ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZPOPMIN, ZPOPMAX, ZCARD and DEL on a few keys,
// each reply checked against a model in memory (member -> score, read in (score, member)
// order), with clean restarts (SIGTERM) and kill -9 at random points. The server runs with
// --fsync always, so every acknowledged write is on disk before its reply: after either kind
// of restart every sorted set must equal the model, both its members (ZMSCORE) and its order
// (ZRANGE). Fixed seeds, so a failure replays.
//
// The domains are small so that members collide and scores tie: eight members, among them
// the empty one and prefixes of others (byte order is not length order), and ten scores
// among them -inf, inf, -0, negative and fractional ones. Every score is a multiple of 0.5,
// so sums stay exact and print the same on both sides; inf plus -inf is Redis's NaN error.
// One key holds only scores of 0: the lex ranges are defined on such a set only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "redis_command_test_support.h"
#include "server_model_test_support.h"

namespace stepdb {
namespace {

using Members = std::map<std::string, double>;  // member -> score
using Model = std::map<std::string, Members>;   // key -> members; no empty sorted sets
using Entry = std::pair<double, std::string>;   // (score, member): a sorted set's order

constexpr int kKeys = 4;
// The last key: every score written to it is 0, so its order is its members' byte order.
const std::string kLexKey = "k" + std::to_string(kKeys - 1);

const std::vector<std::string> kMembers = {"", "a", "aa", "ab", "b", "ba", "c", "xyz"};

constexpr double kInf = std::numeric_limits<double>::infinity();

// A score as a client writes it, and its value.
struct Score {
  std::string text;
  double value;
};
const std::vector<Score> kScores = {
    {"-inf", -kInf}, {"-2.5", -2.5}, {"-1", -1},   {"-0", -0.0}, {"0", 0},
    {".5", 0.5},     {"1", 1},       {"1.5", 1.5}, {"2", 2},     {"+inf", kInf},
};
const std::vector<Score> kZeroScores = {{"0", 0}, {"-0", -0.0}};
// Increments (ZINCRBY, ZADD INCR) leave out -0: given -0 for a member not there yet, Redis 7.0
// replies "-0" (the new score, unrounded), where this server replies "0".
const std::vector<Score> kIncrements = {
    {"-inf", -kInf}, {"-2.5", -2.5}, {"-1", -1}, {"0", 0},       {".5", 0.5},
    {"1", 1},        {"1.5", 1.5},   {"2", 2},   {"+inf", kInf},
};
const std::vector<Score> kZeroIncrements = {{"0", 0}};

const std::string kNanScore = Err("ERR resulting score is not a number (NaN)");

// A score as Redis 7.0 prints it: "%.17g", "inf", "-inf", and -0 as "0".
std::string ScoreReply(double score) {
  if (score == 0) return "0";
  if (std::isinf(score)) return score > 0 ? "inf" : "-inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", score);
  return buffer;
}

// An array of members, with their scores after each if with_scores (RESP2's flat pairs).
std::string EntriesReply(const std::vector<Entry>& entries, bool with_scores) {
  std::string out = "*" + std::to_string(entries.size() * (with_scores ? 2 : 1)) + "\r\n";
  for (const auto& [score, member] : entries) {
    out += Bulk(member);
    if (with_scores) out += Bulk(ScoreReply(score));
  }
  return out;
}

// A score bound of ZCOUNT and the BYSCORE ranges: "(1" excludes 1, "1" includes it.
struct ScoreBound {
  Score score;
  bool exclusive;
  std::string text() const { return (exclusive ? "(" : "") + score.text; }
  // Whether a score of `value` is in a range with this bound as its min (max).
  bool AdmitsAsMin(double value) const {
    return exclusive ? score.value < value : score.value <= value;
  }
  bool AdmitsAsMax(double value) const {
    return exclusive ? score.value > value : score.value >= value;
  }
};

// A lex bound: "-", "+", "[m" (includes m) or "(m" (excludes it).
struct LexBound {
  std::string text;
  // Whether `member` is in a range with this bound as its min (max).
  bool AdmitsAsMin(const std::string& member) const {
    if (text == "-") return true;
    if (text == "+") return false;
    const std::string bound = text.substr(1);
    return text[0] == '[' ? bound <= member : bound < member;
  }
  bool AdmitsAsMax(const std::string& member) const {
    if (text == "-") return false;
    if (text == "+") return true;
    const std::string bound = text.substr(1);
    return text[0] == '[' ? bound >= member : bound > member;
  }
};

// LIMIT offset count: skip offset entries, then keep count (all if count is negative).
struct Limit {
  long long offset = 0;
  long long count = -1;
};

std::vector<Entry> ApplyLimit(const std::vector<Entry>& entries,
                              const std::optional<Limit>& limit) {
  if (!limit) return entries;
  const auto size = static_cast<long long>(entries.size());
  const long long start = std::min(limit->offset, size);
  const long long end = limit->count < 0 ? size : std::min(size, start + limit->count);
  return std::vector<Entry>(entries.begin() + start, entries.begin() + end);
}

// Redis's rank range rule (ZRANGE, ZREMRANGEBYRANK): negative bounds count from the end and
// both are clamped; empty if nothing is left.
std::vector<Entry> Slice(const std::vector<Entry>& entries, long long start, long long stop) {
  const auto length = static_cast<long long>(entries.size());
  if (start < 0) start = std::max(0LL, start + length);
  if (stop < 0) stop += length;
  stop = std::min(stop, length - 1);
  if (start > stop || start >= length) return {};
  return std::vector<Entry>(entries.begin() + start, entries.begin() + stop + 1);
}

class ZSetModel : public ServerModelTest {
 protected:
  ZSetModel() : ServerModelTest(kKeys) {}

  bool Coin() { return random_() % 2 == 0; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[random_() % items.size()];
  }
  const std::string& RandomMember() { return Pick(kMembers); }
  // A score to write to key: any score, or 0 on the lex key.
  const Score& RandomScore(const std::string& key) {
    return Pick(key == kLexKey ? kZeroScores : kScores);
  }
  const Score& RandomIncrement(const std::string& key) {
    return Pick(key == kLexKey ? kZeroIncrements : kIncrements);
  }
  ScoreBound RandomScoreBound() { return {Pick(kScores), random_() % 3 == 0}; }
  LexBound RandomLexBound() {
    switch (random_() % 6) {
      case 0:
        return {"-"};
      case 1:
        return {"+"};
      default:
        return {(Coin() ? "[" : "(") + RandomMember()};
    }
  }
  // A rank or a range bound, negative about a third of the time, sometimes out of range.
  long long RandomRank(const std::string& key) {
    const auto size = static_cast<long long>(MembersOf(key).size());
    const long long rank = static_cast<long long>(random_() % (size + 3));
    return random_() % 3 == 0 ? -rank - 1 : rank;
  }
  // No LIMIT half the time; else an offset of 0..3 and a count of -1 (all) .. 3.
  std::optional<Limit> RandomLimit() {
    if (Coin()) return std::nullopt;
    Limit limit;
    limit.offset = random_() % 4;
    limit.count = static_cast<long long>(random_() % 5) - 1;
    return limit;
  }
  static void AddLimit(const std::optional<Limit>& limit, std::vector<std::string>& request) {
    if (!limit) return;
    request.insert(request.end(),
                   {"LIMIT", std::to_string(limit->offset), std::to_string(limit->count)});
  }

  const Members& MembersOf(const std::string& key) const {
    static const Members kNone;
    auto it = model_.find(key);
    return it == model_.end() ? kNone : it->second;
  }
  void Store(const std::string& key, Members members) {
    if (members.empty()) {
      model_.erase(key);
    } else {
      model_[key] = std::move(members);
    }
  }
  // key's members in (score, member) order, or in the reverse order.
  std::vector<Entry> Ordered(const std::string& key, bool reverse = false) const {
    std::vector<Entry> entries;
    for (const auto& [member, score] : MembersOf(key)) entries.emplace_back(score, member);
    std::sort(entries.begin(), entries.end());
    if (reverse) std::reverse(entries.begin(), entries.end());
    return entries;
  }
  // key without the members of `removed`.
  void RemoveEntries(const std::string& key, const std::vector<Entry>& removed) {
    Members members = MembersOf(key);
    for (const Entry& entry : removed) members.erase(entry.second);
    Store(key, std::move(members));
  }

  // ZRANGE 0 -1 WITHSCORES (the index records), ZMSCORE of every member there could be (the
  // member records) and ZCARD (the envelope) agree with the model.
  void ExpectKeyMatches(const std::string& key) override {
    Expect({"ZRANGE", key, "0", "-1", "WITHSCORES"}, EntriesReply(Ordered(key), true));
    if (HasFatalFailure()) return;
    std::vector<std::string> request = {"ZMSCORE", key};
    std::string expected = "*" + std::to_string(kMembers.size()) + "\r\n";
    const Members& members = MembersOf(key);
    for (const std::string& member : kMembers) {
      request.push_back(member);
      auto it = members.find(member);
      expected += it == members.end() ? kNil : Bulk(ScoreReply(it->second));
    }
    Expect(request, expected);
    if (HasFatalFailure()) return;
    Expect({"ZCARD", key}, Int(static_cast<long long>(members.size())));
  }
  size_t ModelKeys() const override { return model_.size(); }

  // ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], with Redis's rules:
  // NX never updates and XX never adds; GT and LT update only to a greater or a lesser score
  // and never stop an add; the pairs apply in turn; INCR (one pair) adds to the score and
  // replies the new one, or nil if a condition stopped it.
  void Add(const std::string& key) {
    std::vector<std::string> request = {"ZADD", key};
    // The options Redis allows together: NX or XX, GT or LT, never NX with GT or LT.
    const uint32_t condition = random_() % 6;   // 0: NX, 1: XX, else neither
    const uint32_t comparison = random_() % 6;  // 0: GT, 1: LT, else neither
    const bool nx = condition == 0;
    const bool xx = condition == 1;
    const bool gt = !nx && comparison == 0;
    const bool lt = !nx && comparison == 1;
    const bool ch = Coin();
    const bool incr = random_() % 5 == 0;
    if (nx) request.push_back("NX");
    if (xx) request.push_back("XX");
    if (gt) request.push_back("GT");
    if (lt) request.push_back("LT");
    if (ch) request.push_back("CH");
    if (incr) request.push_back("INCR");
    Members members = MembersOf(key);
    long long added = 0;
    long long updated = 0;
    std::optional<double> incr_reply;
    for (uint32_t pairs = incr ? 1 : 1 + random_() % 3; pairs > 0; --pairs) {
      const Score& score = incr ? RandomIncrement(key) : RandomScore(key);
      const std::string& member = RandomMember();
      request.insert(request.end(), {score.text, member});
      auto it = members.find(member);
      if (it == members.end()) {
        if (xx) continue;
        members.emplace(member, score.value);
        ++added;
        incr_reply = score.value;
        continue;
      }
      if (nx) continue;
      const double current = it->second;
      const double next = incr ? current + score.value : score.value;
      if (std::isnan(next)) {
        Expect(request, kNanScore);
        return;
      }
      if ((gt && next <= current) || (lt && next >= current)) continue;
      incr_reply = next;
      if (next != current) {
        it->second = next;
        ++updated;
      }
    }
    if (incr) {
      Expect(request, incr_reply ? Bulk(ScoreReply(*incr_reply)) : kNil);
    } else {
      Expect(request, Int(ch ? added + updated : added));
    }
    Store(key, std::move(members));
  }

  void IncrBy(const std::string& key) {
    const Score& increment = RandomIncrement(key);
    const std::string& member = RandomMember();
    const std::vector<std::string> request = {"ZINCRBY", key, increment.text, member};
    Members members = MembersOf(key);
    auto it = members.find(member);
    const double next = it == members.end() ? increment.value : it->second + increment.value;
    if (std::isnan(next)) {
      Expect(request, kNanScore);
      return;
    }
    members[member] = next;
    Expect(request, Bulk(ScoreReply(next)));
    Store(key, std::move(members));
  }

  void Remove(const std::string& key) {
    std::vector<std::string> request = {"ZREM", key};
    Members members = MembersOf(key);
    long long removed = 0;
    for (uint32_t n = 1 + random_() % 3; n > 0; --n) {
      request.push_back(RandomMember());
      removed += static_cast<long long>(members.erase(request.back()));
    }
    Expect(request, Int(removed));
    Store(key, std::move(members));
  }

  void ScoreOf(const std::string& key) {
    const std::string& member = RandomMember();
    const Members& members = MembersOf(key);
    auto it = members.find(member);
    Expect({"ZSCORE", key, member}, it == members.end() ? kNil : Bulk(ScoreReply(it->second)));
  }

  void RankOf(const std::string& key) {
    const bool reverse = Coin();
    const std::string& member = RandomMember();
    const std::vector<Entry> entries = Ordered(key, reverse);
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const Entry& entry) { return entry.second == member; });
    Expect({reverse ? "ZREVRANK" : "ZRANK", key, member},
           it == entries.end() ? kNil : Int(it - entries.begin()));
  }

  // The entries of key within [min, max], in order (reversed if `reverse`).
  std::vector<Entry> InScoreRange(const std::string& key, const ScoreBound& min,
                                  const ScoreBound& max, bool reverse) const {
    std::vector<Entry> in_range;
    for (const Entry& entry : Ordered(key, reverse)) {
      if (min.AdmitsAsMin(entry.first) && max.AdmitsAsMax(entry.first)) in_range.push_back(entry);
    }
    return in_range;
  }
  std::vector<Entry> InLexRange(const std::string& key, const LexBound& min, const LexBound& max,
                                bool reverse) const {
    std::vector<Entry> in_range;
    for (const Entry& entry : Ordered(key, reverse)) {
      if (min.AdmitsAsMin(entry.second) && max.AdmitsAsMax(entry.second)) in_range.push_back(entry);
    }
    return in_range;
  }

  void Count(const std::string& key) {
    const ScoreBound min = RandomScoreBound();
    const ScoreBound max = RandomScoreBound();
    Expect({"ZCOUNT", key, min.text(), max.text()},
           Int(static_cast<long long>(InScoreRange(key, min, max, false).size())));
  }

  // ZRANGE key start stop [REV] [WITHSCORES]
  void RangeByRank(const std::string& key) {
    const long long start = RandomRank(key);
    const long long stop = RandomRank(key);
    const bool reverse = Coin();
    const bool with_scores = Coin();
    std::vector<std::string> request = {"ZRANGE", key, std::to_string(start), std::to_string(stop)};
    if (reverse) request.push_back("REV");
    if (with_scores) request.push_back("WITHSCORES");
    Expect(request, EntriesReply(Slice(Ordered(key, reverse), start, stop), with_scores));
  }

  // ZRANGE key min max BYSCORE [REV] [LIMIT offset count] [WITHSCORES] (REV takes max first),
  // or its older forms ZRANGEBYSCORE key min max and ZREVRANGEBYSCORE key max min.
  void RangeByScore(const std::string& key) {
    const ScoreBound min = RandomScoreBound();
    const ScoreBound max = RandomScoreBound();
    const bool reverse = Coin();
    const bool with_scores = Coin();
    const std::optional<Limit> limit = RandomLimit();
    const std::string first = reverse ? max.text() : min.text();
    const std::string second = reverse ? min.text() : max.text();
    std::vector<std::string> request;
    if (Coin()) {
      request = {"ZRANGE", key, first, second, "BYSCORE"};
      if (reverse) request.push_back("REV");
    } else {
      request = {reverse ? "ZREVRANGEBYSCORE" : "ZRANGEBYSCORE", key, first, second};
    }
    AddLimit(limit, request);
    if (with_scores) request.push_back("WITHSCORES");
    Expect(request,
           EntriesReply(ApplyLimit(InScoreRange(key, min, max, reverse), limit), with_scores));
  }

  // On the key whose scores are all 0: ZRANGEBYLEX key min max [LIMIT offset count], or
  // ZRANGE key max min BYLEX REV [LIMIT offset count], or ZLEXCOUNT key min max.
  void RangeByLex() {
    const LexBound min = RandomLexBound();
    const LexBound max = RandomLexBound();
    const std::optional<Limit> limit = RandomLimit();
    switch (random_() % 3) {
      case 0: {
        std::vector<std::string> request = {"ZRANGEBYLEX", kLexKey, min.text, max.text};
        AddLimit(limit, request);
        Expect(request,
               EntriesReply(ApplyLimit(InLexRange(kLexKey, min, max, false), limit), false));
        break;
      }
      case 1: {
        std::vector<std::string> request = {"ZRANGE", kLexKey, max.text, min.text, "BYLEX", "REV"};
        AddLimit(limit, request);
        Expect(request,
               EntriesReply(ApplyLimit(InLexRange(kLexKey, min, max, true), limit), false));
        break;
      }
      default:
        Expect({"ZLEXCOUNT", kLexKey, min.text, max.text},
               Int(static_cast<long long>(InLexRange(kLexKey, min, max, false).size())));
    }
  }

  void RemoveRangeByRank(const std::string& key) {
    const long long start = RandomRank(key);
    const long long stop = RandomRank(key);
    const std::vector<Entry> removed = Slice(Ordered(key), start, stop);
    Expect({"ZREMRANGEBYRANK", key, std::to_string(start), std::to_string(stop)},
           Int(static_cast<long long>(removed.size())));
    RemoveEntries(key, removed);
  }

  void RemoveRangeByScore(const std::string& key) {
    const ScoreBound min = RandomScoreBound();
    const ScoreBound max = RandomScoreBound();
    const std::vector<Entry> removed = InScoreRange(key, min, max, false);
    Expect({"ZREMRANGEBYSCORE", key, min.text(), max.text()},
           Int(static_cast<long long>(removed.size())));
    RemoveEntries(key, removed);
  }

  // ZPOPMIN or ZPOPMAX key [count]: the lowest (highest) members with their scores, an empty
  // array if there are none.
  void Pop(const std::string& key) {
    const bool max = Coin();
    std::vector<std::string> request = {max ? "ZPOPMAX" : "ZPOPMIN", key};
    size_t count = 1;
    if (Coin()) {
      count = random_() % 5;
      request.push_back(std::to_string(count));
    }
    std::vector<Entry> popped = Ordered(key, max);
    popped.resize(std::min(count, popped.size()));
    Expect(request, EntriesReply(popped, true));
    RemoveEntries(key, popped);
  }

  void RandomStep() override {
    const uint32_t dice = random_() % 100;
    const std::string key = RandomKey();
    if (dice < 22) {
      Add(key);
    } else if (dice < 28) {
      IncrBy(key);
    } else if (dice < 35) {
      Remove(key);
    } else if (dice < 40) {
      ScoreOf(key);
    } else if (dice < 45) {
      RankOf(key);
    } else if (dice < 50) {
      Count(key);
    } else if (dice < 57) {
      RangeByRank(key);
    } else if (dice < 65) {
      RangeByScore(key);
    } else if (dice < 71) {
      RangeByLex();
    } else if (dice < 74) {
      RemoveRangeByRank(key);
    } else if (dice < 77) {
      RemoveRangeByScore(key);
    } else if (dice < 83) {
      Pop(key);
    } else if (dice < 86) {
      Expect({"ZCARD", key}, Int(static_cast<long long>(MembersOf(key).size())));
    } else if (dice < 88) {
      Expect({"DEL", key}, Int(model_.erase(key) > 0 ? 1 : 0));
    } else if (dice < 96) {
      ExpectKeyMatches(key);
    } else {
      RestartAndCheck(/*crash=*/dice < 98);
    }
  }

  Model model_;
};

TEST_P(ZSetModel, RandomCommandsMatchAModelAcrossRestartsAndKills) {
  SCOPED_TRACE("seed " + std::to_string(GetParam()));
  RunSteps(300);
}

INSTANTIATE_TEST_SUITE_P(Seeds, ZSetModel, ::testing::Values(1u, 2u, 3u), SeedName);

}  // namespace
}  // namespace stepdb
