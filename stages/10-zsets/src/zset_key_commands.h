// The key commands on sorted sets: stage 09's (list_key_commands.h), with sorted sets among
// the values whose elements are records below their key.
//
// RENAME, RENAMENX, COPY and MOVE copy a sorted set with CopyZSet: both record families under
// a fresh version, in one batch with the new envelope. OBJECT ENCODING answers as Redis 7.0
// does for a sorted set: "listpack" while it has at most zset-max-listpack-entries members of
// at most zset-max-listpack-value bytes, else "skiplist".
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include <string_view>

#include "command_context.h"
#include "common/result.h"
#include "common/status.h"
#include "keyspace.h"
#include "redis_command_table.h"
#include "value_envelope.h"

namespace stepdb {

// Replaces RENAME, RENAMENX, COPY, MOVE and OBJECT with their sorted-set-aware handlers.
// REQUIRES: stage 09's commands are in the table.
void ReplaceZSetKeyCommands(RedisCommandTable& table);

// The ValueCopier of every type of this stage: a sorted set with CopyZSet, any other value
// with stage 09's CopyListOrValue.
Status CopyZSetOrValue(Keyspace& keyspace, int from_db, std::string_view from,
                       const ValueEnvelope& value, int to_db, std::string_view to,
                       Keyspace::Batch* batch);

// The EncodingNamer of every type of this stage.
Result<const char*> ZSetOrValueEncodingName(CommandContext& ctx, std::string_view key,
                                            ValueEnvelope value);

// Adds to `batch` the copy of the sorted set `value` (the envelope of `from` in from_db) as
// the value of `to` in to_db: an envelope with the same expiry and size under a fresh version,
// and both records of every member under it. On an error, `batch` must not be applied.
// REQUIRES: value.type is kZSet.
Status CopyZSet(Keyspace& keyspace, int from_db, std::string_view from, const ValueEnvelope& value,
                int to_db, std::string_view to, Keyspace::Batch* batch);

}  // namespace stepdb
