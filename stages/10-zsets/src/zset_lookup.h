// Looking up a sorted set from a command handler, with the replies Redis gives when that
// fails: stage 08's collection_lookup.h for sorted sets; and writing members with their scores
// in the shapes Redis 7.0 replies them.
//
// As there, a helper whose name ends in OrReply has already written the reply when it returns
// false (a storage error, WRONGTYPE, damaged metadata), and the handler just returns.
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command_context.h"
#include "key_lookup.h"
#include "zset.h"

namespace stepdb {

// Reads key from the client's database (LookupTypedKeyOrReply: WRONGTYPE if it holds another
// type; kRead counts a keyspace hit or miss) and sets *out to its sorted set, which does not
// exist() if the key does not.
[[nodiscard]] bool LoadZSetOrReply(CommandContext& ctx, std::string_view key, KeyAccess access,
                                   std::optional<ZSet>* out);
// The same in database db, counting nothing (a destination's lookup).
[[nodiscard]] bool LoadZSetOrReply(CommandContext& ctx, int db, std::string_view key,
                                   std::optional<ZSet>* out);

// Commits the sorted set's staged changes and returns true; on a storage error, replies with
// it and returns false.
[[nodiscard]] bool CommitZSetOrReply(CommandContext& ctx, ZSet& zset);

// The end of every *STORE command: replaces whatever key holds in the client's database (any
// type, its expiry too; Redis never type-checks a destination) with a sorted set of entries,
// or deletes key if there are none, and replies the new size. REQUIRES: the members of entries
// are distinct.
void StoreZSetAndReply(CommandContext& ctx, const std::string& key,
                       const std::vector<ZSet::Entry>& entries);

// Replies with entries: their members alone, or, `with_scores`, each member followed by its
// score (RespWriter::Double), in one flat array, or, `pairs`, in an array of [member, score]
// arrays. Which commands reply pairs is Redis's choice, made per command and protocol: ZRANGE
// WITHSCORES and ZUNION WITHSCORES in RESP3, ZPOPMIN with a count in RESP3, ZMPOP always.
// REQUIRES: with_scores if pairs.
void ReplyScoredMembers(CommandContext& ctx, const std::vector<ZSet::Entry>& entries,
                        bool with_scores, bool pairs);

}  // namespace stepdb
