// HSCAN and SSCAN: stage 06's SCAN (redis_key_commands.h, redis_scan.h) over the elements of
// one hash or set instead of the keys of a database.
//
//   HSCAN key cursor [MATCH pattern] [COUNT count]   field, value, field, value, ...
//   SSCAN key cursor [MATCH pattern] [COUNT count]   member, member, ...
//
// Both reply [next cursor, elements] in RESP2 and RESP3 alike. A call visits the next COUNT
// elements (10 by default) in the collection's order (collection_encoding.h: by hash, then by
// bytes) after the cursor's position, and replies with those whose field or member matches the
// pattern (Redis's glob, glob_match.h); the cursor is "0" once the last element was visited.
//
// A cursor stands for the last element visited, kept in the server's cursor table beside
// SCAN's (scan_cursors.h). The element's position is its record suffix (ElementSuffix), worked
// out again at each call with the collection's version of that moment, and the next call
// resumes at the first record after it. Elements never move while they are present: their
// place depends only on their bytes. So:
//
//   an element present in the collection from the first call to the last of an iteration
//   (and matching the pattern) is returned exactly once
//
// which is stronger than Redis's "at least once". It holds even when the key's value is
// replaced in between by a new collection that has the element too (SINTERSTORE onto the
// key): the new version's elements lie in the same order. An element added or removed during
// the iteration is returned at most once. The price is SCAN's: an old or made-up cursor is
// "ERR invalid cursor" (Redis accepts any number), and a SCAN cursor given to HSCAN means some
// other position, as a cursor of one Redis hash given to another does.
//
// Redis 7.0's rules otherwise, in its order: the cursor's syntax ("ERR invalid cursor"), then
// the key (WRONGTYPE; a missing key replies an empty last page whatever the options say), then
// the options (COUNT below 1 and TYPE are "ERR syntax error"). One difference: Redis replies a
// small hash or set (listpack or intset encoded) whole in one call whatever COUNT says; here
// COUNT is always the bound.
//
// A later stage whose values are a stage 08 hash under another type (stage 10's sorted sets,
// whose member records map a member to its score) scans them with ScanCollectionGeneric,
// saying how an element's stored value reads in the reply.
//
// Thread safety: handlers run on the server's loop thread only.
#pragma once

#include <string>
#include <string_view>

#include "command_context.h"
#include "redis_command_table.h"
#include "value_envelope.h"

namespace stepdb {

// Adds HSCAN (group hash) and SSCAN (group set) to `table`. REQUIRES: neither is in it yet.
void AddCollectionScanCommands(RedisCommandTable& table);

// The text an element's stored value stands for in a scan's reply (a bulk string in RESP2
// and RESP3 alike): a hash's value as it is.
using ElementValueText = std::string (*)(std::string_view value);

// key cursor [MATCH pattern] [COUNT count], as above, over the elements of the collection of
// `type` that ctx.argv[1] holds: each element that matches, followed by value_text(its value)
// unless value_text is nullptr (a set's members have no value).
// REQUIRES: type is a collection type, or a later type whose values are a Collection.
void ScanCollectionGeneric(CommandContext& ctx, ValueType type, ElementValueText value_text);

}  // namespace stepdb
