// Looking up a collection from a command handler, with the replies Redis gives when that
// fails: stage 06's key_lookup.h for hashes and sets.
//
// As there, a helper whose name ends in OrReply has already written the reply when it returns
// false (a storage error, WRONGTYPE, damaged metadata), and the handler just returns.
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <optional>
#include <random>
#include <string_view>

#include "collection.h"
#include "command_context.h"
#include "key_lookup.h"

namespace stepdb {

// Reads key from the client's database (LookupTypedKeyOrReply: WRONGTYPE if it holds another
// type; kRead counts a keyspace hit or miss) and sets *out to its collection, which does not
// exist() if the key does not.
[[nodiscard]] bool LoadCollectionOrReply(CommandContext& ctx, std::string_view key, ValueType type,
                                         KeyAccess access, std::optional<Collection>* out);

// The same in database db, counting nothing (a write's lookup: SMOVE's destination,
// *STORE's, COPY's and MOVE's targets).
[[nodiscard]] bool LoadCollectionOrReply(CommandContext& ctx, int db, std::string_view key,
                                         ValueType type, std::optional<Collection>* out);

// Commits the collection's staged changes and returns true; on a storage error, replies with
// it and returns false.
[[nodiscard]] bool CommitOrReply(CommandContext& ctx, Collection& collection);

// Applies batch and returns true; on a storage error, replies with it and returns false.
[[nodiscard]] bool ApplyOrReply(CommandContext& ctx, const Keyspace::Batch& batch);

// Replies with the status of a failed Result (a storage error) if there is one, and returns
// whether the result is ok.
template <typename T>
[[nodiscard]] bool OkOrReply(CommandContext& ctx, const Result<T>& result) {
  if (result.ok()) return true;
  ctx.ReplyStorageError(result.status());
  return false;
}
[[nodiscard]] bool OkOrReply(CommandContext& ctx, const Status& status);

// The random source of HRANDFIELD, SRANDMEMBER and SPOP (seeded once per process).
std::mt19937_64& CollectionRandom();

// HRANDFIELD, SRANDMEMBER and SPOP without a count: loads key's collection of `type` into
// *collection and picks one random element into *element. False if it replied: an error, or
// nil for a missing key.
[[nodiscard]] bool PickOneOrReply(CommandContext& ctx, std::string_view key, ValueType type,
                                  KeyAccess access, std::optional<Collection>* collection,
                                  std::string* element);

}  // namespace stepdb
