#include "collection_lookup.h"

#include <utility>

namespace stepdb {
namespace {

bool LoadFromEnvelopeOrReply(CommandContext& ctx, int db, std::string_view key, ValueType type,
                             std::optional<ValueEnvelope> envelope,
                             std::optional<Collection>* out) {
  Result<Collection> collection =
      Collection::Load(ctx.keyspace(), db, key, type, std::move(envelope));
  if (!OkOrReply(ctx, collection)) return false;
  out->emplace(std::move(*collection));
  return true;
}

}  // namespace

bool LoadCollectionOrReply(CommandContext& ctx, std::string_view key, ValueType type,
                           KeyAccess access, std::optional<Collection>* out) {
  std::optional<ValueEnvelope> envelope;
  if (!LookupTypedKeyOrReply(ctx, key, type, access, &envelope)) return false;
  return LoadFromEnvelopeOrReply(ctx, ctx.db(), key, type, std::move(envelope), out);
}

bool LoadCollectionOrReply(CommandContext& ctx, int db, std::string_view key, ValueType type,
                           std::optional<Collection>* out) {
  Result<std::optional<ValueEnvelope>> envelope = ctx.keyspace().Get(db, key);
  if (!OkOrReply(ctx, envelope)) return false;
  if (*envelope && (*envelope)->type != type) {
    ctx.reply.Error(kErrWrongType);
    return false;
  }
  return LoadFromEnvelopeOrReply(ctx, db, key, type, std::move(*envelope), out);
}

bool CommitOrReply(CommandContext& ctx, Collection& collection) {
  return OkOrReply(ctx, collection.Commit());
}

bool ApplyOrReply(CommandContext& ctx, const Keyspace::Batch& batch) {
  return OkOrReply(ctx, ctx.keyspace().Apply(batch));
}

std::mt19937_64& CollectionRandom() {
  static std::mt19937_64 random{std::random_device{}()};
  return random;
}

bool PickOneOrReply(CommandContext& ctx, std::string_view key, ValueType type, KeyAccess access,
                    std::optional<Collection>* collection, std::string* element) {
  if (!LoadCollectionOrReply(ctx, key, type, access, collection)) return false;
  Result<std::vector<Collection::Element>> picked =
      (*collection)->RandomElements(1, /*distinct=*/true, CollectionRandom());
  if (!OkOrReply(ctx, picked)) return false;
  if (picked->empty()) {
    ctx.reply.Null();
    return false;
  }
  *element = std::move(picked->front().first);
  return true;
}

bool OkOrReply(CommandContext& ctx, const Status& status) {
  if (status.ok()) return true;
  ctx.ReplyStorageError(status);
  return false;
}

}  // namespace stepdb
