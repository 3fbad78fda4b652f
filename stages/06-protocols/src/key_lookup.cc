#include "key_lookup.h"

#include <utility>

namespace stepdb {

void CountKeyspaceRead(CommandContext& ctx, bool found) {
  if (found) {
    ++ctx.server.stats->keyspace_hits;
  } else {
    ++ctx.server.stats->keyspace_misses;
  }
}

bool LookupKeyOrReply(CommandContext& ctx, std::string_view key, KeyAccess access,
                      std::optional<ValueEnvelope>* value) {
  Result<std::optional<ValueEnvelope>> stored = ctx.keyspace().Get(ctx.db(), key);
  if (!stored.ok()) {
    ctx.ReplyStorageError(stored.status());
    return false;
  }
  *value = std::move(*stored);
  if (access == KeyAccess::kRead) CountKeyspaceRead(ctx, value->has_value());
  return true;
}

bool LookupTypedKeyOrReply(CommandContext& ctx, std::string_view key, ValueType type,
                           KeyAccess access, std::optional<ValueEnvelope>* value) {
  if (!LookupKeyOrReply(ctx, key, access, value)) return false;
  if (value->has_value() && (*value)->type != type) {
    ctx.reply.Error(kErrWrongType);
    return false;
  }
  return true;
}

bool KeyExistsOrReply(CommandContext& ctx, int db, std::string_view key, bool* exists) {
  Result<bool> found = ctx.keyspace().Exists(db, key);
  if (!found.ok()) {
    ctx.ReplyStorageError(found.status());
    return false;
  }
  *exists = *found;
  return true;
}

namespace {

bool PutWithHintOrReply(CommandContext& ctx, std::string_view key, ValueEnvelope value,
                        std::optional<bool> existed) {
  if (Status status = ctx.keyspace().Put(ctx.db(), key, std::move(value), existed); !status.ok()) {
    ctx.ReplyStorageError(status);
    return false;
  }
  return true;
}

}  // namespace

bool PutOrReply(CommandContext& ctx, std::string_view key, ValueEnvelope value) {
  return PutWithHintOrReply(ctx, key, std::move(value), std::nullopt);
}

bool PutOrReply(CommandContext& ctx, std::string_view key, ValueEnvelope value, bool existed) {
  return PutWithHintOrReply(ctx, key, std::move(value), existed);
}

ValueEnvelope StringEnvelope(std::string payload) {
  ValueEnvelope envelope;
  envelope.type = ValueType::kString;
  envelope.payload = std::move(payload);
  return envelope;
}

}  // namespace stepdb
