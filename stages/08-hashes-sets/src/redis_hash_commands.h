// Redis's hash commands on the collection layout (collection.h): HSET, HSETNX, HMSET, HGET,
// HMGET, HDEL, HLEN, HSTRLEN, HEXISTS, HKEYS, HVALS, HGETALL, HINCRBY, HINCRBYFLOAT and
// HRANDFIELD, with Redis 7.0's replies and error texts. HSCAN is in collection_scan.h.
//
// Each command loads the key's Collection once, reads and stages its changes there, and
// commits them in one batch, so a command is atomic on the engine as it is in Redis: HSET k a
// 1 b 2 writes the envelope with the new size and both field records together, or nothing.
// A hash that loses its last field (HDEL) is deleted with its key; a command that finds no
// key creates the hash, with a fresh version (collection_encoding.h).
//
// Where Redis's reply lists several fields (HKEYS, HVALS, HGETALL, HRANDFIELD with a count of
// the whole hash or more) they come in the collection's order, the order of the fields'
// hashes; Redis's comes from its own hash table. Neither is an order a client may rely on.
// Everything else is Redis's byte for byte, including the order in which the errors are
// checked: the arguments first (an increment that is not a number is refused even on a key of
// another type), then the key (WRONGTYPE), then the field's stored value.
//
//   HINCRBY: the increment must be an integer ("ERR value is not an integer or out of range"),
//   the stored value too ("ERR hash value is not an integer"), and the sum must fit in int64
//   ("ERR increment or decrement would overflow").
//   HINCRBYFLOAT: numbers are long doubles read and printed as INCRBYFLOAT does (redis_args.h):
//   "ERR value is not a valid float", "ERR value is NaN or Infinity" for an infinite
//   increment, "ERR hash value is not a float", and "ERR increment would produce NaN or
//   Infinity" for a sum that overflows. The field keeps the printed text, "3" for 1.5 + 1.5.
//   HRANDFIELD key [count [WITHVALUES]]: without a count, one field or nil; a count >= 0 asks
//   for that many distinct fields (at most the whole hash), a negative one for -count
//   independent picks, which may repeat. The count must be an integer above -2^63 ("ERR value is
//   out of range, value must between ..."), within +-(2^62 - 1) with WITHVALUES ("ERR value is
//   out of range"). WITHVALUES replies field, value,
//   field, value... in RESP2, and an array of [field, value] pairs in RESP3. Picks are drawn
//   as Collection::RandomElements describes: uniform up to 64 fields, near uniform beyond.
//   HSET and HMSET take field value pairs and count a field named twice once, with its last
//   value; HSET replies how many fields were new, HMSET +OK.
//
// Redis decides the reads from the writes by how it looks the key up: HSET, HSETNX, HMSET,
// HINCRBY, HINCRBYFLOAT and HDEL look up to write (counted nowhere), the others to read
// (a keyspace hit or miss in INFO stats).
//
// A later stage whose values are a stage 08 hash under another type (stage 10's sorted sets,
// whose member records map a member to its score) samples them with RandomElementsGeneric,
// which is HRANDFIELD with its own option name and its own way of writing a value.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include <string_view>

#include "command_context.h"
#include "redis_command_table.h"
#include "resp_writer.h"
#include "value_envelope.h"

namespace stepdb {

// Adds the hash commands to `table`. REQUIRES: none of them is in the table yet.
void AddRedisHashCommands(RedisCommandTable& table);

// Writes the reply to an element's stored value: for a hash, the value as a bulk string.
using ElementValueWriter = void (*)(RespWriter& reply, std::string_view value);

// key [count [<values_option>]], HRANDFIELD's rules above, over the collection of `type` that
// ctx.argv[1] holds, each picked element's value written by write_value. `values_option` is
// the option's name ("withvalues"; ZRANDMEMBER's is "withscores"), matched in any case.
// REQUIRES: type is a collection type, or a later type whose values are a Collection.
void RandomElementsGeneric(CommandContext& ctx, ValueType type, std::string_view values_option,
                           ElementValueWriter write_value);

}  // namespace stepdb
