#include "redis_key_commands.h"

#include <limits>
#include <optional>
#include <random>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "glob_match.h"
#include "key_lookup.h"
#include "redis_args.h"
#include "redis_scan.h"
#include "redis_subcommands.h"

namespace stepdb {
namespace {

void DelCommand(CommandContext& ctx) {
  Keyspace::Batch batch;
  std::unordered_set<std::string_view> seen;
  int64_t deleted = 0;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    const std::string& key = ctx.argv[i];
    if (!seen.insert(key).second) continue;  // DEL a a deletes one key
    bool exists = false;
    if (!KeyExistsOrReply(ctx, ctx.db(), key, &exists)) return;
    if (!exists) continue;
    batch.Delete(ctx.db(), key);
    ++deleted;
  }
  if (!batch.empty()) {
    if (Status status = ctx.keyspace().Apply(batch); !status.ok()) {
      ctx.ReplyStorageError(status);
      return;
    }
  }
  ctx.reply.Integer(deleted);
}

void ExistsCommand(CommandContext& ctx) {
  int64_t count = 0;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    bool exists = false;
    if (!KeyExistsOrReply(ctx, ctx.db(), ctx.argv[i], &exists)) return;
    CountKeyspaceRead(ctx, exists);
    if (exists) ++count;
  }
  ctx.reply.Integer(count);
}

void TypeCommand(CommandContext& ctx) {
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &value)) return;
  ctx.reply.SimpleString(value ? ValueTypeName(value->type) : "none");
}

void RenameCommand(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/false, CopyEnvelope); }
void RenamenxCommand(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/true, CopyEnvelope); }

void CopyCommand(CommandContext& ctx) { CopyGeneric(ctx, CopyEnvelope); }

void KeysCommand(CommandContext& ctx) {
  const std::string& pattern = ctx.argv[1];
  const bool every_key = pattern == "*";
  std::vector<std::string> keys;
  Status status =
      ctx.keyspace().Scan(ctx.db(), "", SIZE_MAX, [&](std::string_view key, std::string_view) {
        if (every_key || GlobMatch(pattern, key)) {
          keys.emplace_back(key);
        }
        return true;
      });
  if (!status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.ArrayHeader(keys.size());
  for (const std::string& key : keys) ctx.reply.Bulk(key);
}

// The type name of a stored envelope, read from its first byte (value_envelope.h: the
// envelope starts with type:u8) so that SCAN TYPE need not copy every value it passes.
const char* EnvelopeTypeName(std::string_view envelope) {
  if (envelope.empty()) return "none";
  return ValueTypeName(static_cast<ValueType>(static_cast<uint8_t>(envelope[0])));
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
void ScanCommand(CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!ParseScanCursorOrReply(ctx, ctx.argv[1], &cursor)) return;
  ScanOptions options;
  if (!ParseScanOptionsOrReply(ctx, 2, /*with_type=*/true, &options)) return;
  std::string last_key;
  if (!FindScanPositionOrReply(ctx, cursor, &last_key)) return;
  // Cursor 0 starts at the first key; any other resumes right after its key ("\0" is the
  // smallest byte, so key + "\0" is the first possible key after it).
  const std::string start = cursor == 0 ? "" : last_key + '\0';
  ScanPage page(options.count);
  std::vector<std::string> keys;
  Status status = ctx.keyspace().Scan(
      ctx.db(), start, page.read_limit(), [&](std::string_view key, std::string_view envelope) {
        if (!page.Visit(key)) return false;
        if (options.pattern != nullptr && !GlobMatch(*options.pattern, key)) return true;
        if (options.type != nullptr) {
          // Redis looks the key up to learn its type, which counts as a keyspace hit.
          ++ctx.server.stats->keyspace_hits;
          if (!EqualsIgnoreCase(*options.type, EnvelopeTypeName(envelope))) return true;
        }
        keys.emplace_back(key);
        return true;
      });
  if (!status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  page.Reply(ctx, keys);
}

// The smallest key of database db that is >= from, if any.
Result<std::optional<std::string>> FirstKeyFrom(Keyspace& keyspace, int db, std::string_view from) {
  std::optional<std::string> found;
  STEPDB_RETURN_IF_ERROR(keyspace.Scan(db, from, 1, [&](std::string_view key, std::string_view) {
    found.emplace(key);
    return false;
  }));
  return found;
}

bool StartsWith(const std::optional<std::string>& key, std::string_view prefix) {
  return key && key->compare(0, prefix.size(), prefix) == 0;
}

// The walk down the trie of key bytes the header describes; nullopt iff the database is empty.
Result<std::optional<std::string>> RandomKey(Keyspace& keyspace, int db, std::mt19937_64& random) {
  // Keys longer than this walk are told apart by their first key under the prefix reached.
  constexpr size_t kMaxDepth = 64;
  STEPDB_ASSIGN_OR_RETURN(std::optional<std::string> first, FirstKeyFrom(keyspace, db, ""));
  std::string prefix;
  // Invariant: `first` is the smallest key that starts with `prefix`.
  for (size_t depth = 0; first && depth < kMaxDepth; ++depth) {
    STEPDB_ASSIGN_OR_RETURN(std::optional<std::string> after,
                            FirstKeyFrom(keyspace, db, *first + '\0'));
    if (!StartsWith(after, prefix)) return first;  // the only key under the prefix
    // The branches: "stop" (the prefix itself is a key), then each distinct next byte with the
    // smallest key that continues with it.
    std::vector<std::string> branches;
    std::optional<std::string> candidate = first;
    if (*first == prefix) {
      branches.push_back(*first);
      candidate = after;
    }
    while (StartsWith(candidate, prefix)) {
      const auto byte = static_cast<uint8_t>((*candidate)[prefix.size()]);
      branches.push_back(*candidate);
      if (byte == 0xff) break;
      std::string next_branch = prefix;
      next_branch.push_back(static_cast<char>(byte + 1));
      STEPDB_ASSIGN_OR_RETURN(candidate, FirstKeyFrom(keyspace, db, next_branch));
    }
    std::uniform_int_distribution<size_t> pick(0, branches.size() - 1);
    std::string chosen = std::move(branches[pick(random)]);
    if (chosen == prefix) return std::optional<std::string>(std::move(chosen));
    prefix.push_back(chosen[prefix.size()]);
    first = std::move(chosen);
  }
  return first;
}

void RandomkeyCommand(CommandContext& ctx) {
  // The loop thread is the only caller, so one generator serves every client.
  static std::mt19937_64 random{std::random_device{}()};
  Result<std::optional<std::string>> key = RandomKey(ctx.keyspace(), ctx.db(), random);
  if (!key.ok()) {
    ctx.ReplyStorageError(key.status());
  } else if (*key) {
    ctx.reply.Bulk(**key);
  } else {
    ctx.reply.Null();
  }
}

// Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT, and the longest integer text tryObjectEncoding
// tries to turn into a number.
constexpr size_t kEmbstrLimit = 44;
constexpr size_t kMaxIntegerText = 20;
// Redis shares the objects of the integers 0..9999 (OBJ_SHARED_INTEGERS) and shows their
// reference count as INT_MAX (OBJ_SHARED_REFCOUNT).
constexpr int64_t kSharedIntegers = 10000;
constexpr int64_t kSharedRefcount = std::numeric_limits<int32_t>::max();
// LFU_INIT_VAL: the access counter of a new key under an LFU policy.
constexpr int64_t kNewKeyFrequency = 5;

bool IsIntegerEncoded(const ValueEnvelope& value, int64_t* number) {
  return value.type == ValueType::kString && value.payload.size() <= kMaxIntegerText &&
         StringToInt64(value.payload, number);
}

std::string MaxmemoryPolicy(const CommandContext& ctx) {
  const std::string* policy = ctx.server.config->Get("maxmemory-policy");
  return policy == nullptr ? "noeviction" : *policy;
}

bool PolicyTracksFrequency(const CommandContext& ctx) {
  return MaxmemoryPolicy(ctx).find("lfu") != std::string::npos;
}

int64_t RefCount(const CommandContext& ctx, const ValueEnvelope& value) {
  int64_t number = 0;
  if (!IsIntegerEncoded(value, &number) || number < 0 || number >= kSharedIntegers) return 1;
  // With maxmemory set, an LRU or LFU policy needs a clock per object, so Redis stops sharing.
  const std::string policy = MaxmemoryPolicy(ctx);
  const bool per_object_clock =
      policy.find("lru") != std::string::npos || policy.find("lfu") != std::string::npos;
  if (ctx.server.config->Integer("maxmemory") != 0 && per_object_clock) return 1;
  return kSharedRefcount;
}

// OBJECT ENCODING|FREQ|IDLETIME|REFCOUNT key: Redis's OBJECT, whose every subcommand takes
// one key and answers nil for a missing one. Returns the key's value, or nullopt after
// replying (nil, or a storage error).
std::optional<ValueEnvelope> ObjectLookupOrReply(CommandContext& ctx) {
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, ctx.argv[2], KeyAccess::kRead, &value)) return std::nullopt;
  if (!value) ctx.reply.Null();
  return value;
}

void ObjectEncodingCommand(CommandContext& ctx) {
  if (auto value = ObjectLookupOrReply(ctx)) ctx.reply.Bulk(EncodingName(*value));
}

void ObjectRefcountCommand(CommandContext& ctx) {
  if (auto value = ObjectLookupOrReply(ctx)) ctx.reply.Integer(RefCount(ctx, *value));
}

void ObjectIdletimeCommand(CommandContext& ctx) {
  if (!ObjectLookupOrReply(ctx)) return;
  if (PolicyTracksFrequency(ctx)) {
    ctx.reply.Error(
        "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that "
        "when switching between policies at runtime LRU and LFU data will take some time to "
        "adjust.");
    return;
  }
  ctx.reply.Integer(0);
}

void ObjectFreqCommand(CommandContext& ctx) {
  if (!ObjectLookupOrReply(ctx)) return;
  if (!PolicyTracksFrequency(ctx)) {
    ctx.reply.Error(
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
        "note that when switching between policies at runtime LRU and LFU data will take "
        "some time to adjust.");
    return;
  }
  ctx.reply.Integer(kNewKeyFrequency);
}

void ObjectHelpCommand(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
  };
  ReplyHelp(ctx, kLines);
}

// Arities count as Redis counts them: "OBJECT ENCODING key" is 3.
constexpr Subcommand kObjectSubcommands[] = {
    {"encoding", 3, ObjectEncodingCommand}, {"freq", 3, ObjectFreqCommand},
    {"help", 2, ObjectHelpCommand},         {"idletime", 3, ObjectIdletimeCommand},
    {"refcount", 3, ObjectRefcountCommand},
};

}  // namespace

Status CopyEnvelope(Keyspace& /*keyspace*/, int /*from_db*/, std::string_view /*from*/,
                    const ValueEnvelope& value, int to_db, std::string_view to,
                    Keyspace::Batch* batch) {
  batch->Put(to_db, to, value);
  return Status::Ok();
}

// The envelope moves as it is (flags, expiry), in one batch with the deletion of the old name.
void RenameGeneric(CommandContext& ctx, bool nx, ValueCopier copy) {
  const std::string& from = ctx.argv[1];
  const std::string& to = ctx.argv[2];
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, from, KeyAccess::kWrite, &value)) return;
  if (!value) {
    ctx.reply.Error(kErrNoSuchKey);
    return;
  }
  bool target_exists = from == to;
  if (!target_exists && !KeyExistsOrReply(ctx, ctx.db(), to, &target_exists)) return;
  if (nx && target_exists) {
    ctx.reply.Integer(0);
    return;
  }
  if (from != to) {
    Keyspace::Batch batch;
    batch.Delete(ctx.db(), from);
    Status status = copy(ctx.keyspace(), ctx.db(), from, *value, ctx.db(), to, &batch);
    if (status.ok()) status = ctx.keyspace().Apply(batch);
    if (!status.ok()) {
      ctx.ReplyStorageError(status);
      return;
    }
  }
  if (nx) {
    ctx.reply.Integer(1);
  } else {
    ctx.reply.Ok();
  }
}

bool ParseDatabaseOrReply(CommandContext& ctx, const std::string& text, int* db) {
  int64_t number = 0;
  if (!StringToInt64(text, &number)) {
    ctx.reply.Error(kErrNotInteger);
    return false;
  }
  if (number < std::numeric_limits<int32_t>::min() ||
      number > std::numeric_limits<int32_t>::max()) {
    ctx.reply.Error("ERR value is out of range, value must between -2147483648 and 2147483647");
    return false;
  }
  if (number < 0 || number >= ctx.keyspace().databases()) {
    ctx.reply.Error(kErrDbIndex);
    return false;
  }
  *db = static_cast<int>(number);
  return true;
}

void CopyGeneric(CommandContext& ctx, ValueCopier copy) {
  const std::vector<std::string>& argv = ctx.argv;
  int target_db = ctx.db();
  bool replace = false;
  for (size_t j = 3; j < argv.size(); ++j) {
    const bool has_more = j + 1 < argv.size();
    if (EqualsIgnoreCase(argv[j], "replace")) {
      replace = true;
    } else if (EqualsIgnoreCase(argv[j], "db") && has_more) {
      if (!ParseDatabaseOrReply(ctx, argv[++j], &target_db)) return;
    } else {
      ctx.reply.Error(kErrSyntax);
      return;
    }
  }
  const std::string& from = argv[1];
  const std::string& to = argv[2];
  if (target_db == ctx.db() && from == to) {
    ctx.reply.Error(kErrSameObject);
    return;
  }
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, from, KeyAccess::kRead, &value)) return;
  if (!value) {
    ctx.reply.Integer(0);
    return;
  }
  bool target_exists = false;
  if (!KeyExistsOrReply(ctx, target_db, to, &target_exists)) return;
  if (target_exists && !replace) {
    ctx.reply.Integer(0);
    return;
  }
  Keyspace::Batch batch;
  Status status = copy(ctx.keyspace(), ctx.db(), from, *value, target_db, to, &batch);
  if (status.ok()) status = ctx.keyspace().Apply(batch);
  if (!status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.Integer(1);
}

const char* EncodingName(const ValueEnvelope& value) {
  if (value.type != ValueType::kString) return "unknown";  // stage 08 names the others
  int64_t number = 0;
  if (IsIntegerEncoded(value, &number)) return "int";
  return value.payload.size() <= kEmbstrLimit ? "embstr" : "raw";
}

void ObjectCommand(CommandContext& ctx) { DispatchSubcommand(ctx, kObjectSubcommands); }

void AddRedisKeyCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler:
  // Redis 7.0's COMMAND INFO and COMMAND DOCS for each.
  const std::string g = "generic";
  table.Add({"del", -2, kCmdWrite, 1, -1, 1, g, "1.0.0", "Delete a key", DelCommand, {}});
  table.Add({"unlink",
             -2,
             kCmdWrite | kCmdFast,
             1,
             -1,
             1,
             g,
             "4.0.0",
             "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but "
             "non blocking.",
             DelCommand,
             {}});
  table.Add({"exists",
             -2,
             kCmdReadOnly | kCmdFast,
             1,
             -1,
             1,
             g,
             "1.0.0",
             "Determine if a key exists",
             ExistsCommand,
             {}});
  table.Add({"type",
             2,
             kCmdReadOnly | kCmdFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Determine the type stored at key",
             TypeCommand,
             {}});
  table.Add({"rename", 3, kCmdWrite, 1, 2, 1, g, "1.0.0", "Rename a key", RenameCommand, {}});
  table.Add({"renamenx",
             3,
             kCmdWrite | kCmdFast,
             1,
             2,
             1,
             g,
             "1.0.0",
             "Rename a key, only if the new key does not exist",
             RenamenxCommand,
             {}});
  table.Add(
      {"copy", -3, kCmdWrite | kCmdDenyOom, 1, 2, 1, g, "6.2.0", "Copy a key", CopyCommand, {}});
  table.Add({"keys",
             2,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "1.0.0",
             "Find all keys matching the given pattern",
             KeysCommand,
             {}});
  table.Add({"scan",
             -2,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "2.8.0",
             "Incrementally iterate the keys space",
             ScanCommand,
             {}});
  table.Add({"randomkey",
             1,
             kCmdReadOnly,
             0,
             0,
             0,
             g,
             "1.0.0",
             "Return a random key from the keyspace",
             RandomkeyCommand,
             {}});
  table.Add({"object", -2, 0, 0, 0, 0, g, "2.2.3", "A container for object introspection commands",
             ObjectCommand, kObjectSubcommands});
}

}  // namespace stepdb
