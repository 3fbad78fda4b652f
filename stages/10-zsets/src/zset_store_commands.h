// The sorted set commands that combine keys or sample one: the unions, intersections and
// differences (sets count as sorted sets whose every score is 1), ZINTERCARD, ZRANDMEMBER and
// ZSCAN.
//
//   ZUNION, ZINTER, ZDIFF, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE (WEIGHTS, AGGREGATE
//   SUM|MIN|MAX, WITHSCORES), ZINTERCARD (LIMIT), ZRANDMEMBER (count, WITHSCORES),
//   ZSCAN (MATCH, COUNT)
//
// ZRANDMEMBER and ZSCAN read the member records, which are a stage 08 hash from member to
// score: they are HRANDFIELD and HSCAN over them, with the score written as Redis writes it.
// Every reply and error is Redis 7.0's, byte for byte.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the commands above to `table`. REQUIRES: none of them is in the table yet.
void AddZSetStoreCommands(RedisCommandTable& table);

}  // namespace stepdb
