// The key commands on sorted sets: stage 09's (list_key_commands.h), with sorted sets among
// the values whose elements are records below their key.
//
// RENAME, RENAMENX, COPY and MOVE copy a sorted set with CopyZSet: both record families under
// a fresh version, in one batch with the new envelope, which keeps the source's expiry (and,
// for RENAME and MOVE, with the deletion of the old key). As for a hash or a list, that is one
// scan and two writes per member where Redis moves a pointer.
//
// OBJECT ENCODING answers as Redis 7.0 does for a sorted set: "listpack" while it has at most
// zset-max-listpack-entries members (128) of at most zset-max-listpack-value bytes (64) each,
// else "skiplist"; the scores do not count. The limits are read from CONFIG, and, as stage 08
// does for hashes, the answer follows what the set holds now (Redis never converts a
// skiplist back), reading at most the limit + 1 of its members.
//
// The other key commands need no change: TYPE answers "zset" and SCAN ... TYPE zset finds
// sorted sets (value_envelope.h names the type); DEL, UNLINK, an overwrite and an expiry end a
// sorted set of any size with one write of its envelope, and compaction takes both families of
// its records (zset_server.h: the filter knows sorted sets).
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
