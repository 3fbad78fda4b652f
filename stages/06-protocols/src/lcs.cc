#include "lcs.h"

#include <algorithm>
#include <memory>
#include <new>

namespace stepdb {

Result<LcsResult> ComputeLcs(std::string_view a, std::string_view b, const LcsOptions& options) {
  if (a.size() >= UINT32_MAX - 1 || b.size() >= UINT32_MAX - 1) {
    return Status::InvalidArgument("String too long for LCS");
  }
  const auto alen = static_cast<uint32_t>(a.size());
  const auto blen = static_cast<uint32_t>(b.size());
  const uint64_t cells = (uint64_t{alen} + 1) * (uint64_t{blen} + 1);
  if (cells * sizeof(uint32_t) > options.max_table_bytes) {
    return Status::InvalidArgument(
        "Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  }
  std::unique_ptr<uint32_t[]> table(new (std::nothrow) uint32_t[cells]);
  if (table == nullptr) {
    return Status::InvalidArgument(
        "Insufficient memory, failed allocating transient memory for LCS");
  }
  auto at = [&](uint32_t i, uint32_t j) -> uint32_t& {
    return table[uint64_t{i} * (uint64_t{blen} + 1) + j];
  };
  for (uint32_t i = 0; i <= alen; ++i) {
    for (uint32_t j = 0; j <= blen; ++j) {
      if (i == 0 || j == 0) {
        at(i, j) = 0;
      } else if (a[i - 1] == b[j - 1]) {
        at(i, j) = at(i - 1, j - 1) + 1;
      } else {
        at(i, j) = std::max(at(i - 1, j), at(i, j - 1));
      }
    }
  }

  LcsResult result;
  result.length = at(alen, blen);
  if (!options.want_text && !options.want_matches) return result;
  if (options.want_text) result.text.assign(result.length, '\0');

  // The walk back, with the range being grown in `current` (in_range false: none yet).
  uint32_t next = result.length;  // where in text the next byte found goes, plus one
  LcsMatch current{};
  bool in_range = false;
  uint32_t i = alen;
  uint32_t j = blen;
  while (i > 0 && j > 0) {
    bool emit = false;
    if (a[i - 1] == b[j - 1]) {
      if (options.want_text) result.text[next - 1] = a[i - 1];
      if (!in_range) {
        current = {i - 1, i - 1, j - 1, j - 1};
        in_range = true;
      } else if (current.a_start == i && current.b_start == j) {
        --current.a_start;  // the range grows backwards by one byte on each side
        --current.b_start;
      } else {
        emit = true;
      }
      // A range that reached the start of either string cannot grow any further.
      if (current.a_start == 0 || current.b_start == 0) emit = true;
      --next;
      --i;
      --j;
    } else {
      if (at(i - 1, j) > at(i, j - 1)) {
        --i;
      } else {
        --j;
      }
      if (in_range) emit = true;
    }
    if (emit) {
      if (options.want_matches && (options.min_match_length == 0 ||
                                   int64_t{current.length()} >= options.min_match_length)) {
        result.matches.push_back(current);
      }
      in_range = false;
    }
  }
  return result;
}

}  // namespace stepdb
