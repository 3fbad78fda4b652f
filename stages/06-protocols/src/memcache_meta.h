// CheckMetaLine: the checks memcached 1.6 makes on a meta command line (mg ms md ma me mn)
// before it touches an item, with memcached's error text for each.
//
// A meta line is a two-letter command, a key, and flags: one letter each, some with a token
// glued on ("T30" sets a TTL of 30, "Oabc" is an opaque echoed back). `ms` has its data
// length between the key and the flags, and a data block follows its line.
//
//   mg k v t T30 Oreq7     get k's value and TTL, set its TTL to 30, echo "Oreq7"
//   ms k 2 F5 q            store 2 bytes with client flags 5; no reply if it works
//   mg a2V5 b v            get the key "key" (base64 "a2V5")
//
// The flags memcached 1.6.18 knows, and what their tokens must be (any command accepts any
// of them; each command uses the ones that mean something to it):
//   b c f h k l O P L q s t u v I   no check on the token
//   N T R                           a signed 32-bit number (memcache_syntax.h's rules)
//   F                               an unsigned 32-bit number
//   C J D                           an unsigned 64-bit number
//   M                               exactly one character (the mode)
// A flag may appear once. The b flag decodes the key from base64 (memcache_syntax.h).
//
// The checks, in memcached's order, each with its error line ("CLIENT_ERROR " and the text):
//   1. the key is longer than 250 bytes (before any decoding): "bad command line format";
//   2. ms has no datalen token: "bad command line format";
//   3. more than 17 flags (ms: 16): "options flags are too long" for mg, "options flags too
//      long" for ms, md and ma;
//   4. ms: datalen is not a number, or negative: "bad command line format";
//   5. the flags, one by one: mg and ms answer the flag's own error (below), md and ma answer
//      "invalid or duplicate flag" whatever it was;
//   6. ms: M is not one of E A P R S: "invalid mode for ms M token"; ma: M is not one of
//      I + D -: "invalid mode for ma M token";
//   7. an O token longer than 32 bytes (its O included): "opaque token too long".
//
// A flag's own error: a first byte memcached does not know -> "invalid flag", and checking
// stops; a repeated flag (or a first byte of 127 or more) -> "duplicate flag", and checking
// stops. Otherwise checking goes on, and the last of these errors wins: b on a key that does
// not decode -> "error decoding key"; N T R C not a number -> "bad token in command line
// format"; M not two bytes long -> "incorrect length for M token"; J not a number -> "invalid
// numeric initial value"; D not a number -> "invalid numeric delta value"; F not a number ->
// no text of its own ("bad command line format" unless an earlier flag set one).
//
// memcached makes check 7 for mg and ma only while it writes the reply, after the lookup: an
// mg with N (vivify) creates the item first, and an ma changes the number first (or answers
// "cannot increment or decrement non-numeric value" instead, for a value that is not one).
// Here a line that fails a check is refused before anything is done.
//
// After an error in steps 1 to 4, an `ms` line's data block is not swallowed (memcached did
// not know, or did not trust, its length): the block's lines are read as commands. From step
// 5 on, it is swallowed.
//
// `me` is looser: fewer than two tokens, a key over 250 bytes, or a b flag (only as the token
// right after the key) on a key that does not decode -> "bad command line format"; anything
// else after the key is ignored. `mn` takes no flags, and memcached ignores anything after it.
//
// Thread safety: a pure function; safe from any thread.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "memcache_parser.h"

namespace stepdb {

struct MetaCheck {
  // Empty iff the line passed; otherwise memcached's error line, without its CR LF.
  std::string_view error;
  // After an error: true iff the line's data block (ms only) is to be swallowed.
  bool swallow = false;
};

// Checks the meta line `tokens` (tokens[0] is mg, ms, md, ma, me or mn; at least the key
// follows, except for me and mn), and fills `request`: command, keys, meta_flags,
// base64_key, noreply (q), and flags, exptime, cas_unique and delta from F, T, C and D.
// For ms, sets *data_bytes to the data length whenever it was read, error or not.
MetaCheck CheckMetaLine(const std::vector<std::string_view>& tokens, const MemcacheLimits& limits,
                        McRequest* request, size_t* data_bytes);

}  // namespace stepdb
