// Redis's sorted set commands (Redis's t_zset.c) on the two record families of zset.h: a
// member's score is one lookup, and every range is one ordered scan of the index.
//
// Adding. ZADD reads its options and every score before it looks at the key, so a bad score
// anywhere writes nothing. Then each score-member pair is judged against the member's
// current score, as Redis's zsetAdd does:
//
//   the member is     NX          XX         GT / LT                    INCR
//   new               added       skipped    added                      added with the increment
//   there             skipped     updated    updated iff the new score  new score = old + increment
//                                            is greater / less
//
// ZADD replies how many members were added (with CH: added or changed); ZADD INCR and
// ZINCRBY (which is ZADD INCR without options) reply the new score, or nil when an option
// skipped the member.
//
// Ranges. ZRANGE reads one of three kinds of range, and the older commands are ZRANGE with
// the kind and the direction in their name, as in Redis (zrangeGenericCommand):
//
//   ZRANGE k start stop                        by rank    ZREVRANGE k start stop
//   ZRANGE k min max BYSCORE                   by score   ZRANGEBYSCORE k min max
//   ZRANGE k max min BYSCORE REV                          ZREVRANGEBYSCORE k max min
//   ZRANGE k min max BYLEX [REV]               by lex     ZRANGEBYLEX, ZREVRANGEBYLEX
//
// so one parser (RangeSpecOrReply) and one reader (ReadRange) serve all of them, and
// ZRANGESTORE, which stores the range instead of replying it. Ranks are signed, as LRANGE's
// indexes: -1 is the last member, a start still < 0 becomes 0, a stop past the end the last
// member. Ranges by score and lex take LIMIT offset count: a negative count means no limit,
// and a negative offset returns nothing. A reverse range by score or lex names its maximum
// first. With "a:1 b:2 c:3": ZRANGE k 1 -1 is "b c", ZRANGE k (1 3 BYSCORE is "b c", ZRANGE k
// 3 1 BYSCORE REV LIMIT 0 2 is "c b".
//
// Replies WITH SCORES. RESP2 has one flat array, member then score; RESP3 (as Redis 7.0)
// has an array of [member, score] pairs, each score a RESP3 double.
//
// The order of the checks is Redis's, since it decides the reply when several things are
// wrong: the options, then the range's numbers, then the key's type. A range that cannot hold
// a member (min above max) still checks the key's type first.
#include "redis_zset_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collection_lookup.h"
#include "redis_args.h"
#include "zset.h"
#include "zset_args.h"
#include "zset_lookup.h"

namespace stepdb {
namespace {

// Redis 7.0's texts for the sorted set commands' own errors.
constexpr std::string_view kErrXxAndNx =
    "ERR XX and NX options at the same time are not compatible";
constexpr std::string_view kErrGtLtAndNx =
    "ERR GT, LT, and/or NX options at the same time are not compatible";
constexpr std::string_view kErrIncrOnePair =
    "ERR INCR option supports a single increment-element pair";
constexpr std::string_view kErrNanScore = "ERR resulting score is not a number (NaN)";
constexpr std::string_view kErrScoreBounds = "ERR min or max is not a float";
constexpr std::string_view kErrLexBounds = "ERR min or max not valid string range item";
constexpr std::string_view kErrLimitNeedsRange =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
constexpr std::string_view kErrWithscoresByLex =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";

// ZSet's "no limit" for the count of ScanByScore and ScanByLex.
constexpr uint64_t kNoLimit = std::numeric_limits<uint64_t>::max();

bool IntegerOrReply(CommandContext& ctx, std::string_view arg, int64_t* value) {
  if (StringToInt64(arg, value)) return true;
  ctx.reply.Error(kErrNotInteger);
  return false;
}

// ZADD's options, once read.
struct ZaddOptions {
  bool nx = false;
  bool xx = false;
  bool gt = false;
  bool lt = false;
  bool ch = false;
  bool incr = false;
  size_t first_pair = 2;       // the index in argv of the first score
  std::vector<double> scores;  // the score of each pair, in order
};

// Reads ZADD's options, in any order before the first score, and every score. False after
// replying Redis's error: an odd or empty list of pairs, options that contradict each other,
// INCR with more than one pair, or a score that is not a float, in that order.
bool ZaddOptionsOrReply(CommandContext& ctx, ZaddOptions* options) {
  const std::vector<std::string>& argv = ctx.argv;
  size_t i = 2;
  for (; i < argv.size(); ++i) {
    const std::string& option = argv[i];
    if (EqualsIgnoreCase(option, "nx")) {
      options->nx = true;
    } else if (EqualsIgnoreCase(option, "xx")) {
      options->xx = true;
    } else if (EqualsIgnoreCase(option, "gt")) {
      options->gt = true;
    } else if (EqualsIgnoreCase(option, "lt")) {
      options->lt = true;
    } else if (EqualsIgnoreCase(option, "ch")) {
      options->ch = true;
    } else if (EqualsIgnoreCase(option, "incr")) {
      options->incr = true;
    } else {
      break;
    }
  }
  options->first_pair = i;
  const size_t pair_args = argv.size() - i;
  if (pair_args == 0 || pair_args % 2 != 0) {
    ctx.reply.Error(kErrSyntax);
    return false;
  }
  if (options->nx && options->xx) {
    ctx.reply.Error(kErrXxAndNx);
    return false;
  }
  if ((options->gt || options->lt) && (options->nx || (options->gt && options->lt))) {
    ctx.reply.Error(kErrGtLtAndNx);
    return false;
  }
  if (options->incr && pair_args > 2) {
    ctx.reply.Error(kErrIncrOnePair);
    return false;
  }
  for (; i < argv.size(); i += 2) {
    const std::optional<double> score = ParseScore(argv[i]);
    if (!score) {
      ctx.reply.Error(kErrNotFloat);
      return false;
    }
    options->scores.push_back(*score);
  }
  return true;
}

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and ZINCRBY key
// increment member, which Redis runs as ZADD INCR (so it reads the same options, and
// ZINCRBY k nx m is a syntax error): the table at the top of this file.
void ZaddGeneric(CommandContext& ctx, bool incr) {
  ZaddOptions options;
  options.incr = incr;
  if (!ZaddOptionsOrReply(ctx, &options)) return;
  // BEGIN SOLUTION
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 10: ZADD");
  // STARTER: return;
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &zset)) return;
  int64_t added = 0;
  int64_t updated = 0;
  std::optional<double> last_score;  // INCR: the member's new score, unless it was skipped
  for (size_t i = 0; i < options.scores.size(); ++i) {
    const std::string& member = ctx.argv[options.first_pair + 2 * i + 1];
    const Result<std::optional<double>> stored = zset->Score(member);
    if (!OkOrReply(ctx, stored)) return;
    const std::optional<double> old_score = *stored;
    if (old_score ? options.nx : options.xx) continue;
    double score = options.scores[i];
    if (old_score) {
      if (options.incr) score += *old_score;
      if (std::isnan(score)) {  // inf + -inf; INCR has one pair, so nothing is staged yet
        ctx.reply.Error(kErrNanScore);
        return;
      }
      if ((options.gt && score <= *old_score) || (options.lt && score >= *old_score)) continue;
    }
    last_score = score;
    if (old_score && *old_score == score) continue;  // the same score: nothing to write
    if (old_score) {
      ++updated;
    } else {
      ++added;
    }
    if (!OkOrReply(ctx, zset->Put(member, score))) return;
  }
  if (added + updated > 0 && !CommitZSetOrReply(ctx, *zset)) return;
  if (!options.incr) {
    ctx.reply.Integer(options.ch ? added + updated : added);
  } else if (last_score) {
    ctx.reply.Double(*last_score);
  } else {
    ctx.reply.Null();
  }
  // END SOLUTION
}

void ZaddCommand(CommandContext& ctx) { ZaddGeneric(ctx, /*incr=*/false); }
void ZincrbyCommand(CommandContext& ctx) { ZaddGeneric(ctx, /*incr=*/true); }

// ZREM key member [member ...]: how many of the members were there. Removing the last one
// removes the key.
void ZremCommand(CommandContext& ctx) {
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &zset)) return;
  int64_t removed = 0;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const Result<bool> was_there = zset->Remove(ctx.argv[i]);
    if (!OkOrReply(ctx, was_there)) return;
    if (*was_there) ++removed;
  }
  if (removed > 0 && !CommitZSetOrReply(ctx, *zset)) return;
  ctx.reply.Integer(removed);
}

// ZCARD key: 0 for a missing key.
void ZcardCommand(CommandContext& ctx) {
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &zset)) return;
  ctx.reply.Integer(static_cast<int64_t>(zset->size()));
}

// ZSCORE key member: the score, or nil.
void ZscoreCommand(CommandContext& ctx) {
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &zset)) return;
  const Result<std::optional<double>> score = zset->Score(ctx.argv[2]);
  if (!OkOrReply(ctx, score)) return;
  if (*score) {
    ctx.reply.Double(**score);
  } else {
    ctx.reply.Null();
  }
}

// ZMSCORE key member [member ...]: an array with the score of each member, or nil.
void ZmscoreCommand(CommandContext& ctx) {
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &zset)) return;
  // Every score is read before the reply starts: a storage error must be the whole reply.
  std::vector<std::optional<double>> scores;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const Result<std::optional<double>> score = zset->Score(ctx.argv[i]);
    if (!OkOrReply(ctx, score)) return;
    scores.push_back(*score);
  }
  ctx.reply.ArrayHeader(scores.size());
  for (const std::optional<double>& score : scores) {
    if (score) {
      ctx.reply.Double(*score);
    } else {
      ctx.reply.Null();
    }
  }
}

// ZRANK and ZREVRANK key member: the member's rank from the lowest score (ZREVRANK: from the
// highest), or nil.
void RankGeneric(CommandContext& ctx, bool reverse) {
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &zset)) return;
  const Result<std::optional<uint64_t>> rank = zset->Rank(ctx.argv[2], reverse);
  if (!OkOrReply(ctx, rank)) return;
  if (*rank) {
    ctx.reply.Integer(static_cast<int64_t>(**rank));
  } else {
    ctx.reply.Null();
  }
}

void ZrankCommand(CommandContext& ctx) { RankGeneric(ctx, /*reverse=*/false); }
void ZrevrankCommand(CommandContext& ctx) { RankGeneric(ctx, /*reverse=*/true); }

enum class RangeBy { kRank, kScore, kLex };

// A range of a sorted set as a command asks for it, once parsed.
struct RangeSpec {
  RangeBy by = RangeBy::kRank;
  bool reverse = false;
  bool with_scores = false;
  int64_t start = 0;  // kRank: Redis's signed ranks
  int64_t stop = 0;
  ScoreRange scores;   // kScore
  LexRange lex;        // kLex
  int64_t offset = 0;  // LIMIT offset count (kScore, kLex); a count of -1 is no LIMIT
  int64_t count = -1;
};

// How a command of the ZRANGE family reads its arguments: ZRANGE and ZRANGESTORE choose the
// kind of range and the direction with options (BYSCORE, BYLEX, REV); the older commands
// have them in their name and refuse those options.
struct RangeCommand {
  RangeBy by = RangeBy::kRank;
  bool reverse = false;
  bool by_options = false;  // BYSCORE, BYLEX and REV are options
  bool store = false;       // ZRANGESTORE: WITHSCORES is not an option
};

// Reads min and max as spec->by says (for kRank: start and stop). False after replying
// Redis's error for a bound that is not one.
bool RangeBoundsOrReply(CommandContext& ctx, std::string_view min, std::string_view max,
                        RangeSpec* spec) {
  switch (spec->by) {
    case RangeBy::kRank:
      return IntegerOrReply(ctx, min, &spec->start) && IntegerOrReply(ctx, max, &spec->stop);
    case RangeBy::kScore:
      if (const std::optional<ScoreRange> range = ParseScoreRange(min, max)) {
        spec->scores = *range;
        return true;
      }
      ctx.reply.Error(kErrScoreBounds);
      return false;
    case RangeBy::kLex:
      if (std::optional<LexRange> range = ParseLexRange(min, max)) {
        spec->lex = std::move(*range);
        return true;
      }
      ctx.reply.Error(kErrLexBounds);
      return false;
  }
  return false;
}

// Reads the arguments of a ZRANGE family command whose source key is argv[key_index],
// followed by the range's two ends and the options. False after replying Redis's error: a
// bad option or LIMIT's numbers first (in argument order), then options that do not go
// together, then the range's ends.
bool RangeSpecOrReply(CommandContext& ctx, size_t key_index, const RangeCommand& command,
                      RangeSpec* spec) {
  const std::vector<std::string>& argv = ctx.argv;
  spec->by = command.by;
  spec->reverse = command.reverse;
  bool by_chosen = false;  // each of BYSCORE|BYLEX and REV may come once
  bool reverse_chosen = false;
  for (size_t i = key_index + 3; i < argv.size(); ++i) {
    const std::string& option = argv[i];
    if (!command.store && EqualsIgnoreCase(option, "withscores")) {
      spec->with_scores = true;
    } else if (EqualsIgnoreCase(option, "limit") && i + 2 < argv.size()) {
      if (!IntegerOrReply(ctx, argv[i + 1], &spec->offset) ||
          !IntegerOrReply(ctx, argv[i + 2], &spec->count)) {
        return false;
      }
      i += 2;
    } else if (command.by_options && !reverse_chosen && EqualsIgnoreCase(option, "rev")) {
      spec->reverse = reverse_chosen = true;
    } else if (command.by_options && !by_chosen && EqualsIgnoreCase(option, "byscore")) {
      spec->by = RangeBy::kScore;
      by_chosen = true;
    } else if (command.by_options && !by_chosen && EqualsIgnoreCase(option, "bylex")) {
      spec->by = RangeBy::kLex;
      by_chosen = true;
    } else {
      ctx.reply.Error(kErrSyntax);
      return false;
    }
  }
  // Redis tells a LIMIT by its count: LIMIT 5 -1 of a rank range passes, and is ignored.
  if (spec->count != -1 && spec->by == RangeBy::kRank) {
    ctx.reply.Error(kErrLimitNeedsRange);
    return false;
  }
  if (spec->with_scores && spec->by == RangeBy::kLex) {
    ctx.reply.Error(kErrWithscoresByLex);
    return false;
  }
  std::string_view min = argv[key_index + 1];
  std::string_view max = argv[key_index + 2];
  if (spec->reverse && spec->by != RangeBy::kRank) std::swap(min, max);
  return RangeBoundsOrReply(ctx, min, max, spec);
}

// The ranks first..last that Redis's signed start and stop name among `size` members, or
// nullopt for an empty range (the rules at the top of this file).
std::optional<std::pair<uint64_t, uint64_t>> RankSpan(int64_t start, int64_t stop, uint64_t size) {
  const auto n = static_cast<int64_t>(size);
  if (start < 0) start = std::max<int64_t>(n + start, 0);
  if (stop < 0) stop += n;
  if (start > stop || start >= n) return std::nullopt;
  return std::make_pair(static_cast<uint64_t>(start), static_cast<uint64_t>(std::min(stop, n - 1)));
}

// A visitor that appends each entry to *out.
ZSet::EntryVisitor AppendTo(std::vector<ZSet::Entry>* out) {
  return [out](std::string_view member, double score) {
    out->push_back({std::string(member), score});
    return true;
  };
}

// The members of a ZRANGE BYSCORE range (ZRANGEBYSCORE, ZREVRANGEBYSCORE), appended to *out
// in the reply's order: those whose score is in spec.scores, in spec's direction, after the
// first LIMIT offset of them, at most LIMIT count. A negative count is no limit; a negative
// offset returns nothing (Redis counts it down and never reaches 0).
Status ReadScoreRange(const ZSet& zset, const RangeSpec& spec, std::vector<ZSet::Entry>* out) {
  // BEGIN SOLUTION
  // STARTER: (void)zset;
  // STARTER: (void)spec;
  // STARTER: (void)out;
  // STARTER: return Status::NotImplemented("stage 10: ZRANGE BYSCORE");
  if (spec.offset < 0 || IsEmptyRange(spec.scores)) return Status::Ok();
  const uint64_t count = spec.count < 0 ? kNoLimit : static_cast<uint64_t>(spec.count);
  return zset.ScanByScore(spec.scores, spec.reverse, static_cast<uint64_t>(spec.offset), count,
                          AppendTo(out));
  // END SOLUTION
}

// The same for a ZRANGE BYLEX range.
Status ReadLexRange(const ZSet& zset, const RangeSpec& spec, std::vector<ZSet::Entry>* out) {
  if (spec.offset < 0 || IsEmptyRange(spec.lex)) return Status::Ok();
  const uint64_t count = spec.count < 0 ? kNoLimit : static_cast<uint64_t>(spec.count);
  return zset.ScanByLex(spec.lex, spec.reverse, static_cast<uint64_t>(spec.offset), count,
                        AppendTo(out));
}

// The members of spec's range, in the reply's order; none for a missing key.
Result<std::vector<ZSet::Entry>> ReadRange(const ZSet& zset, const RangeSpec& spec) {
  std::vector<ZSet::Entry> entries;
  if (!zset.exists()) return entries;
  Status read;
  switch (spec.by) {
    case RangeBy::kRank:
      if (const auto ranks = RankSpan(spec.start, spec.stop, zset.size())) {
        read = zset.ScanByRank(ranks->first, ranks->second, spec.reverse, AppendTo(&entries));
      }
      break;
    case RangeBy::kScore:
      read = ReadScoreRange(zset, spec, &entries);
      break;
    case RangeBy::kLex:
      read = ReadLexRange(zset, spec, &entries);
      break;
  }
  if (!read.ok()) return read;
  return entries;
}

// ZRANGE and its older forms: the range's members (an empty array for a missing key).
void RangeGeneric(CommandContext& ctx, const RangeCommand& command) {
  RangeSpec spec;
  if (!RangeSpecOrReply(ctx, 1, command, &spec)) return;
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &zset)) return;
  const Result<std::vector<ZSet::Entry>> entries = ReadRange(*zset, spec);
  if (!OkOrReply(ctx, entries)) return;
  ReplyScoredMembers(ctx, *entries, spec.with_scores,
                     spec.with_scores && ctx.reply.protocol() == 3);
}

void ZrangeCommand(CommandContext& ctx) { RangeGeneric(ctx, {.by_options = true}); }
void ZrevrangeCommand(CommandContext& ctx) { RangeGeneric(ctx, {.reverse = true}); }
void ZrangebyscoreCommand(CommandContext& ctx) { RangeGeneric(ctx, {.by = RangeBy::kScore}); }
void ZrevrangebyscoreCommand(CommandContext& ctx) {
  RangeGeneric(ctx, {.by = RangeBy::kScore, .reverse = true});
}
void ZrangebylexCommand(CommandContext& ctx) { RangeGeneric(ctx, {.by = RangeBy::kLex}); }
void ZrevrangebylexCommand(CommandContext& ctx) {
  RangeGeneric(ctx, {.by = RangeBy::kLex, .reverse = true});
}

// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]: ZRANGE's range of
// src replaces whatever dst held (its expiry too), or deletes dst if it is empty; the reply
// is its size. The range is read whole before dst is written, so dst may be src.
void ZrangestoreCommand(CommandContext& ctx) {
  RangeSpec spec;
  if (!RangeSpecOrReply(ctx, 2, {.by_options = true, .store = true}, &spec)) return;
  std::optional<ZSet> source;
  if (!LoadZSetOrReply(ctx, ctx.argv[2], KeyAccess::kRead, &source)) return;
  const Result<std::vector<ZSet::Entry>> entries = ReadRange(*source, spec);
  if (!OkOrReply(ctx, entries)) return;
  StoreZSetAndReply(ctx, ctx.argv[1], *entries);
}

// How many members of zset the range by score or lex of spec holds.
Result<uint64_t> CountRange(const ZSet& zset, const RangeSpec& spec) {
  if (!zset.exists()) return uint64_t{0};
  if (spec.by == RangeBy::kScore) {
    if (IsEmptyRange(spec.scores)) return uint64_t{0};
    return zset.CountByScore(spec.scores);
  }
  if (IsEmptyRange(spec.lex)) return uint64_t{0};
  return zset.CountByLex(spec.lex);
}

// ZCOUNT key min max and ZLEXCOUNT key min max: how many members the range holds.
void CountGeneric(CommandContext& ctx, RangeBy by) {
  RangeSpec spec;
  spec.by = by;
  if (!RangeBoundsOrReply(ctx, ctx.argv[2], ctx.argv[3], &spec)) return;
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &zset)) return;
  const Result<uint64_t> count = CountRange(*zset, spec);
  if (!OkOrReply(ctx, count)) return;
  ctx.reply.Integer(static_cast<int64_t>(*count));
}

void ZcountCommand(CommandContext& ctx) { CountGeneric(ctx, RangeBy::kScore); }
void ZlexcountCommand(CommandContext& ctx) { CountGeneric(ctx, RangeBy::kLex); }

// ZREMRANGEBYRANK key start stop, ZREMRANGEBYSCORE key min max, ZREMRANGEBYLEX key min max:
// removes the members of ZRANGE's range (without LIMIT) and replies how many. Removing every
// member removes the key.
void RemoveRangeGeneric(CommandContext& ctx, RangeBy by) {
  RangeSpec spec;
  spec.by = by;
  if (!RangeBoundsOrReply(ctx, ctx.argv[2], ctx.argv[3], &spec)) return;
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &zset)) return;
  const Result<std::vector<ZSet::Entry>> doomed = ReadRange(*zset, spec);
  if (!OkOrReply(ctx, doomed)) return;
  if (doomed->empty()) {
    ctx.reply.Integer(0);
    return;
  }
  if (doomed->size() == zset->size()) {
    zset->Clear();  // every member: the key goes with one write, whatever the size
  } else {
    for (const ZSet::Entry& entry : *doomed) {
      if (!OkOrReply(ctx, zset->Remove(entry.member))) return;
    }
  }
  if (!CommitZSetOrReply(ctx, *zset)) return;
  ctx.reply.Integer(static_cast<int64_t>(doomed->size()));
}

void ZremrangebyrankCommand(CommandContext& ctx) { RemoveRangeGeneric(ctx, RangeBy::kRank); }
void ZremrangebyscoreCommand(CommandContext& ctx) { RemoveRangeGeneric(ctx, RangeBy::kScore); }
void ZremrangebylexCommand(CommandContext& ctx) { RemoveRangeGeneric(ctx, RangeBy::kLex); }

}  // namespace

void AddRedisZSetCommands(RedisCommandTable& table) {
  // name, arity, flags, since, summary, handler: Redis 7.0's COMMAND INFO and COMMAND DOCS
  // for each. Every command but ZRANGESTORE (whose keys are argv 1 and 2) has its one key at
  // argv[1].
  const auto add = [&table](std::string name, int arity, uint32_t flags, std::string since,
                            std::string summary, RedisCommandHandler handler) {
    const int last_key = name == "zrangestore" ? 2 : 1;
    table.Add({std::move(name),
               arity,
               flags,
               1,
               last_key,
               1,
               "sorted-set",
               std::move(since),
               std::move(summary),
               handler,
               {}});
  };
  constexpr uint32_t kGrowFast = kCmdWrite | kCmdDenyOom | kCmdFast;
  constexpr uint32_t kReadFast = kCmdReadOnly | kCmdFast;
  add("zadd", -4, kGrowFast, "1.2.0",
      "Add one or more members to a sorted set, or update its score if it already exists",
      ZaddCommand);
  add("zincrby", 4, kGrowFast, "1.2.0", "Increment the score of a member in a sorted set",
      ZincrbyCommand);
  add("zrem", -3, kCmdWrite | kCmdFast, "1.2.0", "Remove one or more members from a sorted set",
      ZremCommand);
  add("zcard", 2, kReadFast, "1.2.0", "Get the number of members in a sorted set", ZcardCommand);
  add("zscore", 3, kReadFast, "1.2.0",
      "Get the score associated with the given member in a sorted set", ZscoreCommand);
  add("zmscore", -3, kReadFast, "6.2.0",
      "Get the score associated with the given members in a sorted set", ZmscoreCommand);
  add("zrank", 3, kReadFast, "2.0.0", "Determine the index of a member in a sorted set",
      ZrankCommand);
  add("zrevrank", 3, kReadFast, "2.0.0",
      "Determine the index of a member in a sorted set, with scores ordered from high to low",
      ZrevrankCommand);
  add("zcount", 4, kReadFast, "2.0.0",
      "Count the members in a sorted set with scores within the given values", ZcountCommand);
  add("zlexcount", 4, kReadFast, "2.8.9",
      "Count the number of members in a sorted set between a given lexicographical range",
      ZlexcountCommand);
  add("zrange", -4, kCmdReadOnly, "1.2.0", "Return a range of members in a sorted set",
      ZrangeCommand);
  add("zrangestore", -5, kCmdWrite | kCmdDenyOom, "6.2.0",
      "Store a range of members from sorted set into another key", ZrangestoreCommand);
  add("zrevrange", -4, kCmdReadOnly, "1.2.0",
      "Return a range of members in a sorted set, by index, with scores ordered from high to "
      "low",
      ZrevrangeCommand);
  add("zrangebyscore", -4, kCmdReadOnly, "1.0.5",
      "Return a range of members in a sorted set, by score", ZrangebyscoreCommand);
  add("zrevrangebyscore", -4, kCmdReadOnly, "2.2.0",
      "Return a range of members in a sorted set, by score, with scores ordered from high to "
      "low",
      ZrevrangebyscoreCommand);
  add("zrangebylex", -4, kCmdReadOnly, "2.8.9",
      "Return a range of members in a sorted set, by lexicographical range", ZrangebylexCommand);
  add("zrevrangebylex", -4, kCmdReadOnly, "2.8.9",
      "Return a range of members in a sorted set, by lexicographical range, ordered from higher "
      "to lower strings.",
      ZrevrangebylexCommand);
  add("zremrangebyrank", 4, kCmdWrite, "2.0.0",
      "Remove all members in a sorted set within the given indexes", ZremrangebyrankCommand);
  add("zremrangebyscore", 4, kCmdWrite, "1.2.0",
      "Remove all members in a sorted set within the given scores", ZremrangebyscoreCommand);
  add("zremrangebylex", 4, kCmdWrite, "2.8.9",
      "Remove all members in a sorted set between the given lexicographical range",
      ZremrangebylexCommand);
}

}  // namespace stepdb
