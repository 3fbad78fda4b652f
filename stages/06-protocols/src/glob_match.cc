#include "glob_match.h"

#include <cctype>

namespace stepdb {
namespace {

// Redis 7.0's stringmatchlen_impl, with its skipLongerMatches and nesting bound: once a star
// failed to match the rest for every start position, no earlier star can either.
bool Match(std::string_view pattern, std::string_view text, bool nocase, bool* skip_longer,
           int nesting) {
  constexpr int kMaxNesting = 1000;
  if (nesting > kMaxNesting) return false;
  size_t p = 0;
  size_t s = 0;
  auto fold = [nocase](unsigned char c) { return nocase ? std::tolower(c) : c; };
  while (p < pattern.size() && s < text.size()) {
    switch (pattern[p]) {
      case '*': {
        while (p + 1 < pattern.size() && pattern[p + 1] == '*') ++p;
        if (p + 1 == pattern.size()) return true;
        for (size_t from = s; from < text.size(); ++from) {
          if (Match(pattern.substr(p + 1), text.substr(from), nocase, skip_longer, nesting + 1)) {
            return true;
          }
          if (*skip_longer) return false;
        }
        *skip_longer = true;
        return false;
      }
      case '?':
        ++s;
        break;
      case '[': {
        ++p;
        const bool negate = p < pattern.size() && pattern[p] == '^';
        if (negate) ++p;
        bool matched = false;
        while (p < pattern.size()) {
          if (pattern[p] == '\\' && p + 1 < pattern.size()) {
            ++p;
            if (pattern[p] == text[s]) matched = true;
          } else if (pattern[p] == ']') {
            break;
          } else if (p + 2 < pattern.size() && pattern[p + 1] == '-') {
            int start = fold(pattern[p]);
            int end = fold(pattern[p + 2]);
            const int c = fold(text[s]);
            if (start > end) std::swap(start, end);
            p += 2;
            if (c >= start && c <= end) matched = true;
          } else if (fold(pattern[p]) == fold(text[s])) {
            matched = true;
          }
          ++p;
        }
        if (p == pattern.size()) --p;  // an unterminated set ends with the pattern
        if (negate) matched = !matched;
        if (!matched) return false;
        ++s;
        break;
      }
      case '\\':
        if (p + 1 < pattern.size()) ++p;
        [[fallthrough]];
      default:
        if (fold(pattern[p]) != fold(text[s])) return false;
        ++s;
        break;
    }
    ++p;
    if (s == text.size()) {
      while (p < pattern.size() && pattern[p] == '*') ++p;
      break;
    }
  }
  return p == pattern.size() && s == text.size();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  bool skip_longer = false;
  // As in Redis, empty text matches only the empty pattern (KEYS and SCAN treat "*" apart).
  if (text.empty()) return pattern.empty();
  return Match(pattern, text, nocase, &skip_longer, 0);
}

}  // namespace stepdb
