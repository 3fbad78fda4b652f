// The sorted set commands that combine keys or sample one: the unions, intersections and
// differences (sets count as sorted sets whose every score is 1), ZINTERCARD, ZRANDMEMBER and
// ZSCAN.
//
//   ZUNION, ZINTER, ZDIFF, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE (WEIGHTS, AGGREGATE
//   SUM|MIN|MAX, WITHSCORES), ZINTERCARD (LIMIT), ZRANDMEMBER (count, WITHSCORES),
//   ZSCAN (MATCH, COUNT)
//
// Every reply and error is Redis 7.0's, byte for byte, and so is the order of the checks:
// numkeys ("ERR at least 1 input key is needed for 'zunion' command", then a syntax error if
// fewer keys follow), every key's type (WRONGTYPE for anything but a sorted set or a set, a
// missing key being empty), then the options in argument order. WEIGHTS takes one float per
// key ("ERR weight value is not a float") and AGGREGATE SUM, MIN or MAX, both for the unions
// and intersections only; WITHSCORES is not an option of the STORE forms; ZINTERCARD takes
// LIMIT ("ERR LIMIT can't be negative"; 0 is no limit). An option may repeat: the last counts.
//
// Scores are computed in double as Redis computes them (zunionInterAggregate): each input's
// score times its weight, combined by SUM, MIN or MAX, the inputs taken smallest first (equal
// sizes in the order given). Two products are NaN, inf * 0 and inf + -inf, and Redis's answers
// are kept: a weighted score that is NaN counts as 0, but in an intersection only for the
// smallest input (for the others MIN and MAX ignore it, SUM makes it 0); a sum that is NaN is
// 0. So ZUNION 1 k WEIGHTS 0 of a member scored inf gives 0, and ZUNION 2 a b of inf and -inf
// gives 0. The result is in Redis's order, by score, then by the members' bytes; a result
// ZUNION replies keeps the sign of a zero ("-0"), a stored one does not (zset_encoding.h; nor
// does Redis's listpack).
//
// The STORE forms read every input first, then replace the destination, whatever it held (its
// expiry too), with the result in one batch (ZSet::Replacing), or delete it if the result is
// empty; they reply the result's size. The destination may be one of the inputs.
//
// ZRANDMEMBER and ZSCAN read the member records, which are a stage 08 hash from member to
// score: they are HRANDFIELD and HSCAN over them (redis_hash_commands.h, collection_scan.h),
// with the score written as Redis writes it: a RESP3 double for ZRANDMEMBER ... WITHSCORES, a
// bulk string in RESP2 and RESP3 alike for ZSCAN. So their members come in the hash order
// of stage 08, and a ZSCAN call returns at most COUNT members where Redis replies a small
// sorted set whole, in score order.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the commands above to `table`. REQUIRES: none of them is in the table yet.
void AddZSetStoreCommands(RedisCommandTable& table);

}  // namespace stepdb
