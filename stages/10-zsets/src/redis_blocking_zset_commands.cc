// ZPOPMIN, ZPOPMAX and ZMPOP, and their blocking forms (Redis's t_zset.c genericZpopCommand
// and blocked.c), written as stage 09 wrote BLPOP and its kin (redis_blocking_list_commands.cc):
// each blocking handler reads its arguments (blocking_pop.h), tries what its non-blocking
// form does, and, when every sorted set it names is empty, parks its client with
// WaitOrReply(..., ValueType::kZSet, ...) instead of replying. The server runs the handler
// again, whole, when a sorted set is stored under one of those keys (by a ZADD, or by any
// command that stores a sorted set there, as ZRANGESTORE does), so the handler is written as
// if every call were the first; a list or a string stored there wakes nobody
// (blocked_clients.h).
//
// A pop reads the members it takes from the score index (zset.h), then removes them (Remove
// stages the member record and its index record) and commits once:
//
//   ZPOPMIN z 2  on a:1 b:2 c:3   ScanByRank(0, 1, forward)  -> a:1 b:2
//                                 Remove(a), Remove(b), Commit: one batch, c:3 stays
//
// Costs (zset.h's table): ZPOPMIN of count k reads k index records; ZPOPMAX reads the whole
// set, N index records whatever k, since the engine reads forward only and a scan from the
// highest score is a forward scan of everything kept from its end (only the last k are kept
// in memory). Each popped member then costs one lookup (Remove reads its score) and two
// records in the one write. Redis does both in O(log N) per member on its skiplist.
//
// Thread safety: handlers run on the server's loop thread only.
#include "redis_blocking_zset_commands.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "blocking_pop.h"
#include "collection_lookup.h"
#include "zset.h"
#include "zset_lookup.h"

namespace stepdb {
namespace {

constexpr PopEndWords kZSetEnds = {"min", "max"};

// Pops up to `count` members of zset, from the lowest score (the highest if `max`), into
// *popped in the order popped, and commits. False after replying a storage error.
bool PopOrReply(CommandContext& ctx, ZSet& zset, bool max, uint64_t count,
                std::vector<ZSet::Entry>* popped) {
  if (count == 0) return true;
  const Status read =
      zset.ScanByRank(0, count - 1, max, [popped](std::string_view member, double score) {
        popped->push_back(ZSet::Entry{std::string(member), score});
        return true;
      });
  if (!OkOrReply(ctx, read)) return false;
  for (const ZSet::Entry& entry : *popped) {
    if (!OkOrReply(ctx, zset.Remove(entry.member))) return false;
  }
  return CommitZSetOrReply(ctx, zset);
}

// Pops up to `count` members from the first non-empty sorted set among keys, setting *key to
// its key. False after replying (WRONGTYPE for a key before that set, a storage error); *key
// stays nullptr if every set is empty or missing, and nothing was written.
bool PopFromFirstOrReply(CommandContext& ctx, std::span<const std::string> keys, bool max,
                         uint64_t count, const std::string** key,
                         std::vector<ZSet::Entry>* popped) {
  // Redis looks the keys up as a write does (lookupKeyWrite): no keyspace hits or misses.
  for (const std::string& name : keys) {
    std::optional<ZSet> zset;
    if (!LoadZSetOrReply(ctx, name, KeyAccess::kWrite, &zset)) return false;
    if (zset->size() == 0) continue;
    if (!PopOrReply(ctx, *zset, max, count, popped)) return false;
    *key = &name;
    return true;
  }
  return true;
}

// ZPOPMIN, ZPOPMAX key [count]: a flat array of what was popped, or, with a count in RESP3,
// an array of pairs (Redis 7.0 tells the two forms apart only there). Redis reads the count
// before the key.
void PopGeneric(CommandContext& ctx, bool max) {
  if (ctx.argv.size() > 3) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  bool has_count = false;
  uint64_t count = 1;
  if (!PopCountOrReply(ctx, &has_count, &count)) return;
  std::optional<ZSet> zset;
  if (!LoadZSetOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &zset)) return;
  std::vector<ZSet::Entry> popped;
  if (!PopOrReply(ctx, *zset, max, count, &popped)) return;
  ReplyScoredMembers(ctx, popped, /*with_scores=*/true, has_count && ctx.reply.protocol() == 3);
}

void ZpopminCommand(CommandContext& ctx) { PopGeneric(ctx, /*max=*/false); }
void ZpopmaxCommand(CommandContext& ctx) { PopGeneric(ctx, /*max=*/true); }

// ZMPOP's and BZMPOP's pop: [key, [[member, score], ...]] from the first non-empty sorted set
// among args.keys, in RESP2 and RESP3 alike. False if every set is empty; nothing was
// written or replied then.
bool MultiPopOrReply(CommandContext& ctx, const MultiPopArgs& args) {
  const std::string* key = nullptr;
  std::vector<ZSet::Entry> popped;
  if (!PopFromFirstOrReply(ctx, args.keys, args.second_end, args.count, &key, &popped)) {
    return true;
  }
  if (key == nullptr) return false;
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(*key);
  ReplyScoredMembers(ctx, popped, /*with_scores=*/true, /*pairs=*/true);
  return true;
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: MultiPopOrReply, or a null array.
void ZmpopCommand(CommandContext& ctx) {
  MultiPopArgs args;
  if (!MultiPopArgsOrReply(ctx, 1, kZSetEnds, &args)) return;
  if (!MultiPopOrReply(ctx, args)) ctx.reply.NullArray();
}

// BZPOPMIN, BZPOPMAX key [key ...] timeout: [key, member, score] from the first sorted set
// among keys that has a member, or a wait for one.
void BlockingPopGeneric(CommandContext& ctx, bool max) {
  int64_t timeout_ms = 0;
  if (!TimeoutOrReply(ctx, ctx.argv.back(), &timeout_ms)) return;
  const std::span<const std::string> keys(ctx.argv.begin() + 1, ctx.argv.end() - 1);
  // BEGIN SOLUTION
  // STARTER: (void)max;
  // STARTER: (void)keys;
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 10: BZPOPMIN and BZPOPMAX");
  const std::string* key = nullptr;
  std::vector<ZSet::Entry> popped;
  if (!PopFromFirstOrReply(ctx, keys, max, 1, &key, &popped)) return;
  if (key == nullptr) {
    WaitOrReply(ctx, keys, ValueType::kZSet, timeout_ms);
    return;
  }
  ctx.reply.ArrayHeader(3);
  ctx.reply.Bulk(*key);
  ctx.reply.Bulk(popped.front().member);
  ctx.reply.Double(popped.front().score);
  // END SOLUTION
}

void BzpopminCommand(CommandContext& ctx) { BlockingPopGeneric(ctx, /*max=*/false); }
void BzpopmaxCommand(CommandContext& ctx) { BlockingPopGeneric(ctx, /*max=*/true); }

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: ZMPOP, or a wait. Redis reads
// the timeout last.
void BzmpopCommand(CommandContext& ctx) {
  MultiPopArgs args;
  if (!MultiPopArgsOrReply(ctx, 2, kZSetEnds, &args)) return;
  int64_t timeout_ms = 0;
  if (!TimeoutOrReply(ctx, ctx.argv[1], &timeout_ms)) return;
  if (MultiPopOrReply(ctx, args)) return;
  WaitOrReply(ctx, args.keys, ValueType::kZSet, timeout_ms);
}

}  // namespace

void AddZSetPopCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler: Redis
  // 7.0's COMMAND INFO and COMMAND DOCS for each. ZMPOP's and BZMPOP's keys follow their
  // numkeys argument, which (first, last, step) cannot say: Redis lists them as (0, 0, 0) too
  // and finds them with its key specs.
  constexpr uint32_t kPopFast = kCmdWrite | kCmdFast;
  constexpr uint32_t kBlockingFast = kCmdWrite | kCmdNoScript | kCmdBlocking | kCmdFast;
  const std::string g = "sorted-set";
  table.Add({"zpopmin",
             -2,
             kPopFast,
             1,
             1,
             1,
             g,
             "5.0.0",
             "Remove and return members with the lowest scores in a sorted set",
             ZpopminCommand,
             {}});
  table.Add({"zpopmax",
             -2,
             kPopFast,
             1,
             1,
             1,
             g,
             "5.0.0",
             "Remove and return members with the highest scores in a sorted set",
             ZpopmaxCommand,
             {}});
  table.Add({"zmpop",
             -4,
             kCmdWrite,
             0,
             0,
             0,
             g,
             "7.0.0",
             "Remove and return members with scores in a sorted set",
             ZmpopCommand,
             {}});
  table.Add({"bzpopmin",
             -3,
             kBlockingFast,
             1,
             -2,
             1,
             g,
             "5.0.0",
             "Remove and return the member with the lowest score from one or more sorted sets, "
             "or block until one is available",
             BzpopminCommand,
             {}});
  table.Add({"bzpopmax",
             -3,
             kBlockingFast,
             1,
             -2,
             1,
             g,
             "5.0.0",
             "Remove and return the member with the highest score from one or more sorted sets, "
             "or block until one is available",
             BzpopmaxCommand,
             {}});
  table.Add({"bzmpop",
             -5,
             kCmdWrite | kCmdBlocking,
             0,
             0,
             0,
             g,
             "7.0.0",
             "Remove and return members with scores in a sorted set or block until one is "
             "available",
             BzmpopCommand,
             {}});
}

}  // namespace stepdb
