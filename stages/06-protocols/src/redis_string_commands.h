// Redis's string commands: GET, SET, SETNX, MGET, MSET, MSETNX, GETSET, GETDEL, APPEND,
// STRLEN, INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT, SETRANGE, GETRANGE, SUBSTR and LCS, with
// Redis 7.0's replies and error texts, byte for byte.
//
// A string is the payload of a value envelope whose type is kString (value_envelope.h): any
// bytes, "\0" and "\r\n" included, up to proto-max-bulk-len (512 MB by default), the limit
// APPEND and SETRANGE check before they grow a value. The same record is a Memcached item, so
// a Redis write decides what happens to the envelope's other fields:
//
//   replaces the value      SET, SETNX, MSET, MSETNX, GETSET:   a fresh envelope (client
//                           flags 0, no expiry; SET's EX/PX/EXAT/PXAT or KEEPTTL set one)
//   edits the value         APPEND, SETRANGE, INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT:
//                           the envelope is kept (flags and expiry stay), only the payload
//                           changes, as Redis keeps a key's TTL through an INCR
//
// A key that holds another type (stage 08's hashes and sets) gets WRONGTYPE from every command
// here except SET, MSET and MSETNX, which replace whatever is there, and MGET, which answers nil
// for it. LCS has its own text: "ERR The specified keys must contain string values".
//
// Numbers follow redis_args.h: INCR and friends take only what Redis's string2ll takes (no
// "+1", no "01", no spaces), refuse to leave int64 ("ERR increment or decrement would
// overflow"; DECRBY of -9223372036854775808 is "ERR decrement would overflow"), and store the
// result as decimal text. INCRBYFLOAT computes in long double and stores Redis's
// seventeen-digit text, so 0.1 + 0.2 is "0.3" and 1.6 + 1000 is "1001.59999999999999998".
//
// SET's options are parsed and its expiry validated as Redis does (string_write_options.h:
// "ERR invalid expire time in 'set' command" for a time <= 0 or one that overflows once made
// absolute) and stored in the envelope as an absolute unix time in milliseconds; stage 07
// makes keys expire by it. Until then an expired key is still served.
//
// Every command runs alone on the loop thread (command_context.h), so a read-modify-write such
// as INCR or APPEND is atomic, and so is MSETNX's "all or nothing", which also writes its keys
// in one engine batch so that a crash cannot leave half of them.
//
// RESP3 changes two replies: a missing value is "_" instead of "$-1", and LCS IDX answers a
// map ("%2") where RESP2 has an array of four.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include "redis_command_table.h"

namespace stepdb {

// Adds the string commands to `table`. REQUIRES: none of them is in the table yet.
void AddRedisStringCommands(RedisCommandTable& table);

}  // namespace stepdb
