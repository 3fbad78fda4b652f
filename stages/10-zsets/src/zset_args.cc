#include "zset_args.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace stepdb {
namespace {

// -0.0 and 0.0 are one score.
double WithoutNegativeZero(double value) { return value == 0 ? 0.0 : value; }

// A score bound, parsed as Redis's zslParseRange does: strtod up to the end of the text or to
// its first NUL byte (Redis reads the argument as a C string), after an optional "(". Unlike a
// score, a bound may start with spaces, may be empty (0), and may overflow to an infinity.
std::optional<ScoreBound> ParseScoreBound(std::string_view text) {
  ScoreBound bound;
  if (!text.empty() && text.front() == '(') {
    bound.exclusive = true;
    text.remove_prefix(1);
  }
  const std::string buffer(text);  // strtod needs a terminating NUL
  char* end = nullptr;
  const double value = std::strtod(buffer.c_str(), &end);
  if (*end != '\0' || std::isnan(value)) return std::nullopt;
  bound.value = WithoutNegativeZero(value);
  return bound;
}

// A lex bound, parsed as Redis's zslParseLexRangeItem does: "-" and "+" are checked as C
// strings ("+" followed by a NUL byte and anything is still "+"), "[" and "(" take the rest of
// the text, every byte of it.
std::optional<LexBound> ParseLexBound(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const bool alone = text.size() == 1 || text[1] == '\0';
  switch (text.front()) {
    case '-':
      if (!alone) return std::nullopt;
      return LexBound{LexBound::Kind::kMinusInfinity, ""};
    case '+':
      if (!alone) return std::nullopt;
      return LexBound{LexBound::Kind::kPlusInfinity, ""};
    case '[':
      return LexBound{LexBound::Kind::kInclusive, std::string(text.substr(1))};
    case '(':
      return LexBound{LexBound::Kind::kExclusive, std::string(text.substr(1))};
    default:
      return std::nullopt;
  }
}

// Where a lex bound lies among the strings: -1 below every one, 1 above every one, 0 at one.
int Infinity(const LexBound& bound) {
  switch (bound.kind) {
    case LexBound::Kind::kMinusInfinity:
      return -1;
    case LexBound::Kind::kPlusInfinity:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

std::optional<double> ParseScore(std::string_view text) {
  // Redis's string2d: the whole text must be the number, with no leading space; an overflow
  // (1e400) or an underflow to zero (1e-400) is refused, a denormal result (4.9e-324) is not.
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  const std::string buffer(text);  // strtod needs a terminating NUL
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(buffer.c_str(), &end);
  if (static_cast<size_t>(end - buffer.c_str()) != buffer.size()) return std::nullopt;
  if (errno == ERANGE && (std::isinf(value) || value == 0)) return std::nullopt;
  if (std::isnan(value)) return std::nullopt;
  return WithoutNegativeZero(value);
}

std::optional<ScoreRange> ParseScoreRange(std::string_view min, std::string_view max) {
  std::optional<ScoreBound> low = ParseScoreBound(min);
  std::optional<ScoreBound> high = ParseScoreBound(max);
  if (!low || !high) return std::nullopt;
  return ScoreRange{*low, *high};
}

std::optional<LexRange> ParseLexRange(std::string_view min, std::string_view max) {
  std::optional<LexBound> low = ParseLexBound(min);
  std::optional<LexBound> high = ParseLexBound(max);
  if (!low || !high) return std::nullopt;
  return LexRange{std::move(*low), std::move(*high)};
}

bool IsEmptyRange(const ScoreRange& range) {
  if (range.min.value != range.max.value) return range.min.value > range.max.value;
  return range.min.exclusive || range.max.exclusive;
}

bool IsEmptyRange(const LexRange& range) {
  // Redis counts "-" and "+" as exclusive ends, so "- -" and "+ +" are empty too.
  const int low = Infinity(range.min);
  const int high = Infinity(range.max);
  if (low != high) return low > high;
  if (low != 0) return true;
  const int order = range.min.value.compare(range.max.value);
  if (order != 0) return order > 0;
  return range.min.kind == LexBound::Kind::kExclusive ||
         range.max.kind == LexBound::Kind::kExclusive;
}

}  // namespace stepdb
