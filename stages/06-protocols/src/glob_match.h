// GlobMatch: Redis's pattern syntax for KEYS, SCAN MATCH and CONFIG GET (util.c's
// stringmatchlen), byte for byte.
//
//   *        any run of bytes, also empty       h*llo   matches hllo, heeeello
//   ?        exactly one byte                   h?llo   matches hello, hallo
//   [ae]     one of the listed bytes            h[ae]llo matches hello, hallo, not hillo
//   [^e]     any byte but the listed ones       h[^e]llo matches hallo, not hello
//   [a-c]    a range (either order: [c-a])      h[a-b]llo matches hallo, hbllo
//   \x       the byte x itself (\* \? \[ \\)
//
// As in Redis, an unterminated "[" takes the rest of the pattern as its set, and a trailing
// "\" matches a backslash. Empty text matches only the empty pattern, even "*": KEYS and
// SCAN, as in Redis, treat the pattern "*" as "every key" without matching. Matching is
// case-sensitive unless `nocase` (CONFIG GET uses it).
#pragma once

#include <string_view>

namespace stepdb {

// True iff `text` matches `pattern`. Work is bounded: Redis's algorithm with a limit on
// nested stars, so a hostile pattern such as "*a*a*a*...b" cannot stall the server.
bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase = false);

}  // namespace stepdb
