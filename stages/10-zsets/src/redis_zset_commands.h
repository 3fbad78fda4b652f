// Redis's sorted set commands on the two record families (zset.h): adding and scoring
// members, ranks and counts, the ranges by rank, score and lex, and removing ranges.
//
//   ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT,
//   ZRANGE, ZRANGESTORE, ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX,
//   ZREVRANGEBYLEX, ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX
//
// Every reply and error is Redis 7.0's, byte for byte, and so is the order in which a command
// checks its arguments and its key. Scores are written as Redis writes them (RespWriter::Double:
// "%.17g", "inf", "-inf"; a RESP3 double where Redis 7.0 sends one).
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the commands above to `table`. REQUIRES: none of them is in the table yet.
void AddRedisZSetCommands(RedisCommandTable& table);

}  // namespace stepdb
