// Redis's commands on keys whatever they hold: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX,
// COPY, KEYS, SCAN, RANDOMKEY and OBJECT, with Redis 7.0's replies and error texts.
//
// Redis keeps a database in a hash table; this server keeps it in order (keyspace.h: one
// contiguous, sorted range of engine keys per database). Most commands cannot tell the
// difference, but the three that walk the key space can, and each is better or different for
// it:
//
// KEYS pattern replies with the matching keys in byte order (Redis: hash order). The pattern is
// Redis's glob (glob_match.h); "*" alone takes every key without matching, so it also returns
// the empty key, which no pattern but "" matches.
//
// SCAN cursor [MATCH pattern] [COUNT n] [TYPE type] visits, per call, the next n keys (10 by
// default) in byte order after the cursor's position, and replies with the ones that pass the
// filters (maybe none) and a cursor to go on with, "0" once the last key was visited. Cursor
// "0" starts. A cursor stands for the last key visited (scan_cursors.h keeps the table), so:
//
//   every key that is present from the first call to the last of an iteration, and matches
//   the filters, is returned exactly once
//
// which is stronger than Redis's "at least once" (its table may be rehashed in between). A key
// added or removed during the iteration is returned at most once: if it is added ahead of the
// cursor and is still there when the cursor gets to it. The price is that a cursor is
// remembered by the server: the newest 4096 cursors are kept, and an older or made-up one gets
// "ERR invalid cursor" (Redis accepts any number), so a client that pauses while more than 4096
// other SCAN calls are made must start again. The cursor is a position, not a database: after
// a SELECT it goes on at the same key in the other database. As in Redis 7.0, COUNT below 1 is
// a syntax error, and a TYPE nobody has ("bogus") matches no key.
//
// RANDOMKEY cannot pick "the i-th key" without walking i keys, so it walks down the trie of key
// bytes instead: at each byte it lists the distinct bytes that the keys with the prefix chosen
// so far have next (and "stop here" if the prefix is itself a key), picks one of them with
// equal chance, and ends as soon as the prefix holds a single key. Every key can come out,
// but not with equal chance: siblings share their branch, so with the keys "a", "b1", "b2" and
// "b3", "a" comes out half the time and each "b" key a sixth. Each byte of depth costs one
// seek per distinct next byte (at most 257); keys that share a long prefix, such as
// "user:000123", cost two seeks per shared byte. An empty database answers nil.
//
// OBJECT ENCODING names the encoding Redis 7.0 would give the value as SET stored it: "int"
// for an integer (string2ll's rules) of at most 20 bytes, "embstr" up to 44 bytes, "raw"
// beyond. Redis turns a value that APPEND or SETRANGE changed into "raw" and one that
// INCRBYFLOAT wrote into "embstr" even when it looks like an integer; nothing here records how a
// value was written, so those answer by their bytes. OBJECT REFCOUNT is Redis's too: integers
// 0..9999 are shared objects (2147483647) unless maxmemory is set with an LRU or LFU policy, and
// everything else has one reference. No access times or frequencies are tracked: OBJECT
// IDLETIME is always 0 and OBJECT FREQ is 5, the counter a new key starts with in Redis, with
// Redis's errors when the maxmemory-policy says the other one is being tracked. A missing key
// is nil for every subcommand.
//
// EXISTS counts a key as often as it is named; DEL and UNLINK (the same thing here: the engine
// drops values in compaction, not on the loop) count each key once and delete all of them in
// one engine batch, as RENAME moves its key in one. RENAME and COPY keep the value's envelope,
// so the client flags and the expiry go with it.
//
// A later stage whose values keep records below their key (stage 08's hashes and sets) must
// copy those too when RENAME, RENAMENX or COPY gives a value another name, and must name its
// encodings in OBJECT ENCODING. So the copy is a parameter of the commands (a ValueCopier;
// here, CopyEnvelope), and the pieces such a stage reuses are declared below.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "keyspace.h"
#include "redis_command_table.h"
#include "value_envelope.h"

namespace stepdb {

// Adds the key commands to `table`. REQUIRES: none of them is in the table yet.
void AddRedisKeyCommands(RedisCommandTable& table);

// Adds to `batch` the writes that make `to`, in database to_db, hold a copy of `value`, the
// value of `from` in database from_db (whatever `to` holds now is replaced). Returns the
// error of a failed read of the value's records, and then `batch` must not be applied.
using ValueCopier = Status (*)(Keyspace& keyspace, int from_db, std::string_view from,
                               const ValueEnvelope& value, int to_db, std::string_view to,
                               Keyspace::Batch* batch);

// The copier of a value that is its envelope: one Put of the envelope, flags and expiry
// included.
Status CopyEnvelope(Keyspace& keyspace, int from_db, std::string_view from,
                    const ValueEnvelope& value, int to_db, std::string_view to,
                    Keyspace::Batch* batch);

// RENAME (nx false) and RENAMENX (nx true): every check and reply as Redis 7.0's, and `copy`
// for the value, applied in one batch with the deletion of the old name.
void RenameGeneric(CommandContext& ctx, bool nx, ValueCopier copy);
// COPY source destination [DB destination-db] [REPLACE], with `copy` for the value.
void CopyGeneric(CommandContext& ctx, ValueCopier copy);

// Redis's getIntFromObjectOrReply followed by its database-number check (COPY's DB, MOVE):
// sets *db and returns true, or replies with Redis's error and returns false.
[[nodiscard]] bool ParseDatabaseOrReply(CommandContext& ctx, const std::string& text, int* db);

// OBJECT ENCODING's answer for a string ("int", "embstr" or "raw"); "unknown" for another
// type, which the stage that adds it names.
const char* EncodingName(const ValueEnvelope& value);

// OBJECT, dispatching to its subcommands (a later stage answers ENCODING before it).
void ObjectCommand(CommandContext& ctx);

}  // namespace stepdb
