#include "redis_string_commands.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "key_lookup.h"
#include "lcs.h"
#include "redis_args.h"
#include "string_write_options.h"

namespace stepdb {
namespace {

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

uint64_t MaxStringBytes(const CommandContext& ctx) {
  return static_cast<uint64_t>(ctx.server.config->Integer("proto-max-bulk-len"));
}

// Redis's checkStringLength: would a string of `size` bytes grown by `added` bytes stay within
// proto-max-bulk-len? Both are below 2^63, so their sum cannot wrap.
bool CheckStringLengthOrReply(CommandContext& ctx, uint64_t size, uint64_t added) {
  if (size + added > MaxStringBytes(ctx)) {
    ctx.reply.Error(kErrStringTooLong);
    return false;
  }
  return true;
}

void ReplyValueOrNull(CommandContext& ctx, const std::optional<ValueEnvelope>& value) {
  if (value) {
    ctx.reply.Bulk(value->payload);
  } else {
    ctx.reply.Null();
  }
}

bool ReadStringOrReply(CommandContext& ctx, std::string_view key, KeyAccess access,
                       std::optional<ValueEnvelope>* value) {
  return LookupTypedKeyOrReply(ctx, key, ValueType::kString, access, value);
}

void GetCommand(CommandContext& ctx) {
  std::optional<ValueEnvelope> value;
  if (!ReadStringOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &value)) return;
  ReplyValueOrNull(ctx, value);
}

void SetCommand(CommandContext& ctx) {
  StringWriteOptions options;
  if (!ParseStringWriteOptionsOrReply(ctx, StringWriteCommand::kSet, &options)) return;
  int64_t expire_at_ms = 0;
  if (options.expire_time != nullptr &&
      !ExpireAtOrReply(ctx, options.expiry, *options.expire_time, &expire_at_ms)) {
    return;
  }

  const std::string& key = ctx.argv[1];
  std::optional<ValueEnvelope> old;
  const bool looked_up = options.get || options.nx || options.xx || options.keep_ttl;
  if (options.get) {
    // GET reads the old value as GET would: WRONGTYPE for a non-string, and nothing is set.
    if (!ReadStringOrReply(ctx, key, KeyAccess::kRead, &old)) return;
  } else if (looked_up) {
    if (!LookupKeyOrReply(ctx, key, KeyAccess::kWrite, &old)) return;
  }
  if ((options.nx && old) || (options.xx && !old)) {
    if (options.get) {
      ReplyValueOrNull(ctx, old);
    } else {
      ctx.reply.Null();
    }
    return;
  }
  ValueEnvelope value = StringEnvelope(ctx.argv[2]);
  value.expire_at_ms = options.keep_ttl ? (old ? old->expire_at_ms : 0) : expire_at_ms;
  const bool stored = looked_up ? PutOrReply(ctx, key, std::move(value), old.has_value())
                                : PutOrReply(ctx, key, std::move(value));
  if (!stored) return;
  if (options.get) {
    ReplyValueOrNull(ctx, old);
  } else {
    ctx.reply.Ok();
  }
}

void SetnxCommand(CommandContext& ctx) {
  bool exists = false;
  if (!KeyExistsOrReply(ctx, ctx.db(), ctx.argv[1], &exists)) return;
  if (exists) {
    ctx.reply.Integer(0);
    return;
  }
  if (!PutOrReply(ctx, ctx.argv[1], StringEnvelope(ctx.argv[2]), /*existed=*/false)) return;
  ctx.reply.Integer(1);
}

void MgetCommand(CommandContext& ctx) {
  // Every key is read before the first byte of the reply, so that a storage error can still be
  // the whole reply.
  std::vector<std::optional<ValueEnvelope>> values(ctx.argv.size() - 1);
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    if (!LookupKeyOrReply(ctx, ctx.argv[i], KeyAccess::kRead, &values[i - 1])) return;
  }
  ctx.reply.ArrayHeader(values.size());
  for (const std::optional<ValueEnvelope>& value : values) {
    if (value && value->type == ValueType::kString) {
      ctx.reply.Bulk(value->payload);
    } else {
      ctx.reply.Null();  // missing, or not a string
    }
  }
}

// MSET and MSETNX: pairs of key and value, written in one engine batch (a later pair of the
// same key wins). MSETNX writes nothing, and replies 0, if any of its keys exists.
void MsetGeneric(CommandContext& ctx, bool nx) {
  const std::vector<std::string>& argv = ctx.argv;
  if (argv.size() % 2 == 0) {
    ctx.reply.Error(WrongArityError(nx ? "msetnx" : "mset"));
    return;
  }
  if (nx) {
    for (size_t i = 1; i < argv.size(); i += 2) {
      bool exists = false;
      if (!KeyExistsOrReply(ctx, ctx.db(), argv[i], &exists)) return;
      if (exists) {
        ctx.reply.Integer(0);
        return;
      }
    }
  }
  Keyspace::Batch batch;
  for (size_t i = 1; i < argv.size(); i += 2) {
    batch.Put(ctx.db(), argv[i], StringEnvelope(argv[i + 1]));
  }
  if (Status status = ctx.keyspace().Apply(batch); !status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  if (nx) {
    ctx.reply.Integer(1);
  } else {
    ctx.reply.Ok();
  }
}

void MsetCommand(CommandContext& ctx) { MsetGeneric(ctx, /*nx=*/false); }
void MsetnxCommand(CommandContext& ctx) { MsetGeneric(ctx, /*nx=*/true); }

void GetsetCommand(CommandContext& ctx) {
  std::optional<ValueEnvelope> old;
  if (!ReadStringOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &old)) return;
  if (!PutOrReply(ctx, ctx.argv[1], StringEnvelope(ctx.argv[2]), old.has_value())) return;
  ReplyValueOrNull(ctx, old);
}

void GetdelCommand(CommandContext& ctx) {
  std::optional<ValueEnvelope> old;
  if (!ReadStringOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &old)) return;
  if (old) {
    if (Result<bool> deleted = ctx.keyspace().Delete(ctx.db(), ctx.argv[1]); !deleted.ok()) {
      ctx.ReplyStorageError(deleted.status());
      return;
    }
  }
  ReplyValueOrNull(ctx, old);
}

void AppendCommand(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  const std::string& tail = ctx.argv[2];
  std::optional<ValueEnvelope> value;
  if (!ReadStringOrReply(ctx, key, KeyAccess::kWrite, &value)) return;
  const bool existed = value.has_value();
  if (!value) {
    value = StringEnvelope(tail);
  } else {
    if (!CheckStringLengthOrReply(ctx, value->payload.size(), tail.size())) return;
    value->payload += tail;
  }
  const size_t length = value->payload.size();
  if (!PutOrReply(ctx, key, std::move(*value), existed)) return;
  ctx.reply.Integer(static_cast<int64_t>(length));
}

void StrlenCommand(CommandContext& ctx) {
  std::optional<ValueEnvelope> value;
  if (!ReadStringOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &value)) return;
  ctx.reply.Integer(value ? static_cast<int64_t>(value->payload.size()) : 0);
}

// INCR, DECR, INCRBY and DECRBY: a missing key counts as 0; the envelope (flags, expiry) of an
// existing one is kept.
void IncrDecrGeneric(CommandContext& ctx, int64_t increment) {
  const std::string& key = ctx.argv[1];
  std::optional<ValueEnvelope> value;
  if (!ReadStringOrReply(ctx, key, KeyAccess::kWrite, &value)) return;
  int64_t number = 0;
  if (value && !StringToInt64(value->payload, &number)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  if (AddWouldOverflow(number, increment)) {
    ctx.reply.Error(kErrOverflow);
    return;
  }
  number += increment;
  const bool existed = value.has_value();
  if (!value) value = StringEnvelope("");
  value->payload = std::to_string(number);
  if (!PutOrReply(ctx, key, std::move(*value), existed)) return;
  ctx.reply.Integer(number);
}

void IncrCommand(CommandContext& ctx) { IncrDecrGeneric(ctx, 1); }
void DecrCommand(CommandContext& ctx) { IncrDecrGeneric(ctx, -1); }

void IncrbyCommand(CommandContext& ctx) {
  int64_t increment = 0;
  if (!StringToInt64(ctx.argv[2], &increment)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  IncrDecrGeneric(ctx, increment);
}

void DecrbyCommand(CommandContext& ctx) {
  int64_t decrement = 0;
  if (!StringToInt64(ctx.argv[2], &decrement)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  if (decrement == kInt64Min) {  // its negation does not exist
    ctx.reply.Error(kErrDecrementOverflow);
    return;
  }
  IncrDecrGeneric(ctx, -decrement);
}

void IncrbyfloatCommand(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  std::optional<ValueEnvelope> value;
  if (!ReadStringOrReply(ctx, key, KeyAccess::kWrite, &value)) return;
  long double number = 0;
  long double increment = 0;
  if ((value && !StringToLongDouble(value->payload, &number)) ||
      !StringToLongDouble(ctx.argv[2], &increment)) {
    ctx.reply.Error(kErrNotFloat);
    return;
  }
  number += increment;
  if (std::isnan(number) || std::isinf(number)) {
    ctx.reply.Error(kErrNanOrInfinity);
    return;
  }
  const bool existed = value.has_value();
  if (!value) value = StringEnvelope("");
  value->payload = LongDoubleToString(number);
  const std::string text = value->payload;
  if (!PutOrReply(ctx, key, std::move(*value), existed)) return;
  ctx.reply.Bulk(text);
}

void SetrangeCommand(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  const std::string& patch = ctx.argv[3];
  int64_t offset = 0;
  if (!StringToInt64(ctx.argv[2], &offset)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  if (offset < 0) {
    ctx.reply.Error(kErrOffsetOutOfRange);
    return;
  }
  std::optional<ValueEnvelope> value;
  if (!ReadStringOrReply(ctx, key, KeyAccess::kWrite, &value)) return;
  // An empty patch writes nothing, not even a missing key: the reply is the length as it is.
  if (patch.empty()) {
    ctx.reply.Integer(value ? static_cast<int64_t>(value->payload.size()) : 0);
    return;
  }
  if (!CheckStringLengthOrReply(ctx, static_cast<uint64_t>(offset), patch.size())) return;
  const bool existed = value.has_value();
  if (!value) value = StringEnvelope("");
  std::string& payload = value->payload;
  const auto at = static_cast<size_t>(offset);
  if (payload.size() < at + patch.size()) payload.resize(at + patch.size(), '\0');
  payload.replace(at, patch.size(), patch);
  const size_t length = payload.size();
  if (!PutOrReply(ctx, key, std::move(*value), existed)) return;
  ctx.reply.Integer(static_cast<int64_t>(length));
}

// GETRANGE and SUBSTR. Negative indexes count from the end (-1 is the last byte); both ends
// are clamped into the string, and an empty range is an empty string, as in Redis 7.0.
void GetrangeCommand(CommandContext& ctx) {
  int64_t start = 0;
  int64_t end = 0;
  if (!StringToInt64(ctx.argv[2], &start) || !StringToInt64(ctx.argv[3], &end)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  std::optional<ValueEnvelope> value;
  if (!ReadStringOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &value)) return;
  if (!value) {
    ctx.reply.Bulk("");
    return;
  }
  const std::string& text = value->payload;
  const auto length = static_cast<int64_t>(text.size());
  if (start < 0 && end < 0 && start > end) {
    ctx.reply.Bulk("");
    return;
  }
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= length) end = length - 1;
  if (start > end || length == 0) {
    ctx.reply.Bulk("");
    return;
  }
  ctx.reply.Bulk(std::string_view(text).substr(static_cast<size_t>(start),
                                               static_cast<size_t>(end - start + 1)));
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]. Missing keys are empty strings.
void LcsCommand(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  std::optional<ValueEnvelope> a;
  std::optional<ValueEnvelope> b;
  if (!LookupKeyOrReply(ctx, argv[1], KeyAccess::kRead, &a) ||
      !LookupKeyOrReply(ctx, argv[2], KeyAccess::kRead, &b)) {
    return;
  }
  if ((a && a->type != ValueType::kString) || (b && b->type != ValueType::kString)) {
    ctx.reply.Error("ERR The specified keys must contain string values");
    return;
  }
  bool want_index = false;
  bool want_length = false;
  bool with_match_length = false;
  int64_t min_match_length = 0;
  for (size_t j = 3; j < argv.size(); ++j) {
    const bool has_more = j + 1 < argv.size();
    if (EqualsIgnoreCase(argv[j], "idx")) {
      want_index = true;
    } else if (EqualsIgnoreCase(argv[j], "len")) {
      want_length = true;
    } else if (EqualsIgnoreCase(argv[j], "withmatchlen")) {
      with_match_length = true;
    } else if (EqualsIgnoreCase(argv[j], "minmatchlen") && has_more) {
      if (!StringToInt64(argv[++j], &min_match_length)) {
        ctx.reply.Error(kErrNotInteger);
        return;
      }
      if (min_match_length < 0) min_match_length = 0;
    } else {
      ctx.reply.Error(kErrSyntax);
      return;
    }
  }
  if (want_index && want_length) {
    ctx.reply.Error("ERR If you want both the length and indexes, please just use IDX.");
    return;
  }
  LcsOptions options;
  options.want_text = !want_index && !want_length;
  options.want_matches = want_index;
  options.min_match_length = min_match_length;
  options.max_table_bytes = MaxStringBytes(ctx);
  Result<LcsResult> lcs =
      ComputeLcs(a ? std::string_view(a->payload) : std::string_view(),
                 b ? std::string_view(b->payload) : std::string_view(), options);
  if (!lcs.ok()) {
    ctx.reply.Error("ERR " + lcs.status().message());
    return;
  }
  if (want_length) {
    ctx.reply.Integer(lcs->length);
    return;
  }
  if (!want_index) {
    ctx.reply.Bulk(lcs->text);
    return;
  }
  // {"matches": [[[a_start, a_end], [b_start, b_end], (length)], ...], "len": length}
  ctx.reply.MapHeader(2);
  ctx.reply.Bulk("matches");
  ctx.reply.ArrayHeader(lcs->matches.size());
  for (const LcsMatch& match : lcs->matches) {
    ctx.reply.ArrayHeader(with_match_length ? 3 : 2);
    ctx.reply.ArrayHeader(2);
    ctx.reply.Integer(match.a_start);
    ctx.reply.Integer(match.a_end);
    ctx.reply.ArrayHeader(2);
    ctx.reply.Integer(match.b_start);
    ctx.reply.Integer(match.b_end);
    if (with_match_length) ctx.reply.Integer(match.length());
  }
  ctx.reply.Bulk("len");
  ctx.reply.Integer(lcs->length);
}

}  // namespace

void AddRedisStringCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler:
  // Redis 7.0's COMMAND INFO and COMMAND DOCS for each.
  constexpr uint32_t kRead = kCmdReadOnly;
  constexpr uint32_t kReadFast = kCmdReadOnly | kCmdFast;
  constexpr uint32_t kGrow = kCmdWrite | kCmdDenyOom;
  constexpr uint32_t kGrowFast = kCmdWrite | kCmdDenyOom | kCmdFast;
  const std::string s = "string";
  table.Add({"get", 2, kReadFast, 1, 1, 1, s, "1.0.0", "Get the value of a key", GetCommand, {}});
  table.Add(
      {"set", -3, kGrow, 1, 1, 1, s, "1.0.0", "Set the string value of a key", SetCommand, {}});
  table.Add({"setnx",
             3,
             kGrowFast,
             1,
             1,
             1,
             s,
             "1.0.0",
             "Set the value of a key, only if the key does not exist",
             SetnxCommand,
             {}});
  table.Add({"mget",
             -2,
             kReadFast,
             1,
             -1,
             1,
             s,
             "1.0.0",
             "Get the values of all the given keys",
             MgetCommand,
             {}});
  table.Add({"mset",
             -3,
             kGrow,
             1,
             -1,
             2,
             s,
             "1.0.1",
             "Set multiple keys to multiple values",
             MsetCommand,
             {}});
  table.Add({"msetnx",
             -3,
             kGrow,
             1,
             -1,
             2,
             s,
             "1.0.1",
             "Set multiple keys to multiple values, only if none of the keys exist",
             MsetnxCommand,
             {}});
  table.Add({"getset",
             3,
             kGrowFast,
             1,
             1,
             1,
             s,
             "1.0.0",
             "Set the string value of a key and return its old value",
             GetsetCommand,
             {}});
  table.Add({"getdel",
             2,
             kCmdWrite | kCmdFast,
             1,
             1,
             1,
             s,
             "6.2.0",
             "Get the value of a key and delete the key",
             GetdelCommand,
             {}});
  table.Add(
      {"append", 3, kGrowFast, 1, 1, 1, s, "2.0.0", "Append a value to a key", AppendCommand, {}});
  table.Add({"strlen",
             2,
             kReadFast,
             1,
             1,
             1,
             s,
             "2.2.0",
             "Get the length of the value stored in a key",
             StrlenCommand,
             {}});
  table.Add({"incr",
             2,
             kGrowFast,
             1,
             1,
             1,
             s,
             "1.0.0",
             "Increment the integer value of a key by one",
             IncrCommand,
             {}});
  table.Add({"decr",
             2,
             kGrowFast,
             1,
             1,
             1,
             s,
             "1.0.0",
             "Decrement the integer value of a key by one",
             DecrCommand,
             {}});
  table.Add({"incrby",
             3,
             kGrowFast,
             1,
             1,
             1,
             s,
             "1.0.0",
             "Increment the integer value of a key by the given amount",
             IncrbyCommand,
             {}});
  table.Add({"decrby",
             3,
             kGrowFast,
             1,
             1,
             1,
             s,
             "1.0.0",
             "Decrement the integer value of a key by the given number",
             DecrbyCommand,
             {}});
  table.Add({"incrbyfloat",
             3,
             kGrowFast,
             1,
             1,
             1,
             s,
             "2.6.0",
             "Increment the float value of a key by the given amount",
             IncrbyfloatCommand,
             {}});
  table.Add({"setrange",
             4,
             kGrow,
             1,
             1,
             1,
             s,
             "2.2.0",
             "Overwrite part of a string at key starting at the specified offset",
             SetrangeCommand,
             {}});
  table.Add({"getrange",
             4,
             kRead,
             1,
             1,
             1,
             s,
             "2.4.0",
             "Get a substring of the string stored at a key",
             GetrangeCommand,
             {}});
  table.Add({"substr",
             4,
             kRead,
             1,
             1,
             1,
             s,
             "1.0.0",
             "Get a substring of the string stored at a key",
             GetrangeCommand,
             {}});
  table.Add(
      {"lcs", -3, kRead, 1, 2, 1, s, "7.0.0", "Find longest common substring", LcsCommand, {}});
}

}  // namespace stepdb
