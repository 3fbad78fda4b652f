// Looking up a key from a command handler, with the replies Redis gives when that fails.
//
// Almost every command starts the same way: read the key's envelope from the client's
// database, reply with an error if the engine cannot answer, and reply WRONGTYPE if the key
// holds a value of another type than the command works on (GET of a hash). These helpers do
// that once, so a handler reads as its command's rules. As in Redis, a helper whose name ends
// in OrReply has already written the reply when it returns false, and the handler just
// returns.
//
// Redis counts, for INFO stats, every lookup a command makes in order to *read* a key as a
// keyspace hit or miss (lookupKeyRead), and none of the lookups made in order to write one
// (lookupKeyWrite: INCR, APPEND, SETNX count nothing). KeyAccess says which one a lookup is.
//
//   GET, MGET, STRLEN, GETRANGE, GETSET, GETDEL, SET ... GET, LCS, EXISTS, TYPE, OBJECT,
//   COPY (its source)                                               KeyAccess::kRead
//   SET NX/XX/KEEPTTL, SETNX, MSETNX, APPEND, SETRANGE, INCR*, DEL, RENAME  KeyAccess::kWrite
//
// Stage 06 stores only strings; stage 08 adds hashes and sets, and its commands look their
// keys up through LookupTypedKeyOrReply with their own ValueType.
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "command_context.h"
#include "value_envelope.h"

namespace stepdb {

enum class KeyAccess { kRead, kWrite };

// Reads key from the client's database into *value (nullopt if the key does not exist) and
// returns true. A kRead lookup counts a keyspace hit or miss. On a storage error, replies with
// it and returns false.
[[nodiscard]] bool LookupKeyOrReply(CommandContext& ctx, std::string_view key, KeyAccess access,
                                    std::optional<ValueEnvelope>* value);

// As LookupKeyOrReply; also replies WRONGTYPE and returns false if the key exists and holds a
// value whose type is not `type`.
[[nodiscard]] bool LookupTypedKeyOrReply(CommandContext& ctx, std::string_view key, ValueType type,
                                         KeyAccess access, std::optional<ValueEnvelope>* value);

// Sets *exists to whether key is in database db and returns true; on a storage error, replies
// with it and returns false. Counts nothing in INFO stats (a write's lookup).
[[nodiscard]] bool KeyExistsOrReply(CommandContext& ctx, int db, std::string_view key,
                                    bool* exists);

// Stores value under key in the client's database and returns true; on a storage error,
// replies with it and returns false.
[[nodiscard]] bool PutOrReply(CommandContext& ctx, std::string_view key, ValueEnvelope value);
// The same, for a handler that has just looked the key up: `existed` is what it found, which
// spares the keyspace a second lookup to keep its key count.
[[nodiscard]] bool PutOrReply(CommandContext& ctx, std::string_view key, ValueEnvelope value,
                              bool existed);

// Counts a read of a key that exists (hit) or does not (miss) in INFO stats, for commands
// that learn it without LookupKeyOrReply (EXISTS).
void CountKeyspaceRead(CommandContext& ctx, bool found);

// A string value as a Redis write creates it: no expiry, Memcached flags 0.
ValueEnvelope StringEnvelope(std::string payload);

}  // namespace stepdb
