// The list commands that pop for a move or from one of several keys, and their blocking
// forms, which wait for a list to get elements when every list they name is empty:
//
//   LMOVE, RPOPLPUSH, LMPOP                 reply nil when there is nothing to pop
//   BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP  park the client instead (blocked_clients.h)
//
// A blocking command does exactly what its non-blocking form does when a list it names has
// an element (list_pop_move.h holds the shared part). When none has, it parks its client on
// its keys and replies nothing; the server runs it again, whole, once a write stored a list
// under one of them, and it then pops as if it had just arrived, or waits on. When the
// timeout passes first, the reply is a null array (*-1; RESP3 _), for BLMOVE and BRPOPLPUSH
// too, as in Redis 7.0.
//
// Timeouts are seconds, fractional ones too (BLPOP k 0.25), read as Redis 7.0 reads them:
// in milliseconds rounded up, 0 waiting forever (so a positive timeout under a millisecond
// waits one); one that is negative, or whose milliseconds do not fit in 64 bits, is
// "-ERR timeout is negative"; one that is not a float is "-ERR timeout is not a float or out
// of range". Arguments are checked as Redis
// checks them, in its order, before any key is read; then a key of another type is
// WRONGTYPE at once, never a wait.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the commands above to `table`. REQUIRES: none of them is in the table yet.
void AddBlockingListCommands(RedisCommandTable& table);

}  // namespace stepdb
