// Looking up a list from a command handler, with the replies Redis gives when that fails:
// stage 08's collection_lookup.h for lists.
//
// As there, a helper whose name ends in OrReply has already written the reply when it returns
// false (a storage error, WRONGTYPE, damaged metadata), and the handler just returns.
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <optional>
#include <string_view>

#include "command_context.h"
#include "key_lookup.h"
#include "list.h"

namespace stepdb {

// Reads key from the client's database (LookupTypedKeyOrReply: WRONGTYPE if it holds another
// type; kRead counts a keyspace hit or miss) and sets *out to its list, which does not
// exist() if the key does not.
[[nodiscard]] bool LoadListOrReply(CommandContext& ctx, std::string_view key, KeyAccess access,
                                   std::optional<List>* out);

// Commits the list's staged changes and returns true; on an error, replies with it and
// returns false.
[[nodiscard]] bool CommitListOrReply(CommandContext& ctx, List& list);

// Replies with a failed Status of a list operation and returns false, or returns true: a
// storage error as "-ERR <status>", the exhausted position space as
// "-ERR list position space exhausted".
[[nodiscard]] bool ListOkOrReply(CommandContext& ctx, const Status& status);

}  // namespace stepdb
