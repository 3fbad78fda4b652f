#include "list_key_commands.h"

#include <string>
#include <utility>

#include "list.h"
#include "list_encoding.h"

namespace stepdb {

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

Result<const char*> ListOrValueEncodingName(CommandContext& ctx, std::string_view key,
                                            ValueEnvelope value) {
  if (value.type == ValueType::kList) return "quicklist";
  return ValueEncodingName(ctx, key, std::move(value));
}

void ReplaceListKeyCommands(RedisCommandTable& table) {
  ReplaceKeyCommands<CopyListOrValue, ListOrValueEncodingName>(table);
}

}  // namespace stepdb
