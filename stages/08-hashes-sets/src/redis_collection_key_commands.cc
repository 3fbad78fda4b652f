#include "redis_collection_key_commands.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "collection.h"
#include "collection_encoding.h"
#include "collection_lookup.h"
#include "key_lookup.h"
#include "redis_args.h"
#include "redis_key_commands.h"
#include "redis_subcommands.h"
#include "server_config.h"

namespace stepdb {
namespace {

void RenameCommand(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/false, CopyValue); }
void RenamenxCommand(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/true, CopyValue); }
void CopyCommand(CommandContext& ctx) { CopyGeneric(ctx, CopyValue); }

void MoveCommand(CommandContext& ctx) { MoveGeneric(ctx, CopyValue); }

// The encoding Redis 7.0 would keep `collection` in (the header has the rules), read from at
// most the configured limit + 1 of its elements.
Result<const char*> CollectionEncoding(const ServerConfig& config, const Collection& collection) {
  if (collection.type() == ValueType::kSet) {
    const auto max_entries = static_cast<uint64_t>(config.Integer("set-max-intset-entries"));
    STEPDB_ASSIGN_OR_RETURN(
        const bool intset,
        FitsCompactEncoding(collection, max_entries, [](std::string_view member, std::string_view) {
          int64_t number = 0;
          return StringToInt64(member, &number);
        }));
    return intset ? "intset" : "hashtable";
  }
  const auto max_entries = static_cast<uint64_t>(config.Integer("hash-max-listpack-entries"));
  const auto max_value = static_cast<uint64_t>(config.Integer("hash-max-listpack-value"));
  STEPDB_ASSIGN_OR_RETURN(const bool listpack,
                          FitsCompactEncoding(collection, max_entries,
                                              [&](std::string_view field, std::string_view value) {
                                                return field.size() <= max_value &&
                                                       value.size() <= max_value;
                                              }));
  return listpack ? "listpack" : "hashtable";
}

void ObjectEncodingCommand(CommandContext& ctx) { ObjectEncodingGeneric(ctx, ValueEncodingName); }
void Stage08ObjectCommand(CommandContext& ctx) { ObjectGeneric(ctx, ObjectEncodingCommand); }

}  // namespace

// MOVE key db. Redis's order: the database number, the same-database check, the key, then the
// target; both lookups are a write's (lookupKeyWrite), which count nothing.
void MoveGeneric(CommandContext& ctx, ValueCopier copy) {
  const std::string& key = ctx.argv[1];
  int target_db = 0;
  if (!ParseDatabaseOrReply(ctx, ctx.argv[2], &target_db)) return;
  if (target_db == ctx.db()) {
    ctx.reply.Error(kErrSameObject);
    return;
  }
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, key, KeyAccess::kWrite, &value)) return;
  if (!value) {
    ctx.reply.Integer(0);
    return;
  }
  bool target_exists = false;
  if (!KeyExistsOrReply(ctx, target_db, key, &target_exists)) return;
  if (target_exists) {
    ctx.reply.Integer(0);
    return;
  }
  Keyspace::Batch batch;
  batch.Delete(ctx.db(), key, /*existed=*/true);
  if (!OkOrReply(ctx, copy(ctx.keyspace(), ctx.db(), key, *value, target_db, key, &batch)) ||
      !ApplyOrReply(ctx, batch)) {
    return;
  }
  ctx.reply.Integer(1);
}

Result<const char*> ValueEncodingName(CommandContext& ctx, std::string_view key,
                                      ValueEnvelope value) {
  if (!IsCollectionType(value.type)) return EncodingName(value);
  const ValueType type = value.type;
  STEPDB_ASSIGN_OR_RETURN(Collection collection,
                          Collection::Load(ctx.keyspace(), ctx.db(), key, type, std::move(value)));
  return CollectionEncoding(*ctx.server.config, collection);
}

void ObjectEncodingGeneric(CommandContext& ctx, EncodingNamer name) {
  const std::string& key = ctx.argv[2];
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, key, KeyAccess::kRead, &value)) return;
  if (!value) {
    ctx.reply.Null();
    return;
  }
  Result<const char*> encoding = name(ctx, key, std::move(*value));
  if (!OkOrReply(ctx, encoding)) return;
  ctx.reply.Bulk(*encoding);
}

// The table has already checked the subcommand against stage 06's list, in which ENCODING
// has the same arity.
void ObjectGeneric(CommandContext& ctx, RedisCommandHandler encoding) {
  if (EqualsIgnoreCase(ctx.argv[1], "encoding")) {
    const Subcommand subcommands[] = {{"encoding", 3, encoding}};
    DispatchSubcommand(ctx, subcommands);
  } else {
    ObjectCommand(ctx);
  }
}

Result<bool> FitsCompactEncoding(const Collection& collection, uint64_t max_entries,
                                 const Collection::ElementVisitor& fits) {
  if (collection.size() > max_entries) return false;
  bool compact = true;
  STEPDB_RETURN_IF_ERROR(
      collection.Scan("", max_entries + 1, [&](std::string_view element, std::string_view value) {
        compact = fits(element, value);
        return compact;
      }));
  return compact;
}

void ReplaceHandler(RedisCommandTable& table, std::string_view name, RedisCommandHandler handler) {
  RedisCommand command = *table.Find(name);
  command.handler = handler;
  table.Replace(std::move(command));
}

Status CopyCollection(Keyspace& keyspace, int from_db, std::string_view from,
                      const ValueEnvelope& value, int to_db, std::string_view to,
                      Keyspace::Batch* batch) {
  // BEGIN SOLUTION
  // STARTER: (void)keyspace, (void)from_db, (void)from, (void)value;
  // STARTER: (void)to_db, (void)to, (void)batch;
  // STARTER: return Status::NotImplemented("stage 08: copying a collection (CopyCollection)");
  STEPDB_ASSIGN_OR_RETURN(Collection source,
                          Collection::Load(keyspace, from_db, from, value.type, value));
  // A fresh version: whatever `to` held before, none of its old records can be read as ours.
  const CollectionMeta meta{keyspace.NextCas(), source.size()};
  ValueEnvelope copy = value;  // the type, the expiry and the flags go with it
  copy.payload.clear();
  EncodeCollectionMeta(meta, &copy.payload);
  batch->Put(to_db, to, std::move(copy));
  return source.Scan("", SIZE_MAX, [&](std::string_view element, std::string_view element_value) {
    batch->PutRecord(to_db, to, ElementSuffix(meta.version, element), std::string(element_value));
    return true;
  });
  // END SOLUTION
}

Status CopyValue(Keyspace& keyspace, int from_db, std::string_view from, const ValueEnvelope& value,
                 int to_db, std::string_view to, Keyspace::Batch* batch) {
  if (IsCollectionType(value.type)) {
    return CopyCollection(keyspace, from_db, from, value, to_db, to, batch);
  }
  return CopyEnvelope(keyspace, from_db, from, value, to_db, to, batch);
}

void ReplaceCollectionKeyCommands(RedisCommandTable& table) {
  ReplaceHandler(table, "rename", RenameCommand);
  ReplaceHandler(table, "renamenx", RenamenxCommand);
  ReplaceHandler(table, "copy", CopyCommand);
  ReplaceHandler(table, "object", Stage08ObjectCommand);
  // name, arity, flags, first key, last key, key step, group, since, summary, handler: Redis
  // 7.0's COMMAND INFO and COMMAND DOCS.
  table.Add({"move",
             3,
             kCmdWrite | kCmdFast,
             1,
             1,
             1,
             "generic",
             "1.0.0",
             "Move a key to another database",
             MoveCommand,
             {}});
}

}  // namespace stepdb
