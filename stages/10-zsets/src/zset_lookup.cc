#include "zset_lookup.h"

#include <utility>

#include "collection_lookup.h"

namespace stepdb {
namespace {

bool LoadFromEnvelopeOrReply(CommandContext& ctx, int db, std::string_view key,
                             std::optional<ValueEnvelope> envelope, std::optional<ZSet>* out) {
  Result<ZSet> zset = ZSet::Load(ctx.keyspace(), db, key, std::move(envelope));
  if (!OkOrReply(ctx, zset)) return false;
  out->emplace(std::move(*zset));
  return true;
}

}  // namespace

bool LoadZSetOrReply(CommandContext& ctx, std::string_view key, KeyAccess access,
                     std::optional<ZSet>* out) {
  std::optional<ValueEnvelope> envelope;
  if (!LookupTypedKeyOrReply(ctx, key, ValueType::kZSet, access, &envelope)) return false;
  return LoadFromEnvelopeOrReply(ctx, ctx.db(), key, std::move(envelope), out);
}

bool LoadZSetOrReply(CommandContext& ctx, int db, std::string_view key, std::optional<ZSet>* out) {
  Result<std::optional<ValueEnvelope>> envelope = ctx.keyspace().Get(db, key);
  if (!OkOrReply(ctx, envelope)) return false;
  if (*envelope && (*envelope)->type != ValueType::kZSet) {
    ctx.reply.Error(kErrWrongType);
    return false;
  }
  return LoadFromEnvelopeOrReply(ctx, db, key, std::move(*envelope), out);
}

bool CommitZSetOrReply(CommandContext& ctx, ZSet& zset) { return OkOrReply(ctx, zset.Commit()); }

void ReplyScoredMembers(CommandContext& ctx, const std::vector<ZSet::Entry>& entries,
                        bool with_scores, bool pairs) {
  ctx.reply.ArrayHeader(with_scores && !pairs ? 2 * entries.size() : entries.size());
  for (const ZSet::Entry& entry : entries) {
    if (pairs) ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(entry.member);
    if (with_scores) ctx.reply.Double(entry.score);
  }
}

void StoreZSetAndReply(CommandContext& ctx, const std::string& key,
                       const std::vector<ZSet::Entry>& entries) {
  bool key_exists = false;
  if (!KeyExistsOrReply(ctx, ctx.db(), key, &key_exists)) return;
  ZSet target = ZSet::Replacing(ctx.keyspace(), ctx.db(), key, key_exists);
  for (const ZSet::Entry& entry : entries) {
    if (!OkOrReply(ctx, target.Put(entry.member, entry.score))) return;
  }
  if (!CommitZSetOrReply(ctx, target)) return;
  ctx.reply.Integer(static_cast<int64_t>(target.size()));
}

}  // namespace stepdb
