#include "list_key_commands.h"

#include <optional>
#include <string>
#include <utility>

#include "collection_lookup.h"
#include "key_lookup.h"
#include "list.h"
#include "list_encoding.h"
#include "redis_args.h"
#include "redis_collection_key_commands.h"
#include "redis_key_commands.h"
#include "redis_subcommands.h"

namespace stepdb {
namespace {

void RenameCommand(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/false, CopyListOrValue); }
void RenamenxCommand(CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/true, CopyListOrValue); }
void CopyCommand(CommandContext& ctx) { CopyGeneric(ctx, CopyListOrValue); }
void MoveCommand(CommandContext& ctx) { MoveGeneric(ctx, CopyListOrValue); }

void ObjectEncodingCommand(CommandContext& ctx) {
  const std::string& key = ctx.argv[2];
  std::optional<ValueEnvelope> value;
  if (!LookupKeyOrReply(ctx, key, KeyAccess::kRead, &value)) return;
  if (!value) {
    ctx.reply.Null();
    return;
  }
  if (value->type == ValueType::kList) {
    ctx.reply.Bulk("quicklist");
    return;
  }
  Result<const char*> encoding = ValueEncodingName(ctx, key, std::move(*value));
  if (!OkOrReply(ctx, encoding)) return;
  ctx.reply.Bulk(*encoding);
}

// OBJECT as stage 06 answers it, except ENCODING, which is answered here for every type.
void Stage09ObjectCommand(CommandContext& ctx) {
  static constexpr Subcommand kEncoding[] = {{"encoding", 3, ObjectEncodingCommand}};
  if (EqualsIgnoreCase(ctx.argv[1], "encoding")) {
    DispatchSubcommand(ctx, kEncoding);
  } else {
    ObjectCommand(ctx);
  }
}

}  // namespace

Status CopyList(Keyspace& keyspace, int from_db, std::string_view from, const ValueEnvelope& value,
                int to_db, std::string_view to, Keyspace::Batch* batch) {
  STEPDB_ASSIGN_OR_RETURN(List source, List::Load(keyspace, from_db, from, value));
  // A fresh version: whatever `to` held before, none of its old records can be read as ours.
  const ListMeta meta{
      .version = keyspace.NextCas(), .head = kListStartPosition, .size = source.size()};
  ValueEnvelope copy = value;  // the type, the expiry and the flags go with it
  copy.payload.clear();
  EncodeListMeta(meta, &copy.payload);
  batch->Put(to_db, to, std::move(copy));
  uint64_t position = meta.head;
  return source.Range(0, meta.size - 1, [&](std::string_view element) {
    batch->PutRecord(to_db, to, ListElementSuffix(meta.version, position++), std::string(element));
  });
}

Status CopyListOrValue(Keyspace& keyspace, int from_db, std::string_view from,
                       const ValueEnvelope& value, int to_db, std::string_view to,
                       Keyspace::Batch* batch) {
  if (value.type == ValueType::kList) {
    return CopyList(keyspace, from_db, from, value, to_db, to, batch);
  }
  return CopyValue(keyspace, from_db, from, value, to_db, to, batch);
}

void ReplaceListKeyCommands(RedisCommandTable& table) {
  ReplaceHandler(table, "rename", RenameCommand);
  ReplaceHandler(table, "renamenx", RenamenxCommand);
  ReplaceHandler(table, "copy", CopyCommand);
  ReplaceHandler(table, "move", MoveCommand);
  ReplaceHandler(table, "object", Stage09ObjectCommand);
}

}  // namespace stepdb
