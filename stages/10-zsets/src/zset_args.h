// The arguments sorted set commands share, parsed with Redis 7.0's rules and errors: scores,
// score ranges and lex ranges.
//
//   score        what strtod accepts, whole: "1", "-2.5", "1e3", "inf", "+inf", "-inf"
//                (any case); never NaN. Else "ERR value is not a valid float".
//   score bound  a score, or "(" and a score for an exclusive bound: "(1.5", "(-inf". Else
//                "ERR min or max is not a float".
//   lex bound    "-", "+", "[member" (inclusive) or "(member" (exclusive). Else
//                "ERR min or max not valid string range item".
//
// A score parsed as -0.0 is returned as 0.0: the two are one score, and Redis prints both as
// "0".
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
// end. Redis answers such ranges at once, without reading the key's members.
bool IsEmptyRange(const ScoreRange& range);
bool IsEmptyRange(const LexRange& range);

}  // namespace stepdb
