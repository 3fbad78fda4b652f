#include "redis_hash_commands.h"

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

namespace stepdb {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

// Redis 7.0's texts for the hash commands' own errors.
constexpr std::string_view kErrHashNotInteger = "ERR hash value is not an integer";
constexpr std::string_view kErrHashNotFloat = "ERR hash value is not a float";
constexpr std::string_view kErrIncrementNanOrInfinity = "ERR value is NaN or Infinity";
constexpr std::string_view kErrCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and "
    "9223372036854775807";
constexpr std::string_view kErrValueOutOfRange = "ERR value is out of range";

// Loads key's hash, for a command that reads (access kRead) or changes it (kWrite).
bool LoadHashOrReply(CommandContext& ctx, KeyAccess access, std::optional<Collection>* hash) {
  return LoadCollectionOrReply(ctx, ctx.argv[1], ValueType::kHash, access, hash);
}

// HSET key field value [field value ...] (the number of fields that were new) and HMSET, the
// same command with Redis 2.0's reply, +OK.
void HsetGeneric(CommandContext& ctx, bool reply_ok) {
  if (ctx.argv.size() % 2 != 0) {  // the name, the key, then pairs
    ctx.reply.Error(WrongArityError(AsciiLower(ctx.argv[0])));
    return;
  }
  // BEGIN SOLUTION
  // STARTER: (void)reply_ok;
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 08: HSET");
  // STARTER: return;
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kWrite, &hash)) return;
  int64_t added = 0;
  for (size_t i = 2; i < ctx.argv.size(); i += 2) {
    Result<bool> is_new = hash->Put(ctx.argv[i], ctx.argv[i + 1]);
    if (!OkOrReply(ctx, is_new)) return;
    if (*is_new) ++added;
  }
  if (!CommitOrReply(ctx, *hash)) return;
  if (reply_ok) {
    ctx.reply.Ok();
  } else {
    ctx.reply.Integer(added);
  }
  // END SOLUTION
}

void HsetCommand(CommandContext& ctx) { HsetGeneric(ctx, /*reply_ok=*/false); }
void HmsetCommand(CommandContext& ctx) { HsetGeneric(ctx, /*reply_ok=*/true); }

void HsetnxCommand(CommandContext& ctx) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kWrite, &hash)) return;
  Result<bool> exists = hash->Contains(ctx.argv[2]);
  if (!OkOrReply(ctx, exists)) return;
  if (*exists) {
    ctx.reply.Integer(0);
    return;
  }
  if (!OkOrReply(ctx, hash->Put(ctx.argv[2], ctx.argv[3])) || !CommitOrReply(ctx, *hash)) return;
  ctx.reply.Integer(1);
}

void HgetCommand(CommandContext& ctx) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kRead, &hash)) return;
  Result<std::optional<std::string>> value = hash->Get(ctx.argv[2]);
  if (!OkOrReply(ctx, value)) return;
  if (*value) {
    ctx.reply.Bulk(**value);
  } else {
    ctx.reply.Null();
  }
}

void HmgetCommand(CommandContext& ctx) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kRead, &hash)) return;
  // Every value is read before the reply starts: a storage error must be the whole reply.
  std::vector<std::optional<std::string>> values;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    Result<std::optional<std::string>> value = hash->Get(ctx.argv[i]);
    if (!OkOrReply(ctx, value)) return;
    values.push_back(std::move(*value));
  }
  ctx.reply.ArrayHeader(values.size());
  for (const std::optional<std::string>& value : values) {
    if (value) {
      ctx.reply.Bulk(*value);
    } else {
      ctx.reply.Null();
    }
  }
}

void HdelCommand(CommandContext& ctx) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kWrite, &hash)) return;
  int64_t deleted = 0;
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    Result<bool> removed = hash->Remove(ctx.argv[i]);
    if (!OkOrReply(ctx, removed)) return;
    if (*removed) ++deleted;
  }
  if (!CommitOrReply(ctx, *hash)) return;
  ctx.reply.Integer(deleted);
}

void HlenCommand(CommandContext& ctx) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kRead, &hash)) return;
  ctx.reply.Integer(static_cast<int64_t>(hash->size()));
}

void HstrlenCommand(CommandContext& ctx) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kRead, &hash)) return;
  Result<std::optional<std::string>> value = hash->Get(ctx.argv[2]);
  if (!OkOrReply(ctx, value)) return;
  ctx.reply.Integer(*value ? static_cast<int64_t>((*value)->size()) : 0);
}

void HexistsCommand(CommandContext& ctx) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kRead, &hash)) return;
  Result<bool> exists = hash->Contains(ctx.argv[2]);
  if (!OkOrReply(ctx, exists)) return;
  ctx.reply.Integer(*exists ? 1 : 0);
}

enum class HashPart { kFields, kValues, kBoth };

// HKEYS, HVALS and HGETALL: every field, value, or both, in the collection's order. HGETALL
// is a map, which RESP2 spells as a flat array.
void ReplyWholeHash(CommandContext& ctx, HashPart part) {
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kRead, &hash)) return;
  Result<std::vector<Collection::Element>> elements = hash->ReadAll();
  if (!OkOrReply(ctx, elements)) return;
  if (part == HashPart::kBoth) {
    ctx.reply.MapHeader(elements->size());
  } else {
    ctx.reply.ArrayHeader(elements->size());
  }
  for (const auto& [field, value] : *elements) {
    if (part != HashPart::kValues) ctx.reply.Bulk(field);
    if (part != HashPart::kFields) ctx.reply.Bulk(value);
  }
}

void HkeysCommand(CommandContext& ctx) { ReplyWholeHash(ctx, HashPart::kFields); }
void HvalsCommand(CommandContext& ctx) { ReplyWholeHash(ctx, HashPart::kValues); }
void HgetallCommand(CommandContext& ctx) { ReplyWholeHash(ctx, HashPart::kBoth); }

// HINCRBY key field increment: the field's integer value plus increment, stored and replied; a
// missing field (or key) counts as 0.
void HincrbyCommand(CommandContext& ctx) {
  int64_t increment = 0;
  if (!StringToInt64(ctx.argv[3], &increment)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  const std::string& field = ctx.argv[2];
  // BEGIN SOLUTION
  // STARTER: (void)field;
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 08: HINCRBY");
  // STARTER: return;
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kWrite, &hash)) return;
  Result<std::optional<std::string>> value = hash->Get(field);
  if (!OkOrReply(ctx, value)) return;
  int64_t number = 0;
  if (*value && !StringToInt64(**value, &number)) {
    ctx.reply.Error(kErrHashNotInteger);
    return;
  }
  if (AddWouldOverflow(number, increment)) {
    ctx.reply.Error(kErrOverflow);
    return;
  }
  number += increment;
  if (!OkOrReply(ctx, hash->Put(field, std::to_string(number))) || !CommitOrReply(ctx, *hash))
    return;
  ctx.reply.Integer(number);
  // END SOLUTION
}

// HINCRBYFLOAT key field increment: as HINCRBY, in long doubles printed as INCRBYFLOAT prints
// them; the reply is the stored text.
void HincrbyfloatCommand(CommandContext& ctx) {
  long double increment = 0;
  if (!StringToLongDouble(ctx.argv[3], &increment)) {
    ctx.reply.Error(kErrNotFloat);
    return;
  }
  if (std::isinf(increment)) {  // StringToLongDouble refuses NaN already
    ctx.reply.Error(kErrIncrementNanOrInfinity);
    return;
  }
  const std::string& field = ctx.argv[2];
  std::optional<Collection> hash;
  if (!LoadHashOrReply(ctx, KeyAccess::kWrite, &hash)) return;
  Result<std::optional<std::string>> value = hash->Get(field);
  if (!OkOrReply(ctx, value)) return;
  long double number = 0;
  if (*value && !StringToLongDouble(**value, &number)) {
    ctx.reply.Error(kErrHashNotFloat);
    return;
  }
  number += increment;
  if (std::isnan(number) || std::isinf(number)) {
    ctx.reply.Error(kErrNanOrInfinity);
    return;
  }
  const std::string text = LongDoubleToString(number);
  if (!OkOrReply(ctx, hash->Put(field, text)) || !CommitOrReply(ctx, *hash)) return;
  ctx.reply.Bulk(text);
}

void WriteHashValue(RespWriter& reply, std::string_view value) { reply.Bulk(value); }

void HrandfieldCommand(CommandContext& ctx) {
  RandomElementsGeneric(ctx, ValueType::kHash, "withvalues", WriteHashValue);
}

}  // namespace

// HRANDFIELD key [count [WITHVALUES]]. The count and the options are checked before the key,
// as Redis does.
void RandomElementsGeneric(CommandContext& ctx, ValueType type, std::string_view values_option,
                           ElementValueWriter write_value) {
  const std::vector<std::string>& argv = ctx.argv;
  std::optional<int64_t> count;
  bool with_values = false;
  if (argv.size() >= 3) {
    int64_t n = 0;
    if (!StringToInt64(argv[2], &n)) {
      ctx.reply.Error(kErrNotInteger);
      return;
    }
    if (n == kInt64Min) {  // -n must be a count too
      ctx.reply.Error(kErrCountOutOfRange);
      return;
    }
    if (argv.size() > 4 || (argv.size() == 4 && !EqualsIgnoreCase(argv[3], values_option))) {
      ctx.reply.Error(kErrSyntax);
      return;
    }
    with_values = argv.size() == 4;
    // Redis counts the reply's elements in a long: twice the count must fit.
    if (with_values && (n < -kInt64Max / 2 || n > kInt64Max / 2)) {
      ctx.reply.Error(kErrValueOutOfRange);
      return;
    }
    count = n;
  }
  std::optional<Collection> collection;
  if (!count) {
    std::string element;
    if (!PickOneOrReply(ctx, ctx.argv[1], type, KeyAccess::kRead, &collection, &element)) {
      return;
    }
    ctx.reply.Bulk(element);
    return;
  }
  if (!LoadCollectionOrReply(ctx, ctx.argv[1], type, KeyAccess::kRead, &collection)) return;
  const bool distinct = *count >= 0;
  const uint64_t wanted = distinct ? static_cast<uint64_t>(*count) : static_cast<uint64_t>(-*count);
  Result<std::vector<Collection::Element>> picked =
      collection->RandomElements(wanted, distinct, CollectionRandom());
  if (!OkOrReply(ctx, picked)) return;
  // WITHVALUES: a flat list in RESP2, an [element, value] pair per pick in RESP3.
  const bool pairs = with_values && ctx.reply.protocol() == 3;
  ctx.reply.ArrayHeader(with_values && !pairs ? picked->size() * 2 : picked->size());
  for (const auto& [element, value] : *picked) {
    if (pairs) ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(element);
    if (with_values) write_value(ctx.reply, value);
  }
}

void AddRedisHashCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler:
  // Redis 7.0's COMMAND INFO and COMMAND DOCS for each.
  constexpr uint32_t kGrowFast = kCmdWrite | kCmdDenyOom | kCmdFast;
  constexpr uint32_t kReadFast = kCmdReadOnly | kCmdFast;
  const std::string h = "hash";
  table.Add({"hset",
             -4,
             kGrowFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Set the string value of a hash field",
             HsetCommand,
             {}});
  table.Add({"hsetnx",
             4,
             kGrowFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Set the value of a hash field, only if the field does not exist",
             HsetnxCommand,
             {}});
  table.Add({"hget",
             3,
             kReadFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Get the value of a hash field",
             HgetCommand,
             {}});
  table.Add({"hmget",
             -3,
             kReadFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Get the values of all the given hash fields",
             HmgetCommand,
             {}});
  table.Add({"hmset",
             -4,
             kGrowFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Set multiple hash fields to multiple values",
             HmsetCommand,
             {}});
  table.Add({"hdel",
             -3,
             kCmdWrite | kCmdFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Delete one or more hash fields",
             HdelCommand,
             {}});
  table.Add({"hlen",
             2,
             kReadFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Get the number of fields in a hash",
             HlenCommand,
             {}});
  table.Add({"hstrlen",
             3,
             kReadFast,
             1,
             1,
             1,
             h,
             "3.2.0",
             "Get the length of the value of a hash field",
             HstrlenCommand,
             {}});
  table.Add({"hexists",
             3,
             kReadFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Determine if a hash field exists",
             HexistsCommand,
             {}});
  table.Add({"hkeys",
             2,
             kCmdReadOnly,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Get all the fields in a hash",
             HkeysCommand,
             {}});
  table.Add({"hvals",
             2,
             kCmdReadOnly,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Get all the values in a hash",
             HvalsCommand,
             {}});
  table.Add({"hgetall",
             2,
             kCmdReadOnly,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Get all the fields and values in a hash",
             HgetallCommand,
             {}});
  table.Add({"hincrby",
             4,
             kGrowFast,
             1,
             1,
             1,
             h,
             "2.0.0",
             "Increment the integer value of a hash field by the given number",
             HincrbyCommand,
             {}});
  table.Add({"hincrbyfloat",
             4,
             kGrowFast,
             1,
             1,
             1,
             h,
             "2.6.0",
             "Increment the float value of a hash field by the given amount",
             HincrbyfloatCommand,
             {}});
  table.Add({"hrandfield",
             -2,
             kCmdReadOnly,
             1,
             1,
             1,
             h,
             "6.2.0",
             "Get one or multiple random fields from a hash",
             HrandfieldCommand,
             {}});
}

}  // namespace stepdb
