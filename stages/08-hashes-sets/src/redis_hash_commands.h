// Redis's hash commands on the collection layout (collection.h).
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the hash commands to `table`. REQUIRES: none of them is in the table yet.
void AddRedisHashCommands(RedisCommandTable& table);

}  // namespace stepdb
