#include "redis_expire_commands.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "expiring_keyspace.h"
#include "key_lookup.h"
#include "redis_args.h"
#include "string_write_options.h"

namespace stepdb {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

enum class TimeUnit { kSeconds, kMilliseconds };

// EXPIRE's conditions: NX (only if the key has no expiry), XX (only if it has one), GT (only
// if the new expiry is later), LT (only if it is earlier).
struct ExpireConditions {
  bool nx = false;
  bool xx = false;
  bool gt = false;
  bool lt = false;
};

// Redis's parseExtendedExpireArgumentsOrReply: any option may repeat; NX excludes the other
// three, GT excludes LT, and the unknown option is named as the client wrote it.
bool ParseExpireConditionsOrReply(CommandContext& ctx, ExpireConditions* conditions) {
  for (size_t j = 3; j < ctx.argv.size(); ++j) {
    const std::string& option = ctx.argv[j];
    if (EqualsIgnoreCase(option, "nx")) {
      conditions->nx = true;
    } else if (EqualsIgnoreCase(option, "xx")) {
      conditions->xx = true;
    } else if (EqualsIgnoreCase(option, "gt")) {
      conditions->gt = true;
    } else if (EqualsIgnoreCase(option, "lt")) {
      conditions->lt = true;
    } else {
      ctx.reply.Error("ERR Unsupported option " + option);
      return false;
    }
  }
  if (conditions->nx && (conditions->xx || conditions->gt || conditions->lt)) {
    ctx.reply.Error("ERR NX and XX, GT or LT options at the same time are not compatible");
    return false;
  }
  if (conditions->gt && conditions->lt) {
    ctx.reply.Error("ERR GT and LT options at the same time are not compatible");
    return false;
  }
  return true;
}

// The absolute expiry EXPIRE's time argument asks for: base_ms (now, or 0 for the AT forms)
// plus the time in `unit`. Unlike SET's, a time <= 0 is valid (it is past, and deletes the
// key); only a time that leaves int64 once in milliseconds, or once added to base_ms, is not.
bool ExpireTimeOrReply(CommandContext& ctx, int64_t base_ms, TimeUnit unit, int64_t* when) {
  if (!StringToInt64(ctx.argv[2], when)) {
    ctx.reply.Error(kErrNotInteger);
    return false;
  }
  const std::string command = AsciiLower(ctx.argv[0]);
  if (unit == TimeUnit::kSeconds) {
    if (*when > kInt64Max / 1000 || *when < kInt64Min / 1000) {
      ctx.reply.Error(InvalidExpireTimeError(command));
      return false;
    }
    *when *= 1000;
  }
  if (*when > kInt64Max - base_ms) {
    ctx.reply.Error(InvalidExpireTimeError(command));
    return false;
  }
  *when += base_ms;
  return true;
}

// Deletes key, which the caller has just found, as a command's own deletion (not counted in
// expired_keys, as Redis counts a DEL).
bool DeleteOrReply(CommandContext& ctx, std::string_view key) {
  Keyspace::Batch batch;
  batch.Delete(ctx.db(), key, /*existed=*/true);
  if (Status status = ctx.keyspace().Apply(batch); !status.ok()) {
    ctx.ReplyStorageError(status);
    return false;
  }
  return true;
}

// EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: 1 if the expiry was set (or the key deleted
// because the time is past), 0 if the key does not exist or a condition refused. The checks
// come in Redis's order: options, the time, the key, the conditions.
void ExpireGeneric(CommandContext& ctx, int64_t base_ms, TimeUnit unit) {
  ExpireConditions conditions;
  if (!ParseExpireConditionsOrReply(ctx, &conditions)) return;
  int64_t when = 0;
  if (!ExpireTimeOrReply(ctx, base_ms, unit, &when)) return;
  const std::string& key = ctx.argv[1];
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, key, KeyAccess::kWrite, &value)) return;
  // BEGIN SOLUTION
  // STARTER: (void)conditions;
  // STARTER: (void)when;
  // STARTER: (void)value;
  // STARTER: ctx.reply.Error("ERR stage 07: EXPIRE not implemented");
  if (!value) {
    ctx.reply.Integer(0);
    return;
  }
  const int64_t current = value->expire_at_ms;  // 0: none, which GT and LT take as infinite
  const bool refused = (conditions.nx && current != 0) || (conditions.xx && current == 0) ||
                       (conditions.gt && (current == 0 || when <= current)) ||
                       (conditions.lt && current != 0 && when >= current);
  if (refused) {
    ctx.reply.Integer(0);
    return;
  }
  // Not IsExpired: there 0 means "no expiry", while EXPIREAT k 0 is a time long past.
  if (when <= ctx.NowMs()) {
    if (!DeleteOrReply(ctx, key)) return;
  } else {
    value->expire_at_ms = when;
    if (!PutOrReply(ctx, key, std::move(*value), /*existed=*/true)) return;
  }
  ctx.reply.Integer(1);
  // END SOLUTION
}

void ExpireCommand(CommandContext& ctx) { ExpireGeneric(ctx, ctx.NowMs(), TimeUnit::kSeconds); }
void PexpireCommand(CommandContext& ctx) {
  ExpireGeneric(ctx, ctx.NowMs(), TimeUnit::kMilliseconds);
}
void ExpireatCommand(CommandContext& ctx) { ExpireGeneric(ctx, 0, TimeUnit::kSeconds); }
void PexpireatCommand(CommandContext& ctx) { ExpireGeneric(ctx, 0, TimeUnit::kMilliseconds); }

// TTL, PTTL, EXPIRETIME and PEXPIRETIME: -2 if the key does not exist, -1 if it has no expiry;
// else the time left (relative) or the expiry (absolute). Seconds are rounded to the nearest,
// as Redis does ((ms + 500) / 1000), so a key set to live 10 s answers TTL 10, not 9, for its
// first half second.
void TtlGeneric(CommandContext& ctx, TimeUnit unit, bool absolute) {
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &value)) return;
  // BEGIN SOLUTION
  // STARTER: (void)unit;
  // STARTER: (void)absolute;
  // STARTER: (void)value;
  // STARTER: ctx.reply.Error("ERR stage 07: TTL not implemented");
  if (!value) {
    ctx.reply.Integer(-2);
    return;
  }
  if (value->expire_at_ms == 0) {
    ctx.reply.Integer(-1);
    return;
  }
  int64_t ms = absolute ? value->expire_at_ms : value->expire_at_ms - ctx.NowMs();
  if (ms < 0) ms = 0;
  ctx.reply.Integer(unit == TimeUnit::kMilliseconds ? ms : (ms + 500) / 1000);
  // END SOLUTION
}

void TtlCommand(CommandContext& ctx) { TtlGeneric(ctx, TimeUnit::kSeconds, /*absolute=*/false); }
void PttlCommand(CommandContext& ctx) {
  TtlGeneric(ctx, TimeUnit::kMilliseconds, /*absolute=*/false);
}
void ExpiretimeCommand(CommandContext& ctx) {
  TtlGeneric(ctx, TimeUnit::kSeconds, /*absolute=*/true);
}
void PexpiretimeCommand(CommandContext& ctx) {
  TtlGeneric(ctx, TimeUnit::kMilliseconds, /*absolute=*/true);
}

void PersistCommand(CommandContext& ctx) {
  const std::string& key = ctx.argv[1];
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, key, KeyAccess::kWrite, &value)) return;
  // BEGIN SOLUTION
  // STARTER: (void)value;
  // STARTER: ctx.reply.Error("ERR stage 07: PERSIST not implemented");
  if (!value || value->expire_at_ms == 0) {
    ctx.reply.Integer(0);
    return;
  }
  value->expire_at_ms = 0;
  if (!PutOrReply(ctx, key, std::move(*value), /*existed=*/true)) return;
  ctx.reply.Integer(1);
  // END SOLUTION
}

// SETEX key seconds value and PSETEX key milliseconds value: SET key value EX|PX time, with
// SET's validation of the time; like SET, they replace a value of any type.
void SetexGeneric(CommandContext& ctx, ExpireOption option) {
  int64_t expire_at_ms = 0;
  if (!ExpireAtOrReply(ctx, option, ctx.argv[2], &expire_at_ms)) return;
  ValueEnvelope value = StringEnvelope(ctx.argv[3]);
  value.expire_at_ms = expire_at_ms;
  if (!PutOrReply(ctx, ctx.argv[1], std::move(value))) return;
  ctx.reply.Ok();
}

void SetexCommand(CommandContext& ctx) { SetexGeneric(ctx, ExpireOption::kEx); }
void PsetexCommand(CommandContext& ctx) { SetexGeneric(ctx, ExpireOption::kPx); }

// GETEX replies the value as GET does, then sets or drops its expiry. Redis's order: the
// options' syntax, then the key (nil if missing, WRONGTYPE if not a string), and only then
// the time, so GETEX of a missing key answers nil whatever its time says.
void GetexCommand(CommandContext& ctx) {
  StringWriteOptions options;
  if (!ParseStringWriteOptionsOrReply(ctx, StringWriteCommand::kGetex, &options)) return;
  const std::string& key = ctx.argv[1];
  std::optional<ValueEnvelope> value;
  if (!LookupTypedKeyOrReply(ctx, key, ValueType::kString, KeyAccess::kRead, &value)) return;
  if (!value) {
    ctx.reply.Null();
    return;
  }
  const std::string payload = value->payload;
  if (options.expire_time != nullptr) {
    int64_t expire_at_ms = 0;
    if (!ExpireAtOrReply(ctx, options.expiry, *options.expire_time, &expire_at_ms)) return;
    // Only EXAT and PXAT can be past: EX and PX add a positive time to now.
    if (IsExpired(expire_at_ms, ctx.NowMs())) {
      if (!DeleteOrReply(ctx, key)) return;
    } else {
      value->expire_at_ms = expire_at_ms;
      if (!PutOrReply(ctx, key, std::move(*value), /*existed=*/true)) return;
    }
  } else if (options.persist && value->expire_at_ms != 0) {
    value->expire_at_ms = 0;
    if (!PutOrReply(ctx, key, std::move(*value), /*existed=*/true)) return;
  }
  ctx.reply.Bulk(payload);
}

}  // namespace

void AddRedisExpireCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler:
  // Redis 7.0's COMMAND INFO and COMMAND DOCS for each.
  constexpr uint32_t kWriteFast = kCmdWrite | kCmdFast;
  constexpr uint32_t kReadFast = kCmdReadOnly | kCmdFast;
  constexpr uint32_t kGrow = kCmdWrite | kCmdDenyOom;
  const std::string g = "generic";
  const std::string s = "string";
  table.Add({"expire",
             -3,
             kWriteFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Set a key's time to live in seconds",
             ExpireCommand,
             {}});
  table.Add({"pexpire",
             -3,
             kWriteFast,
             1,
             1,
             1,
             g,
             "2.6.0",
             "Set a key's time to live in milliseconds",
             PexpireCommand,
             {}});
  table.Add({"expireat",
             -3,
             kWriteFast,
             1,
             1,
             1,
             g,
             "1.2.0",
             "Set the expiration for a key as a UNIX timestamp",
             ExpireatCommand,
             {}});
  table.Add({"pexpireat",
             -3,
             kWriteFast,
             1,
             1,
             1,
             g,
             "2.6.0",
             "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
             PexpireatCommand,
             {}});
  table.Add({"ttl",
             2,
             kReadFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Get the time to live for a key in seconds",
             TtlCommand,
             {}});
  table.Add({"pttl",
             2,
             kReadFast,
             1,
             1,
             1,
             g,
             "2.6.0",
             "Get the time to live for a key in milliseconds",
             PttlCommand,
             {}});
  table.Add({"expiretime",
             2,
             kReadFast,
             1,
             1,
             1,
             g,
             "7.0.0",
             "Get the expiration Unix timestamp for a key",
             ExpiretimeCommand,
             {}});
  table.Add({"pexpiretime",
             2,
             kReadFast,
             1,
             1,
             1,
             g,
             "7.0.0",
             "Get the expiration Unix timestamp for a key in milliseconds",
             PexpiretimeCommand,
             {}});
  table.Add({"persist",
             2,
             kWriteFast,
             1,
             1,
             1,
             g,
             "2.2.0",
             "Remove the expiration from a key",
             PersistCommand,
             {}});
  table.Add({"setex",
             4,
             kGrow,
             1,
             1,
             1,
             s,
             "2.0.0",
             "Set the value and expiration of a key",
             SetexCommand,
             {}});
  table.Add({"psetex",
             4,
             kGrow,
             1,
             1,
             1,
             s,
             "2.6.0",
             "Set the value and expiration in milliseconds of a key",
             PsetexCommand,
             {}});
  table.Add({"getex",
             -2,
             kWriteFast,
             1,
             1,
             1,
             s,
             "6.2.0",
             "Get the value of a key and optionally set its expiration",
             GetexCommand,
             {}});
}

}  // namespace stepdb
