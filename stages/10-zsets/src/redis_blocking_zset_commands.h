// The pops of sorted sets, and their blocking forms, which wait on stage 09's blocked
// clients (blocked_clients.h) until a write stores a sorted set under a key they name.
//
//   ZPOPMIN key [count]                      the lowest-scored members, removed
//   ZPOPMAX key [count]                      the highest-scored members, removed
//   ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]
//                                            the first non-empty set's lowest or highest
//   BZPOPMIN key [key ...] timeout           ZPOPMIN of the first non-empty set, or a wait
//   BZPOPMAX key [key ...] timeout           ZPOPMAX of the same, or a wait
//   BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]
//                                            ZMPOP, or a wait
//
// Replies, as Redis 7.0's (a score is RespWriter::Double: "%.17g", "inf", "-inf"; a RESP3
// double for a RESP3 client). With "z" holding a:1 b:2:
//
//   ZPOPMIN z            [a, 1]               a missing key: []          RESP3 the same
//   ZPOPMIN z 2          [a, 1, b, 2]         count 0, missing key: []   RESP3 [[a, 1], [b, 2]]
//   ZMPOP 1 z MIN        [z, [[a, 1]]]        every key empty: null array (*-1, RESP3 _)
//   BZPOPMIN z 0         [z, a, 1]            the timeout: a null array (*-1, RESP3 _)
//   BZMPOP 0 1 z MAX COUNT 5   [z, [[b, 2], [a, 1]]]   the timeout: a null array
//
// A count pops up to that many, in the order popped (ZPOPMAX and MAX: the highest first).
// Errors, in the order Redis checks them: ZPOPMIN and ZPOPMAX with more than one count are
// "ERR syntax error"; a count that is not an integer >= 0 is "ERR value is out of range, must
// be positive"; the numkeys form and the timeouts are stage 09's (blocking_pop.h, the same
// texts as LMPOP's and BLPOP's). Then a key of another type, before the first non-empty set
// among the keys, is WRONGTYPE (also for a count of 0), never a wait.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the commands above to `table`. REQUIRES: none of them is in the table yet.
void AddZSetPopCommands(RedisCommandTable& table);

}  // namespace stepdb
