// The arguments sorted set commands share, parsed with Redis 7.0's rules and errors: scores,
// score ranges and lex ranges.
//
//   score        what strtod accepts, whole: "1", "-2.5", "1e3", "0x10", "inf", "+inf",
//                "-inf", "infinity" (any case); never NaN, no leading or trailing space, not
//                empty, not out of range ("1e400", "1e-400"; a denormal "4.9e-324" is in).
//                Else "ERR value is not a valid float".
//   score bound  what strtod accepts, or "(" and that for an exclusive bound: "(1.5",
//                "(-inf". Redis parses a bound more loosely than a score: strtod may stop at
//                the text's end or at its first zero byte, and may skip leading spaces; an
//                empty text is 0 ("(" is an exclusive 0); out of range is an infinity or 0.
//                Never NaN. Else "ERR min or max is not a float".
//   lex bound    "-", "+", "[member" (inclusive) or "(member" (exclusive), the member being
//                every byte after the first; "-" and "+" may be followed by a zero byte and
//                anything (Redis reads them as C strings). Else
//                "ERR min or max not valid string range item".
//
// A score parsed as -0.0 is returned as 0.0: the two are one score (zset_encoding.h says where
// Redis prints "-0" nonetheless).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "zset.h"

namespace stepdb {

// A score; nullopt if `text` is not one (the caller replies "ERR value is not a valid float").
std::optional<double> ParseScore(std::string_view text);
// A score range from ZRANGEBYSCORE's min and max; nullopt if either is not a bound (the
// caller replies "ERR min or max is not a float").
std::optional<ScoreRange> ParseScoreRange(std::string_view min, std::string_view max);
// A lex range from ZRANGEBYLEX's min and max; nullopt if either is not a bound (the caller
// replies "ERR min or max not valid string range item").
std::optional<LexRange> ParseLexRange(std::string_view min, std::string_view max);

// Whether no score (member) can lie in the range: min above max, or equal with an exclusive
// end ("-" and "+" count as exclusive: "- -" and "+ +" are empty). Redis answers such ranges
// at once, without reading the key's members.
bool IsEmptyRange(const ScoreRange& range);
bool IsEmptyRange(const LexRange& range);

}  // namespace stepdb
