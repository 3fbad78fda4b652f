// Redis's set commands (Redis's t_set.c) on the collection layout: a set is its key's
// envelope plus one record per member, in hash order (collection_encoding.h).
//
// What the layout changes, and what it does not. Every reply and error is Redis 7.0's, byte
// for byte, and so is the order in which a command checks its arguments and its keys (which
// decides the reply when several things are wrong). Only the order of the members inside a
// multi-member reply differs: ours is the hash order, Redis's that of its hash table; clients
// must not rely on either.
//
// Membership is a point lookup (SISMEMBER, SMISMEMBER, SADD, SREM each look up one record per
// member), and the size is in the envelope (SCARD reads nothing else). The algebra walks one
// set and asks the others:
//
//   SINTER      walks the smallest set and looks each member up in the others; an input
//               that is missing (an empty set) ends it at once; SINTERCARD's LIMIT stops the
//               walk as soon as that many members are found
//   SDIFF       walks the first set and looks each member up in the others
//   SUNION      reads every set whole
//
// A Scan's visitor must not call the keyspace, so a walk that looks members up elsewhere
// reads its set a chunk at a time (ForEachMember). Every input is type-checked before any
// is walked, as Redis does: SINTER k1 k2 where k1 is missing and k2 a string is WRONGTYPE.
//
// The *STORE forms read every input fully first, then replace the destination, whatever it
// held, with Collection::Replacing: the destination may be one of the inputs, and an empty
// result deletes it. SMOVE changes two sets in one atomic batch; SPOP with a count removes
// every member it picked in one commit.
#include "redis_set_commands.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collection.h"
#include "collection_lookup.h"
#include "redis_args.h"

namespace stepdb {
namespace {

constexpr ValueType kSet = ValueType::kSet;

// SRANDMEMBER's count may be any int64 but the one whose magnitude int64 cannot hold.
constexpr std::string_view kErrCountRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";
constexpr std::string_view kErrNumkeys = "ERR numkeys should be greater than 0";
constexpr std::string_view kErrTooManyKeys =
    "ERR Number of keys can't be greater than number of args";
constexpr std::string_view kErrNegativeLimit = "ERR LIMIT can't be negative";

// Members read per Scan by a walk that looks each one up elsewhere.
constexpr size_t kWalkChunk = 256;

// Calls visit on each member of set in the set's order, until it returns false. The members
// are read kWalkChunk at a time, so visit may read the keyspace (other sets). A storage
// error, from the walk or from visit, ends it and is returned.
Status ForEachMember(const Collection& set,
                     const std::function<Result<bool>(const std::string&)>& visit) {
  std::string start;  // "": from the first member
  std::vector<std::string> chunk;
  while (true) {
    chunk.clear();
    STEPDB_RETURN_IF_ERROR(
        set.Scan(start, kWalkChunk, [&](std::string_view member, std::string_view) {
          chunk.emplace_back(member);
          return true;
        }));
    for (const std::string& member : chunk) {
      STEPDB_ASSIGN_OR_RETURN(const bool go_on, visit(member));
      if (!go_on) return Status::Ok();
    }
    if (chunk.size() < kWalkChunk) return Status::Ok();
    // The least suffix after the last member's: the next chunk starts past it.
    start = ElementSuffix(set.version(), chunk.back());
    start.push_back('\0');
  }
}

// The sets named by keys, in order, each loaded with `access` (a missing key is a set that
// does not exist(), an empty set). False after replying WRONGTYPE for the first key that holds
// another type, or a storage error.
bool LoadSetsOrReply(CommandContext& ctx, std::span<const std::string> keys, KeyAccess access,
                     std::vector<Collection>* sets) {
  for (const std::string& key : keys) {
    std::optional<Collection> set;
    if (!LoadCollectionOrReply(ctx, key, kSet, access, &set)) return false;
    sets->push_back(std::move(*set));
  }
  return true;
}

// The members that every set of `sets` holds, at most `limit` of them (0: all).
// REQUIRES: !sets.empty().
Result<std::vector<std::string>> Intersect(const std::vector<Collection>& sets, uint64_t limit) {
  std::vector<std::string> members;
  // BEGIN SOLUTION
  // STARTER: (void)sets;
  // STARTER: (void)limit;
  // STARTER: return Status::NotImplemented("stage 08: the intersection of sets");
  std::vector<const Collection*> by_size;
  for (const Collection& set : sets) {
    if (!set.exists()) return members;  // an intersection with an empty set is empty
    by_size.push_back(&set);
  }
  // The smallest set bounds the result and is the cheapest to walk; the others are asked
  // smallest first too, as Redis does, since a small set is the likeliest to lack a member.
  std::sort(by_size.begin(), by_size.end(),
            [](const Collection* a, const Collection* b) { return a->size() < b->size(); });
  const std::span<const Collection* const> others(by_size.begin() + 1, by_size.end());
  STEPDB_RETURN_IF_ERROR(ForEachMember(*by_size[0], [&](const std::string& member) -> Result<bool> {
    for (const Collection* other : others) {
      STEPDB_ASSIGN_OR_RETURN(const bool found, other->Contains(member));
      if (!found) return true;
    }
    members.push_back(member);
    return limit == 0 || members.size() < limit;
  }));
  // END SOLUTION
  return members;
}

// The members of the first set that no other set holds.
// REQUIRES: !sets.empty().
Result<std::vector<std::string>> Difference(const std::vector<Collection>& sets) {
  std::vector<std::string> members;
  const std::span<const Collection> others(sets.begin() + 1, sets.end());
  STEPDB_RETURN_IF_ERROR(ForEachMember(sets[0], [&](const std::string& member) -> Result<bool> {
    for (const Collection& other : others) {
      if (!other.exists()) continue;
      STEPDB_ASSIGN_OR_RETURN(const bool found, other.Contains(member));
      if (found) return true;
    }
    members.push_back(member);
    return true;
  }));
  return members;
}

// The members of any set of `sets`.
Result<std::vector<std::string>> Union(const std::vector<Collection>& sets) {
  std::set<std::string, std::less<>> members;
  for (const Collection& set : sets) {
    STEPDB_RETURN_IF_ERROR(set.Scan("", SIZE_MAX, [&](std::string_view member, std::string_view) {
      members.emplace(member);
      return true;
    }));
  }
  return std::vector<std::string>(members.begin(), members.end());
}

// A set reply: RESP3's set type, RESP2's array.
void ReplyMembers(CommandContext& ctx, const std::vector<std::string>& members) {
  ctx.reply.SetHeader(members.size());
  for (const std::string& member : members) ctx.reply.Bulk(member);
}

// SADD key member [member ...]: how many members were new.
void SaddCommand(CommandContext& ctx) {
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kWrite, &set)) return;
  // BEGIN SOLUTION
  // STARTER: (void)set;
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 08: SADD");
  int64_t added = 0;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const Result<bool> is_new = set->Put(ctx.argv[i], "");
    if (!OkOrReply(ctx, is_new)) return;
    if (*is_new) ++added;
  }
  if (!CommitOrReply(ctx, *set)) return;
  ctx.reply.Integer(added);
  // END SOLUTION
}

// SREM key member [member ...]: how many members were there; the last one gone deletes the
// key.
void SremCommand(CommandContext& ctx) {
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kWrite, &set)) return;
  int64_t removed = 0;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const Result<bool> was_there = set->Remove(ctx.argv[i]);
    if (!OkOrReply(ctx, was_there)) return;
    if (*was_there) ++removed;
  }
  if (!CommitOrReply(ctx, *set)) return;
  ctx.reply.Integer(removed);
}

void SismemberCommand(CommandContext& ctx) {
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kRead, &set)) return;
  const Result<bool> found = set->Contains(ctx.argv[2]);
  if (!OkOrReply(ctx, found)) return;
  ctx.reply.Integer(*found ? 1 : 0);
}

// SMISMEMBER key member [member ...]: 1 or 0 per member, in the order asked.
void SmismemberCommand(CommandContext& ctx) {
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kRead, &set)) return;
  std::vector<bool> found;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const Result<bool> is_member = set->Contains(ctx.argv[i]);
    if (!OkOrReply(ctx, is_member)) return;
    found.push_back(*is_member);
  }
  ctx.reply.ArrayHeader(found.size());
  for (const bool is_member : found) ctx.reply.Integer(is_member ? 1 : 0);
}

void SmembersCommand(CommandContext& ctx) {
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kRead, &set)) return;
  const Result<std::vector<Collection::Element>> members = set->ReadAll();
  if (!OkOrReply(ctx, members)) return;
  ctx.reply.SetHeader(members->size());
  for (const auto& [member, value] : *members) ctx.reply.Bulk(member);
}

void ScardCommand(CommandContext& ctx) {
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kRead, &set)) return;
  ctx.reply.Integer(static_cast<int64_t>(set->size()));
}

// SPOP key count: up to count distinct members, removed in one commit; a set reply. Redis
// reads the count before the key, and any count that is not a non-negative integer is "out of
// range"; the key is looked up as a read (SPOP without a count looks it up as a write).
void SpopWithCount(CommandContext& ctx) {
  int64_t count = 0;
  if (!StringToInt64(ctx.argv[2], &count) || count < 0) {
    ctx.reply.Error(kErrNotPositive);
    return;
  }
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kRead, &set)) return;
  if (!set->exists() || count == 0) {
    ctx.reply.SetHeader(0);
    return;
  }
  Result<std::vector<Collection::Element>> picked =
      set->RandomElements(static_cast<uint64_t>(count), /*distinct=*/true, CollectionRandom());
  if (!OkOrReply(ctx, picked)) return;
  if (picked->size() == set->size()) {
    set->Clear();  // every member: the key goes with one write, whatever the size
  } else {
    for (const auto& [member, value] : *picked) {
      if (!OkOrReply(ctx, set->Remove(member))) return;
    }
  }
  if (!CommitOrReply(ctx, *set)) return;
  ctx.reply.SetHeader(picked->size());
  for (const auto& [member, value] : *picked) ctx.reply.Bulk(member);
}

// SPOP key [count]: one random member, removed (nil if the key is missing).
void SpopCommand(CommandContext& ctx) {
  if (ctx.argv.size() > 3) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  if (ctx.argv.size() == 3) {
    SpopWithCount(ctx);
    return;
  }
  std::optional<Collection> set;
  std::string member;
  if (!PickOneOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kWrite, &set, &member)) return;
  if (!OkOrReply(ctx, set->Remove(member))) return;
  if (!CommitOrReply(ctx, *set)) return;
  ctx.reply.Bulk(member);
}

// SRANDMEMBER key count: a positive count asks for up to count distinct members, a negative
// one for |count| independent picks (members may repeat); an array, never a set, since the
// picks may repeat. As in Redis, a huge negative count builds a reply of that many members.
void SrandmemberWithCount(CommandContext& ctx) {
  int64_t count = 0;
  if (!StringToInt64(ctx.argv[2], &count)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  if (count == std::numeric_limits<int64_t>::min()) {
    ctx.reply.Error(kErrCountRange);
    return;
  }
  std::optional<Collection> set;
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kRead, &set)) return;
  if (!set->exists() || count == 0) {
    ctx.reply.ArrayHeader(0);
    return;
  }
  const bool distinct = count > 0;
  const auto picks = static_cast<uint64_t>(distinct ? count : -count);
  const Result<std::vector<Collection::Element>> picked =
      set->RandomElements(picks, distinct, CollectionRandom());
  if (!OkOrReply(ctx, picked)) return;
  ctx.reply.ArrayHeader(picked->size());
  for (const auto& [member, value] : *picked) ctx.reply.Bulk(member);
}

// SRANDMEMBER key [count]: one random member (nil if the key is missing).
void SrandmemberCommand(CommandContext& ctx) {
  if (ctx.argv.size() > 3) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  if (ctx.argv.size() == 3) {
    SrandmemberWithCount(ctx);
    return;
  }
  std::optional<Collection> set;
  std::string member;
  if (!PickOneOrReply(ctx, ctx.argv[1], kSet, KeyAccess::kRead, &set, &member)) return;
  ctx.reply.Bulk(member);
}

// SMOVE source destination member: 1 if member moved (or source == destination holds it),
// else 0. Redis's order: a missing source answers 0 before the destination is looked at;
// then either key holding another type is WRONGTYPE, even when the member is not there.
void SmoveCommand(CommandContext& ctx) {
  const std::string& source_key = ctx.argv[1];
  const std::string& destination_key = ctx.argv[2];
  const std::string& member = ctx.argv[3];
  std::optional<Collection> source;
  if (!LoadCollectionOrReply(ctx, source_key, kSet, KeyAccess::kWrite, &source)) return;
  if (!source->exists()) {
    ctx.reply.Integer(0);
    return;
  }
  if (source_key == destination_key) {
    const Result<bool> found = source->Contains(member);
    if (!OkOrReply(ctx, found)) return;
    ctx.reply.Integer(*found ? 1 : 0);
    return;
  }
  std::optional<Collection> destination;
  if (!LoadCollectionOrReply(ctx, destination_key, kSet, KeyAccess::kWrite, &destination)) return;
  const Result<bool> removed = source->Remove(member);
  if (!OkOrReply(ctx, removed)) return;
  if (!*removed) {
    ctx.reply.Integer(0);
    return;
  }
  if (!OkOrReply(ctx, destination->Put(member, ""))) return;
  Keyspace::Batch batch;
  source->AddTo(&batch);
  destination->AddTo(&batch);
  if (!ApplyOrReply(ctx, batch)) return;
  ctx.reply.Integer(1);
}

enum class SetOperation { kIntersection, kUnion, kDifference };

Result<std::vector<std::string>> Compute(SetOperation operation,
                                         const std::vector<Collection>& sets) {
  switch (operation) {
    case SetOperation::kIntersection:
      return Intersect(sets, /*limit=*/0);
    case SetOperation::kUnion:
      return Union(sets);
    case SetOperation::kDifference:
      return Difference(sets);
  }
  return std::vector<std::string>();
}

// SINTER, SUNION, SDIFF key [key ...]: the members, as a set reply.
void SetOperationGeneric(CommandContext& ctx, SetOperation operation) {
  const std::span<const std::string> keys(ctx.argv.begin() + 1, ctx.argv.end());
  std::vector<Collection> sets;
  if (!LoadSetsOrReply(ctx, keys, KeyAccess::kRead, &sets)) return;
  const Result<std::vector<std::string>> members = Compute(operation, sets);
  if (!OkOrReply(ctx, members)) return;
  ReplyMembers(ctx, *members);
}

// SINTERSTORE, SUNIONSTORE, SDIFFSTORE destination key [key ...]: the result replaces
// whatever destination held (its expiry too), or deletes it if empty; the reply is its size.
// Redis counts the inputs' lookups as reads, and never type-checks the destination.
void SetOperationStoreGeneric(CommandContext& ctx, SetOperation operation) {
  const std::string& destination_key = ctx.argv[1];
  const std::span<const std::string> keys(ctx.argv.begin() + 2, ctx.argv.end());
  std::vector<Collection> sets;
  if (!LoadSetsOrReply(ctx, keys, KeyAccess::kRead, &sets)) return;
  Result<std::vector<std::string>> members = Compute(operation, sets);
  if (!OkOrReply(ctx, members)) return;
  bool destination_exists = false;
  if (!KeyExistsOrReply(ctx, ctx.db(), destination_key, &destination_exists)) return;
  Collection destination =
      Collection::Replacing(ctx.keyspace(), ctx.db(), destination_key, kSet, destination_exists);
  for (std::string& member : *members) {
    if (!OkOrReply(ctx, destination.Put(member, ""))) return;
  }
  if (!CommitOrReply(ctx, destination)) return;
  ctx.reply.Integer(static_cast<int64_t>(destination.size()));
}

void SinterCommand(CommandContext& ctx) { SetOperationGeneric(ctx, SetOperation::kIntersection); }
void SunionCommand(CommandContext& ctx) { SetOperationGeneric(ctx, SetOperation::kUnion); }
void SdiffCommand(CommandContext& ctx) { SetOperationGeneric(ctx, SetOperation::kDifference); }
void SinterstoreCommand(CommandContext& ctx) {
  SetOperationStoreGeneric(ctx, SetOperation::kIntersection);
}
void SunionstoreCommand(CommandContext& ctx) {
  SetOperationStoreGeneric(ctx, SetOperation::kUnion);
}
void SdiffstoreCommand(CommandContext& ctx) {
  SetOperationStoreGeneric(ctx, SetOperation::kDifference);
}

// SINTERCARD numkeys key [key ...] [LIMIT limit]: the size of the intersection, counting
// stopped at limit (0: no limit). Redis checks numkeys, then every option (LIMIT may repeat;
// the last wins), then the keys.
void SintercardCommand(CommandContext& ctx) {
  int64_t numkeys = 0;
  if (!StringToInt64(ctx.argv[1], &numkeys) || numkeys < 1) {
    ctx.reply.Error(kErrNumkeys);
    return;
  }
  const size_t args = ctx.argv.size() - 2;
  if (static_cast<uint64_t>(numkeys) > args) {
    ctx.reply.Error(kErrTooManyKeys);
    return;
  }
  const auto first_option = 2 + static_cast<size_t>(numkeys);
  int64_t limit = 0;
  for (size_t i = first_option; i < ctx.argv.size(); ++i) {
    if (!EqualsIgnoreCase(ctx.argv[i], "limit") || i + 1 == ctx.argv.size()) {
      ctx.reply.Error(kErrSyntax);
      return;
    }
    ++i;
    if (!StringToInt64(ctx.argv[i], &limit) || limit < 0) {
      ctx.reply.Error(kErrNegativeLimit);
      return;
    }
  }
  const std::span<const std::string> keys(ctx.argv.begin() + 2,
                                          ctx.argv.begin() + static_cast<ptrdiff_t>(first_option));
  std::vector<Collection> sets;
  if (!LoadSetsOrReply(ctx, keys, KeyAccess::kRead, &sets)) return;
  const Result<std::vector<std::string>> members = Intersect(sets, static_cast<uint64_t>(limit));
  if (!OkOrReply(ctx, members)) return;
  ctx.reply.Integer(static_cast<int64_t>(members->size()));
}

}  // namespace

void AddRedisSetCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler:
  // Redis 7.0's COMMAND INFO and COMMAND DOCS for each. SINTERCARD's keys follow its numkeys
  // argument, which (first, last, step) cannot say: Redis lists it as (0, 0, 0) too and finds
  // them with its key specs.
  constexpr uint32_t kWriteFast = kCmdWrite | kCmdFast;
  constexpr uint32_t kReadFast = kCmdReadOnly | kCmdFast;
  constexpr uint32_t kGrow = kCmdWrite | kCmdDenyOom;
  const std::string g = "set";
  table.Add({"sadd",
             -3,
             kGrow | kCmdFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Add one or more members to a set",
             SaddCommand,
             {}});
  table.Add({"srem",
             -3,
             kWriteFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Remove one or more members from a set",
             SremCommand,
             {}});
  table.Add({"sismember",
             3,
             kReadFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Determine if a given value is a member of a set",
             SismemberCommand,
             {}});
  table.Add({"smismember",
             -3,
             kReadFast,
             1,
             1,
             1,
             g,
             "6.2.0",
             "Returns the membership associated with the given elements for a set",
             SmismemberCommand,
             {}});
  table.Add({"smembers",
             2,
             kCmdReadOnly,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Get all the members in a set",
             SmembersCommand,
             {}});
  table.Add({"scard",
             2,
             kReadFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Get the number of members in a set",
             ScardCommand,
             {}});
  table.Add({"spop",
             -2,
             kWriteFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Remove and return one or multiple random members from a set",
             SpopCommand,
             {}});
  table.Add({"srandmember",
             -2,
             kCmdReadOnly,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Get one or multiple random members from a set",
             SrandmemberCommand,
             {}});
  table.Add({"smove",
             4,
             kWriteFast,
             1,
             2,
             1,
             g,
             "1.0.0",
             "Move a member from one set to another",
             SmoveCommand,
             {}});
  table.Add({"sinter",
             -2,
             kCmdReadOnly,
             1,
             -1,
             1,
             g,
             "1.0.0",
             "Intersect multiple sets",
             SinterCommand,
             {}});
  table.Add({"sintercard",
             -3,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "7.0.0",
             "Intersect multiple sets and return the cardinality of the result",
             SintercardCommand,
             {}});
  table.Add({"sinterstore",
             -3,
             kGrow,
             1,
             -1,
             1,
             g,
             "1.0.0",
             "Intersect multiple sets and store the resulting set in a key",
             SinterstoreCommand,
             {}});
  table.Add(
      {"sunion", -2, kCmdReadOnly, 1, -1, 1, g, "1.0.0", "Add multiple sets", SunionCommand, {}});
  table.Add({"sunionstore",
             -3,
             kGrow,
             1,
             -1,
             1,
             g,
             "1.0.0",
             "Add multiple sets and store the resulting set in a key",
             SunionstoreCommand,
             {}});
  table.Add({"sdiff",
             -2,
             kCmdReadOnly,
             1,
             -1,
             1,
             g,
             "1.0.0",
             "Subtract multiple sets",
             SdiffCommand,
             {}});
  table.Add({"sdiffstore",
             -3,
             kGrow,
             1,
             -1,
             1,
             g,
             "1.0.0",
             "Subtract multiple sets and store the resulting set in a key",
             SdiffstoreCommand,
             {}});
}

}  // namespace stepdb
