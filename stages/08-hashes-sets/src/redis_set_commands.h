// Redis's set commands on the collection layout (collection.h).
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the set commands to `table`. REQUIRES: none of them is in the table yet.
void AddRedisSetCommands(RedisCommandTable& table);

}  // namespace stepdb
