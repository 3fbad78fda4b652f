// The key commands on lists: stage 08's (redis_collection_key_commands.h), with lists among
// the values whose elements are records below their key.
//
// RENAME, RENAMENX, COPY (DB n, REPLACE) and MOVE keep stage 08's checks and replies and copy a
// list with CopyList: every element goes to the new key under a fresh version, in list order
// from the middle of the position space, in one batch with the new envelope, which keeps the
// source's expiry (and, for RENAME and MOVE, with the deletion of the old key). As for a hash,
// that costs one scan and one write per element where Redis moves a pointer.
//
// OBJECT ENCODING of a list is "quicklist", the only encoding Redis 7.0 gives a list whatever
// its length or its elements (list-max-listpack-size sizes the quicklist's nodes there; only
// Redis 7.2 answers "listpack" for a short list). Strings, hashes and sets are answered as
// stage 08 answers them.
//
// The other key commands need no change, for the reasons stage 08 gives: TYPE answers "list"
// and SCAN ... TYPE list finds lists (value_envelope.h names the type); DEL, UNLINK, an
// overwrite by SET and an expiry end a list of any length with one write of its envelope, and
// compaction takes its records (list_server.h: the filter knows lists); EXISTS, DBSIZE,
// EXPIRE, TTL and PERSIST see the key, never the elements. Memcached sees strings only: `get`
// of a list is a miss and `set` replaces it.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include <string_view>

#include "command_context.h"
#include "common/result.h"
#include "common/status.h"
#include "keyspace.h"
#include "redis_collection_key_commands.h"
#include "redis_command_table.h"
#include "redis_key_commands.h"
#include "value_envelope.h"

namespace stepdb {

// Replaces RENAME, RENAMENX, COPY, MOVE and OBJECT with their list-aware handlers.
// REQUIRES: stage 08's commands are in the table.
void ReplaceListKeyCommands(RedisCommandTable& table);

// Replaces RENAME, RENAMENX, COPY, MOVE and OBJECT with handlers that copy a value with `copy`
// and name its encoding with `name`, keeping stage 08's checks and replies: what this stage
// and each later one that adds a type of records puts in the table. A handler is a plain
// function, so the two are template arguments rather than state.
// REQUIRES: stage 08's commands are in the table.
template <ValueCopier copy, EncodingNamer name>
void ReplaceKeyCommands(RedisCommandTable& table) {
  ReplaceHandler(table, "rename",
                 [](CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/false, copy); });
  ReplaceHandler(table, "renamenx",
                 [](CommandContext& ctx) { RenameGeneric(ctx, /*nx=*/true, copy); });
  ReplaceHandler(table, "copy", [](CommandContext& ctx) { CopyGeneric(ctx, copy); });
  ReplaceHandler(table, "move", [](CommandContext& ctx) { MoveGeneric(ctx, copy); });
  ReplaceHandler(table, "object", [](CommandContext& ctx) {
    ObjectGeneric(ctx, [](CommandContext& ctx) { ObjectEncodingGeneric(ctx, name); });
  });
}

// The ValueCopier (redis_key_commands.h) of every type of this stage: a list with CopyList,
// any other value with stage 08's CopyValue.
Status CopyListOrValue(Keyspace& keyspace, int from_db, std::string_view from,
                       const ValueEnvelope& value, int to_db, std::string_view to,
                       Keyspace::Batch* batch);

// The EncodingNamer (redis_collection_key_commands.h) of every type of this stage:
// "quicklist" for a list, stage 08's ValueEncodingName for any other value.
Result<const char*> ListOrValueEncodingName(CommandContext& ctx, std::string_view key,
                                            ValueEnvelope value);

// Adds to `batch` the copy of the list `value` (the envelope of `from` in from_db) as the
// value of `to` in to_db: an envelope with the same expiry and size, a fresh version from the
// keyspace and head kListStartPosition, and one record per element under that version.
// Returns the error of a failed read of the source (or Corruption for damaged metadata); then
// `batch` must not be applied. REQUIRES: value.type is kList.
Status CopyList(Keyspace& keyspace, int from_db, std::string_view from, const ValueEnvelope& value,
                int to_db, std::string_view to, Keyspace::Batch* batch);

}  // namespace stepdb
