// The pops of sorted sets, and their blocking forms, which wait on stage 09's blocked
// clients (blocked_clients.h) until a write stores a sorted set under a key they name.
//
//   ZPOPMIN, ZPOPMAX, ZMPOP, BZPOPMIN, BZPOPMAX, BZMPOP
//
// Every reply, timeout reply and error is Redis 7.0's, byte for byte.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the commands above to `table`. REQUIRES: none of them is in the table yet.
void AddZSetPopCommands(RedisCommandTable& table);

}  // namespace stepdb
