// The key commands of stages 06 and 07 on every type: what changes once a key may hold a
// collection whose elements are records below it (collection.h).
//
// Most key commands need no change, because a collection is reached only through its key's
// envelope: DEL and UNLINK delete the envelope and the elements become stale (compaction
// drops them); EXISTS, TYPE, KEYS, SCAN (TYPE hash|set too), RANDOMKEY, DBSIZE and INFO
// keyspace see keys, never elements; EXPIRE, TTL and PERSIST rewrite only the envelope, and an
// expiry ends the whole collection at once; FLUSHDB and SWAPDB move database ids, records
// included. The commands this file puts in their place are the ones that would otherwise
// carry an envelope to a key with no records below it, or that describe the value:
//
// RENAME, RENAMENX and COPY (DB n, REPLACE) keep stage 06's checks and replies
// (RenameGeneric, CopyGeneric) and copy a hash or a set with CopyValue: every element goes
// to the new key under a fresh version, in one batch with the new envelope, which keeps the
// source's expiry as Redis's do (and, for RENAME, with the deletion of the old key). Redis
// moves a pointer; here a copy costs one scan and one write of every element, so RENAME of
// a large collection is O(n) in time and in the memory its batch holds. A string is copied
// as stage 06 copies it.
//
// MOVE key db moves a key of any type to another database, keeping its expiry: 1, or 0 if
// the key does not exist or the target database already holds the name, with Redis 7.0's
// errors ("ERR source and destination objects are the same", "ERR DB index is out of
// range", and the integer errors of getIntFromObjectOrReply).
//
// OBJECT ENCODING names what Redis 7.0 would use for the collection:
//
//   hash  "listpack" while it has at most hash-max-listpack-entries (512) fields and every
//         field and value has at most hash-max-listpack-value (64) bytes, else "hashtable"
//   set   "intset" while every member is an integer (Redis's string2ll rules) and it has at
//         most set-max-intset-entries (512), else "hashtable" (Redis 7.0 has no listpack
//         sets)
//
// with the limits read from CONFIG (so CONFIG SET changes the answer). The defaults are
// those of a redis-server started without a configuration file; the redis.conf that Redis
// ships sets hash-max-listpack-entries to 128.
//
// Unlike Redis, the answer follows the current contents. Redis converts a collection once it
// outgrows its compact encoding and never converts it back, so a hash that once held a long
// value stays "hashtable" there after HDEL, and a set that once held "x" stays "hashtable"
// after SREM; here nothing records the history, and the answer is computed from what the
// collection holds now, reading at most the limit + 1 of its elements.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include <cstdint>
#include <string_view>

#include "collection.h"
#include "command_context.h"
#include "common/result.h"
#include "common/status.h"
#include "keyspace.h"
#include "redis_command_table.h"
#include "redis_key_commands.h"
#include "value_envelope.h"

namespace stepdb {

// Replaces the key commands that must know about collections (RENAME, RENAMENX, COPY,
// OBJECT) and adds MOVE. REQUIRES: stage 07's commands are in the table, MOVE is not.
void ReplaceCollectionKeyCommands(RedisCommandTable& table);

// What a later stage with another type of records reuses: MOVE with `copy` for the value (as
// RenameGeneric and CopyGeneric take it); OBJECT ENCODING's answer for `value`, the envelope
// of key in the client's database, of a string, hash or set ("unknown" for another type),
// or the error of a failed read of the collection; and the swap of a command's handler.
void MoveGeneric(CommandContext& ctx, ValueCopier copy);
Result<const char*> ValueEncodingName(CommandContext& ctx, std::string_view key,
                                      ValueEnvelope value);
// REQUIRES: the table holds the command `name`.
void ReplaceHandler(RedisCommandTable& table, std::string_view name, RedisCommandHandler handler);

// What answers OBJECT ENCODING for a value, as ValueEncodingName does for this stage's types:
// a later stage's names its own types and asks ValueEncodingName about the others.
using EncodingNamer = Result<const char*> (*)(CommandContext& ctx, std::string_view key,
                                              ValueEnvelope value);

// OBJECT ENCODING key: nil for a missing key, else the bulk string `name` gives it (or a
// storage error). As handlers are plain functions, a stage passes its namer through one of
// its own: void ObjectEncodingCommand(CommandContext& ctx) { ObjectEncodingGeneric(ctx, N); }
void ObjectEncodingGeneric(CommandContext& ctx, EncodingNamer name);

// OBJECT with `encoding` (a handler that calls ObjectEncodingGeneric) for its ENCODING
// subcommand and stage 06's handlers for the others.
void ObjectGeneric(CommandContext& ctx, RedisCommandHandler encoding);

// Whether `collection` may keep Redis's compact encoding: it holds at most max_entries
// elements, and `fits` returns true for each of them. Reads at most max_entries + 1 elements;
// a read's error is returned. What decides a hash's "listpack", a set's "intset" and, in a
// later stage, a sorted set's "listpack".
Result<bool> FitsCompactEncoding(const Collection& collection, uint64_t max_entries,
                                 const Collection::ElementVisitor& fits);

// The ValueCopier (redis_key_commands.h) of every type: a hash or a set is copied element by
// element (CopyCollection), any other value as its envelope (CopyEnvelope).
Status CopyValue(Keyspace& keyspace, int from_db, std::string_view from, const ValueEnvelope& value,
                 int to_db, std::string_view to, Keyspace::Batch* batch);

// Adds to `batch` the copy of the collection `value` (the envelope of `from` in from_db) as
// the value of `to` in to_db: an envelope of the same type, expiry and size with a fresh
// version from the keyspace, and one record per element of the source under that version.
// Returns the error of a failed read of the source; then `batch` must not be applied.
// REQUIRES: IsCollectionType(value.type).
Status CopyCollection(Keyspace& keyspace, int from_db, std::string_view from,
                      const ValueEnvelope& value, int to_db, std::string_view to,
                      Keyspace::Batch* batch);

}  // namespace stepdb
