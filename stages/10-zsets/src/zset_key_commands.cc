#include "zset_key_commands.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "collection_encoding.h"
#include "list_key_commands.h"
#include "redis_collection_key_commands.h"
#include "server_config.h"
#include "zset.h"
#include "zset_encoding.h"

namespace stepdb {

Status CopyZSet(Keyspace& keyspace, int from_db, std::string_view from, const ValueEnvelope& value,
                int to_db, std::string_view to, Keyspace::Batch* batch) {
  // BEGIN SOLUTION
  // STARTER: (void)keyspace, (void)from_db, (void)from, (void)value;
  // STARTER: (void)to_db, (void)to, (void)batch;
  // STARTER: return Status::NotImplemented("stage 10: copying a sorted set (CopyZSet)");
  STEPDB_ASSIGN_OR_RETURN(ZSet source, ZSet::Load(keyspace, from_db, from, value));
  // A fresh version: whatever `to` held before, none of its old records can be read as ours.
  const CollectionMeta meta{keyspace.NextCas(), source.size()};
  ValueEnvelope copy = value;  // the type, the expiry and the flags go with it
  copy.payload.clear();
  EncodeCollectionMeta(meta, &copy.payload);
  batch->Put(to_db, to, std::move(copy));
  // Each member record brings its index record: the score is in the member record's value.
  Status damaged;
  STEPDB_RETURN_IF_ERROR(source.members().Scan(
      "", SIZE_MAX, [&](std::string_view member, std::string_view encoded_score) {
        const std::optional<double> score = DecodeScore(encoded_score);
        if (!score) {
          damaged = Status::Corruption("sorted set member: damaged score");
          return false;
        }
        batch->PutRecord(to_db, to, ElementSuffix(meta.version, member),
                         std::string(encoded_score));
        batch->PutRecord(to_db, to, ScoreIndexSuffix(meta.version, *score, member), "");
        return true;
      }));
  return damaged;
  // END SOLUTION
}

Status CopyZSetOrValue(Keyspace& keyspace, int from_db, std::string_view from,
                       const ValueEnvelope& value, int to_db, std::string_view to,
                       Keyspace::Batch* batch) {
  if (value.type == ValueType::kZSet) {
    return CopyZSet(keyspace, from_db, from, value, to_db, to, batch);
  }
  return CopyListOrValue(keyspace, from_db, from, value, to_db, to, batch);
}

Result<const char*> ZSetOrValueEncodingName(CommandContext& ctx, std::string_view key,
                                            ValueEnvelope value) {
  if (value.type != ValueType::kZSet) return ListOrValueEncodingName(ctx, key, std::move(value));
  STEPDB_ASSIGN_OR_RETURN(ZSet zset, ZSet::Load(ctx.keyspace(), ctx.db(), key, std::move(value)));
  const ServerConfig& config = *ctx.server.config;
  const auto max_entries = static_cast<uint64_t>(config.Integer("zset-max-listpack-entries"));
  const auto max_member = static_cast<uint64_t>(config.Integer("zset-max-listpack-value"));
  // Only the members count: Redis keeps a score in a listpack whatever its size.
  STEPDB_ASSIGN_OR_RETURN(const bool listpack,
                          FitsCompactEncoding(zset.members(), max_entries,
                                              [&](std::string_view member, std::string_view) {
                                                return member.size() <= max_member;
                                              }));
  return listpack ? "listpack" : "skiplist";
}

void ReplaceZSetKeyCommands(RedisCommandTable& table) {
  ReplaceKeyCommands<CopyZSetOrValue, ZSetOrValueEncodingName>(table);
}

}  // namespace stepdb
