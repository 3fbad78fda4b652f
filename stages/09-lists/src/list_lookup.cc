#include "list_lookup.h"

#include <utility>

#include "collection_lookup.h"

namespace stepdb {

bool LoadListOrReply(CommandContext& ctx, std::string_view key, KeyAccess access,
                     std::optional<List>* out) {
  std::optional<ValueEnvelope> envelope;
  if (!LookupTypedKeyOrReply(ctx, key, ValueType::kList, access, &envelope)) return false;
  Result<List> list = List::Load(ctx.keyspace(), ctx.db(), key, std::move(envelope));
  if (!OkOrReply(ctx, list)) return false;
  out->emplace(std::move(*list));
  return true;
}

bool CommitListOrReply(CommandContext& ctx, List& list) {
  return ListOkOrReply(ctx, list.Commit());
}

bool ListOkOrReply(CommandContext& ctx, const Status& status) {
  if (status.ok()) return true;
  // List operations return InvalidArgument only for the exhausted position space, whose
  // message is the reply's text; anything else is the storage's.
  if (status.IsInvalidArgument()) {
    ctx.reply.Error("ERR " + status.message());
  } else {
    ctx.ReplyStorageError(status);
  }
  return false;
}

}  // namespace stepdb
