// The key commands of stages 06 and 07 on every type: what changes once a key may hold a
// collection whose elements are records below it (collection.h).
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Replaces the key commands that must know about collections. REQUIRES: stage 07's commands
// are in the table.
void ReplaceCollectionKeyCommands(RedisCommandTable& table);

}  // namespace stepdb
