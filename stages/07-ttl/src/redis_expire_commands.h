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
// value's envelope; the keyspace (expiring_keyspace.h) makes it act. Replies and errors are
// Redis 7.0's, edge cases included: a time already past deletes the key (and replies 1), an
// expiry that overflows replies "ERR invalid expire time in '<command>' command".
//
// Thread safety: handlers run on the server's loop thread (command_context.h).
#pragma once

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

void AddRedisExpireCommands(RedisCommandTable& table);

}  // namespace stepdb
