// The longest common subsequence of two strings, for LCS, computed and reported exactly as
// Redis 7.0 does (t_string.c, lcsCommand), so that the same inputs give the same matches.
//
// The algorithm is the textbook dynamic programme: a table L of (|a|+1) x (|b|+1) counters
// where L[i][j] is the length of the LCS of a[0..i) and b[0..j):
//
//   L[i][j] = 0                              if i == 0 or j == 0
//           = L[i-1][j-1] + 1                if a[i-1] == b[j-1]
//           = max(L[i-1][j], L[i][j-1])      otherwise
//
// The answer is then read backwards from L[|a|][|b|]: on equal bytes take the byte and step
// diagonally; otherwise step towards the larger neighbour, up (i-1) only if it is strictly
// larger than left (j-1). Which common subsequence comes out when several are as long depends
// on that tie rule, which is why it is Redis's.
//
// Walking backwards, runs of diagonal steps are the "matches" LCS IDX reports: ranges
// [a_start, a_end] of a and [b_start, b_end] of b that are equal, listed from the end of the
// strings towards their start. Example, a = "ohmytext", b = "mynewtext":
//
//   LCS       "mytext"  (length 6)
//   matches   a[4..7] = b[5..8] = "text"
//             a[2..3] = b[0..1] = "my"
//
// Cost: time |a|·|b|, memory 4·(|a|+1)·(|b|+1) bytes. The caller bounds the memory (Redis
// refuses a table larger than proto-max-bulk-len); a 512 MB limit allows two strings of
// about 11,500 bytes each.
//
// Thread safety: a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace stepdb {

struct LcsMatch {
  uint32_t a_start, a_end;  // inclusive
  uint32_t b_start, b_end;  // inclusive
  uint32_t length() const { return a_end - a_start + 1; }
};

struct LcsOptions {
  bool want_text = true;         // fill LcsResult::text
  bool want_matches = false;     // fill LcsResult::matches
  int64_t min_match_length = 0;  // leave out matches shorter than this (0: keep all)
  uint64_t max_table_bytes = 512 << 20;
};

struct LcsResult {
  uint32_t length = 0;
  std::string text;               // if want_text
  std::vector<LcsMatch> matches;  // if want_matches; from the strings' ends to their starts
};

// The LCS of a and b. InvalidArgument with Redis's error text (without "ERR ") if a string is
// too long ("String too long for LCS"), if the table would need more than max_table_bytes
// ("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"), or if it
// cannot be allocated ("Insufficient memory, failed allocating transient memory for LCS").
Result<LcsResult> ComputeLcs(std::string_view a, std::string_view b, const LcsOptions& options);

}  // namespace stepdb
