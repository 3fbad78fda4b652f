// Redis's list commands on the positions layout (list.h): the pushes and pops at either end,
// reads and writes by index, and the edits in the middle.
//
//   LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM,
//   LTRIM, LPOS
//
// Every reply and error is Redis 7.0's, byte for byte, and so is the order in which a command
// checks its arguments and its key. The commands that pop for a move or from one of several
// keys (LMOVE, RPOPLPUSH, LMPOP) share their code with the blocking commands (list_pop_move.h)
// and are not here.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the list commands above to `table`. REQUIRES: none of them is in the table yet.
void AddRedisListCommands(RedisCommandTable& table);

}  // namespace stepdb
