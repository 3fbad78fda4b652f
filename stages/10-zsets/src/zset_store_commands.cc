// The inputs of ZUNION and its kin are read through stage 08's Collection: a set's members
// and a sorted set's member records (ZSet::members()) are both one, the set's values empty,
// the sorted set's each an EncodeScore. So one walk and one lookup serve both, and a set's
// member simply scores 1.
//
// Like Redis (zunionInterDiffGenericCommand in t_zset.c), each operation reads one input
// whole and asks the others:
//
//   union          reads every input whole, smallest first, adding each member's score
//   intersection   reads the smallest input whole and looks each member up in the others,
//                  smallest first; an empty input ends it at once
//   difference     reads the first input whole and looks each member up in the others
//
// and the result is put in Redis's order, by score, then by the members' bytes. Reading an
// input whole before any lookup keeps the lookups out of a Scan's visitor (which must not
// call the keyspace), at the price of holding that input in memory, as the result is held.
#include "zset_store_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collection.h"
#include "collection_lookup.h"
#include "collection_scan.h"
#include "key_lookup.h"
#include "redis_args.h"
#include "redis_hash_commands.h"
#include "zset.h"
#include "zset_args.h"
#include "zset_encoding.h"
#include "zset_lookup.h"

namespace stepdb {
namespace {

// Redis 7.0's texts for these commands' own errors.
constexpr std::string_view kErrWeightNotFloat = "ERR weight value is not a float";
constexpr std::string_view kErrNegativeLimit = "ERR LIMIT can't be negative";

enum class Operation { kUnion, kIntersection, kDifference };
enum class Aggregate { kSum, kMin, kMax };

// What distinguishes the commands of the family.
struct CombineCommand {
  Operation operation;
  bool store = false;             // ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE: argv[1] is the target
  bool cardinality_only = false;  // ZINTERCARD
};

// One input key: a sorted set's member records or a set's members (a missing key is an empty
// input), and the weight its scores are multiplied by.
struct Input {
  Collection members;
  double weight = 1;
};

// The options after the keys.
struct CombineOptions {
  Aggregate aggregate = Aggregate::kSum;
  bool with_scores = false;
  uint64_t limit = 0;  // ZINTERCARD's LIMIT; 0 is none
};

// The score an input's stored value stands for: a set's members score 1.
Result<double> StoredScore(const Input& input, std::string_view value) {
  if (input.members.type() == ValueType::kSet) return 1.0;
  const std::optional<double> score = DecodeScore(value);
  if (!score) return Status::Corruption("sorted set member: damaged score");
  return *score;
}

// Every member of input with its score (before the weight), in the input's order.
Result<std::vector<ZSet::Entry>> ReadEntries(const Input& input) {
  STEPDB_ASSIGN_OR_RETURN(std::vector<Collection::Element> elements, input.members.ReadAll());
  std::vector<ZSet::Entry> entries;
  entries.reserve(elements.size());
  for (auto& [member, value] : elements) {
    STEPDB_ASSIGN_OR_RETURN(const double score, StoredScore(input, value));
    entries.push_back({std::move(member), score});
  }
  return entries;
}

// The score of member in input (before the weight), or nullopt if input lacks it.
Result<std::optional<double>> FindScore(const Input& input, std::string_view member) {
  STEPDB_ASSIGN_OR_RETURN(const std::optional<std::string> value, input.members.Get(member));
  if (!value) return std::optional<double>();
  STEPDB_ASSIGN_OR_RETURN(const double score, StoredScore(input, *value));
  return std::optional<double>(score);
}

// weight * score, where Redis takes the NaN of 0 * inf for 0.
double Weighted(double score, double weight) {
  const double product = weight * score;
  return std::isnan(product) ? 0 : product;
}

// Redis's zunionInterAggregate: combines `score` into *total. A sum of inf and -inf is NaN,
// which Redis takes for 0; MIN and MAX compare, so a NaN score never replaces the total.
void AggregateInto(double* total, double score, Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::kSum:
      *total += score;
      if (std::isnan(*total)) *total = 0;
      break;
    case Aggregate::kMin:
      *total = score < *total ? score : *total;
      break;
    case Aggregate::kMax:
      *total = score > *total ? score : *total;
      break;
  }
}

// Redis's order of a sorted set: by score, then by the members' bytes.
void SortByScore(std::vector<ZSet::Entry>* entries) {
  std::sort(entries->begin(), entries->end(), [](const ZSet::Entry& a, const ZSet::Entry& b) {
    return a.score != b.score ? a.score < b.score : a.member < b.member;
  });
}

// Every member of any input, its score the aggregate of its weighted scores in the inputs'
// order. REQUIRES: inputs sorted by size, as Redis sorts them (with 0 * inf and inf - inf in
// play, the order can change a sum).
Result<std::vector<ZSet::Entry>> Union(const std::vector<Input>& inputs, Aggregate aggregate) {
  std::vector<ZSet::Entry> entries;
  // BEGIN SOLUTION
  // STARTER: (void)inputs, (void)aggregate;
  // STARTER: (void)Weighted, (void)AggregateInto;  // the helpers above, yours to call
  // STARTER: return Status::NotImplemented("stage 10: the union of sorted sets");
  std::map<std::string, double, std::less<>> totals;
  for (const Input& input : inputs) {
    STEPDB_ASSIGN_OR_RETURN(std::vector<ZSet::Entry> members, ReadEntries(input));
    for (ZSet::Entry& member : members) {
      const double score = Weighted(member.score, input.weight);
      const auto [total, added] = totals.try_emplace(std::move(member.member), score);
      if (!added) AggregateInto(&total->second, score, aggregate);
    }
  }
  entries.reserve(totals.size());
  for (auto& [member, score] : totals) entries.push_back({member, score});
  // END SOLUTION
  SortByScore(&entries);
  return entries;
}

// The members that every input holds, at most `limit` of them (0: all), each scored as Union
// does. As in Redis, only the first input's weighted score has its NaN taken for 0; the others'
// go to AggregateInto as they are. REQUIRES: inputs sorted by size, and not empty.
Result<std::vector<ZSet::Entry>> Intersect(const std::vector<Input>& inputs, Aggregate aggregate,
                                           uint64_t limit) {
  std::vector<ZSet::Entry> entries;
  // BEGIN SOLUTION
  // STARTER: (void)inputs, (void)aggregate, (void)limit;
  // STARTER: return Status::NotImplemented("stage 10: the intersection of sorted sets");
  const Input& smallest = inputs.front();
  STEPDB_ASSIGN_OR_RETURN(std::vector<ZSet::Entry> candidates, ReadEntries(smallest));
  const std::span<const Input> others(inputs.begin() + 1, inputs.end());
  for (ZSet::Entry& candidate : candidates) {
    double total = Weighted(candidate.score, smallest.weight);
    bool everywhere = true;
    for (const Input& other : others) {
      STEPDB_ASSIGN_OR_RETURN(const std::optional<double> score,
                              FindScore(other, candidate.member));
      everywhere = score.has_value();
      if (!everywhere) break;
      AggregateInto(&total, *score * other.weight, aggregate);
    }
    if (!everywhere) continue;
    entries.push_back({std::move(candidate.member), total});
    if (limit != 0 && entries.size() == limit) break;
  }
  // END SOLUTION
  SortByScore(&entries);
  return entries;
}

// The members of the first input that no other input holds, with their scores there.
// REQUIRES: !inputs.empty().
Result<std::vector<ZSet::Entry>> Difference(const std::vector<Input>& inputs) {
  STEPDB_ASSIGN_OR_RETURN(std::vector<ZSet::Entry> candidates, ReadEntries(inputs.front()));
  const std::span<const Input> others(inputs.begin() + 1, inputs.end());
  std::vector<ZSet::Entry> entries;
  for (ZSet::Entry& candidate : candidates) {
    bool elsewhere = false;
    for (const Input& other : others) {
      STEPDB_ASSIGN_OR_RETURN(const std::optional<double> score,
                              FindScore(other, candidate.member));
      elsewhere = score.has_value();
      if (elsewhere) break;
    }
    if (!elsewhere) entries.push_back(std::move(candidate));
  }
  SortByScore(&entries);
  return entries;
}

// The result of `operation` on the inputs, in Redis's order.
Result<std::vector<ZSet::Entry>> Combine(Operation operation, const std::vector<Input>& inputs,
                                         const CombineOptions& options) {
  switch (operation) {
    case Operation::kUnion:
      return Union(inputs, options.aggregate);
    case Operation::kIntersection:
      return Intersect(inputs, options.aggregate, options.limit);
    case Operation::kDifference:
      return Difference(inputs);
  }
  return std::vector<ZSet::Entry>();
}

// Reads numkeys (ctx.argv[numkeys_index]) into *count. False after replying Redis's error: not
// an integer, below 1 (the text names the command), or more keys than there are arguments.
bool KeyCountOrReply(CommandContext& ctx, size_t numkeys_index, size_t* count) {
  int64_t numkeys = 0;
  if (!StringToInt64(ctx.argv[numkeys_index], &numkeys)) {
    ctx.reply.Error(kErrNotInteger);
    return false;
  }
  if (numkeys < 1) {
    ctx.reply.Error("ERR at least 1 input key is needed for '" + AsciiLower(ctx.argv[0]) +
                    "' command");
    return false;
  }
  if (static_cast<uint64_t>(numkeys) > ctx.argv.size() - numkeys_index - 1) {
    ctx.reply.Error(kErrSyntax);
    return false;
  }
  *count = static_cast<size_t>(numkeys);
  return true;
}

// Looks each key up as a read and appends it to *inputs. False after replying WRONGTYPE for
// the first key that holds neither a sorted set nor a set, or a storage error.
bool LoadInputsOrReply(CommandContext& ctx, std::span<const std::string> keys,
                       std::vector<Input>* inputs) {
  for (const std::string& key : keys) {
    std::optional<ValueEnvelope> envelope;
    if (!LookupKeyOrReply(ctx, key, KeyAccess::kRead, &envelope)) return false;
    const ValueType type = envelope ? envelope->type : ValueType::kZSet;
    if (type != ValueType::kZSet && type != ValueType::kSet) {
      ctx.reply.Error(kErrWrongType);
      return false;
    }
    Result<Collection> members =
        Collection::Load(ctx.keyspace(), ctx.db(), key, type, std::move(envelope));
    if (!OkOrReply(ctx, members)) return false;
    inputs->push_back(Input{std::move(*members)});
  }
  return true;
}

// A weight is read as a score (ParseScore) but keeps the sign of a zero: Redis multiplies by
// the -0.0 it was given, and ZUNION replies the "-0" that makes.
std::optional<double> ParseWeight(std::string_view text) {
  const std::optional<double> weight = ParseScore(text);
  if (weight && *weight == 0 && text.front() == '-') return -0.0;
  return weight;
}

// Reads the options from ctx.argv[first] on, in any order and each as often as given (the
// last one counts): WEIGHTS (one per input, into each input's weight) and AGGREGATE for the
// union and the intersection, WITHSCORES where the result is replied, LIMIT for ZINTERCARD.
// An option needs all its arguments to be one. False after replying Redis's error.
bool CombineOptionsOrReply(CommandContext& ctx, const CombineCommand& command, size_t first,
                           std::vector<Input>* inputs, CombineOptions* options) {
  const std::vector<std::string>& argv = ctx.argv;
  const bool weights_and_aggregate =
      command.operation != Operation::kDifference && !command.cardinality_only;
  size_t i = first;
  while (i < argv.size()) {
    const std::string& option = argv[i];
    const size_t remaining = argv.size() - i;
    if (weights_and_aggregate && remaining > inputs->size() &&
        EqualsIgnoreCase(option, "weights")) {
      for (Input& input : *inputs) {
        const std::optional<double> weight = ParseWeight(argv[++i]);
        if (!weight) {
          ctx.reply.Error(kErrWeightNotFloat);
          return false;
        }
        input.weight = *weight;
      }
      ++i;
    } else if (weights_and_aggregate && remaining >= 2 && EqualsIgnoreCase(option, "aggregate")) {
      const std::string& how = argv[i + 1];
      if (EqualsIgnoreCase(how, "sum")) {
        options->aggregate = Aggregate::kSum;
      } else if (EqualsIgnoreCase(how, "min")) {
        options->aggregate = Aggregate::kMin;
      } else if (EqualsIgnoreCase(how, "max")) {
        options->aggregate = Aggregate::kMax;
      } else {
        ctx.reply.Error(kErrSyntax);
        return false;
      }
      i += 2;
    } else if (!command.store && !command.cardinality_only &&
               EqualsIgnoreCase(option, "withscores")) {
      options->with_scores = true;
      ++i;
    } else if (command.cardinality_only && remaining >= 2 && EqualsIgnoreCase(option, "limit")) {
      int64_t limit = 0;
      if (!StringToInt64(argv[i + 1], &limit) || limit < 0) {
        ctx.reply.Error(kErrNegativeLimit);
        return false;
      }
      options->limit = static_cast<uint64_t>(limit);
      i += 2;
    } else {
      ctx.reply.Error(kErrSyntax);
      return false;
    }
  }
  return true;
}

// ZUNION, ZINTER, ZDIFF numkeys key [key ...] [options]; the STORE forms with the target
// first; ZINTERCARD numkeys key [key ...] [LIMIT limit]. Redis's order of the checks: numkeys,
// then every key's type, then the options.
void CombineGeneric(CommandContext& ctx, const CombineCommand& command) {
  const size_t numkeys_index = command.store ? 2 : 1;
  size_t key_count = 0;
  if (!KeyCountOrReply(ctx, numkeys_index, &key_count)) return;
  const auto first_key = ctx.argv.begin() + static_cast<ptrdiff_t>(numkeys_index + 1);
  std::vector<Input> inputs;
  if (!LoadInputsOrReply(ctx, std::span<const std::string>(first_key, key_count), &inputs)) {
    return;
  }
  CombineOptions options;
  if (!CombineOptionsOrReply(ctx, command, numkeys_index + 1 + key_count, &inputs, &options)) {
    return;
  }
  if (command.operation != Operation::kDifference) {
    std::stable_sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) {
      return a.members.size() < b.members.size();
    });
  }
  const Result<std::vector<ZSet::Entry>> entries = Combine(command.operation, inputs, options);
  if (!OkOrReply(ctx, entries)) return;
  if (command.cardinality_only) {
    ctx.reply.Integer(static_cast<int64_t>(entries->size()));
  } else if (command.store) {
    StoreZSetAndReply(ctx, ctx.argv[1], *entries);
  } else {
    ReplyScoredMembers(ctx, *entries, options.with_scores,
                       options.with_scores && ctx.reply.protocol() == 3);
  }
}

void ZunionCommand(CommandContext& ctx) { CombineGeneric(ctx, {Operation::kUnion}); }
void ZinterCommand(CommandContext& ctx) { CombineGeneric(ctx, {Operation::kIntersection}); }
void ZdiffCommand(CommandContext& ctx) { CombineGeneric(ctx, {Operation::kDifference}); }
void ZunionstoreCommand(CommandContext& ctx) {
  CombineGeneric(ctx, {Operation::kUnion, /*store=*/true});
}
void ZinterstoreCommand(CommandContext& ctx) {
  CombineGeneric(ctx, {Operation::kIntersection, /*store=*/true});
}
void ZdiffstoreCommand(CommandContext& ctx) {
  CombineGeneric(ctx, {Operation::kDifference, /*store=*/true});
}
void ZintercardCommand(CommandContext& ctx) {
  CombineGeneric(ctx, {Operation::kIntersection, /*store=*/false, /*cardinality_only=*/true});
}

// The score a member record holds. ZSet writes EncodeScore's 8 bytes and nothing else, and the
// engine's checksums stop a damaged block before its values get here; should a record still
// hold other bytes, its score shows as NaN ("nan"), which no sorted set has, rather than pass
// for a number.
double RecordScore(std::string_view encoded_score) {
  return DecodeScore(encoded_score).value_or(std::nan(""));
}

// ZRANDMEMBER ... WITHSCORES writes a score as every sorted set reply does: a RESP3 double.
void WriteScore(RespWriter& reply, std::string_view encoded_score) {
  reply.Double(RecordScore(encoded_score));
}

// ZSCAN's reply holds the scores as text, a bulk string in RESP3 too (Redis formats them as
// it stores them in a listpack).
std::string ScoreText(std::string_view encoded_score) {
  return DoubleText(RecordScore(encoded_score));
}

// ZRANDMEMBER key [count [WITHSCORES]]: HRANDFIELD over the member records.
void ZrandmemberCommand(CommandContext& ctx) {
  RandomElementsGeneric(ctx, ValueType::kZSet, "withscores", WriteScore);
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]: HSCAN over the member records.
void ZscanCommand(CommandContext& ctx) { ScanCollectionGeneric(ctx, ValueType::kZSet, ScoreText); }

}  // namespace

void AddZSetStoreCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler: Redis
  // 7.0's COMMAND INFO and COMMAND DOCS for each. The keys of ZUNION, ZINTER, ZDIFF and
  // ZINTERCARD follow numkeys, which (first, last, step) cannot say: Redis lists them as
  // (0, 0, 0) and finds them with its key specs; the STORE forms list only the target.
  constexpr uint32_t kStore = kCmdWrite | kCmdDenyOom;
  const std::string g = "sorted-set";
  table.Add({"zunion",
             -3,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "6.2.0",
             "Add multiple sorted sets",
             ZunionCommand,
             {}});
  table.Add({"zinter",
             -3,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "6.2.0",
             "Intersect multiple sorted sets",
             ZinterCommand,
             {}});
  table.Add({"zdiff",
             -3,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "6.2.0",
             "Subtract multiple sorted sets",
             ZdiffCommand,
             {}});
  table.Add({"zunionstore",
             -4,
             kStore,
             1,
             1,
             1,
             g,
             "2.0.0",
             "Add multiple sorted sets and store the resulting sorted set in a new key",
             ZunionstoreCommand,
             {}});
  table.Add({"zinterstore",
             -4,
             kStore,
             1,
             1,
             1,
             g,
             "2.0.0",
             "Intersect multiple sorted sets and store the resulting sorted set in a new key",
             ZinterstoreCommand,
             {}});
  table.Add({"zdiffstore",
             -4,
             kStore,
             1,
             1,
             1,
             g,
             "6.2.0",
             "Subtract multiple sorted sets and store the resulting sorted set in a new key",
             ZdiffstoreCommand,
             {}});
  table.Add({"zintercard",
             -3,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "7.0.0",
             "Intersect multiple sorted sets and return the cardinality of the result",
             ZintercardCommand,
             {}});
  table.Add({"zrandmember",
             -2,
             kCmdReadOnly,
             1,
             1,
             1,
             g,
             "6.2.0",
             "Get one or multiple random elements from a sorted set",
             ZrandmemberCommand,
             {}});
  table.Add({"zscan",
             -3,
             kCmdReadOnly,
             1,
             1,
             1,
             g,
             "2.8.0",
             "Incrementally iterate sorted sets elements and associated scores",
             ZscanCommand,
             {}});
}

}  // namespace stepdb
