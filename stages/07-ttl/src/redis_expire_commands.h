// The Redis commands of keys with a time to live:
//
//   EXPIRE key seconds [NX|XX|GT|LT]          set a relative expiry; 1 if set, 0 if not
//   PEXPIRE key milliseconds [NX|XX|GT|LT]
//   EXPIREAT key unix-seconds [NX|XX|GT|LT]   set an absolute expiry
//   PEXPIREAT key unix-milliseconds [NX|XX|GT|LT]
//   TTL key / PTTL key                        time left; -1 no expiry, -2 no key
//   EXPIRETIME key / PEXPIRETIME key          the absolute expiry; -1 no expiry, -2 no key
//   PERSIST key                               drop the expiry; 1 if there was one
//   SETEX key seconds value / PSETEX key milliseconds value
//   GETEX key [EX s|PX ms|EXAT t|PXAT t|PERSIST]
//
// Each reads "now" from the server's clock (clock.h) and stores an absolute expiry in the
// value's envelope; the keyspace (expiring_keyspace.h) makes it act. A write changes only the
// expiry: the payload and Memcached's flags stay, and the keyspace gives the key a new cas.
//
// Replies and errors are Redis 7.0's, edge cases included:
//   - EXPIRE's conditions: NX with any of XX, GT, LT is "ERR NX and XX, GT or LT options at
//     the same time are not compatible", GT with LT "ERR GT and LT options at the same time
//     are not compatible"; a key without an expiry has an infinite one, so GT never sets it
//     and LT always does.
//   - EXPIRE's time may be <= 0: a time already past (or now) deletes the key and replies 1,
//     as a deletion (INFO's expired_keys counts only keys that expired by themselves). The
//     test is when <= now, not IsExpired(when, now), which reads 0 as "no expiry": EXPIREAT
//     k 0 is a time long past and deletes k. GETEX
//     EXAT/PXAT with a past time deletes the key too, after replying its value.
//   - A time that overflows int64 once in milliseconds or made absolute replies "ERR invalid
//     expire time in '<command>' command"; SETEX, PSETEX and GETEX also refuse a time <= 0
//     that way (string_write_options.h, shared with SET).
//   - TTL and EXPIRETIME round milliseconds to the nearest second ((ms + 500) / 1000).
//
// Thread safety: handlers run on the server's loop thread (command_context.h).
#pragma once

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

// Adds the commands above to `table`. REQUIRES: none of them is in the table yet.
void AddRedisExpireCommands(RedisCommandTable& table);

}  // namespace stepdb
