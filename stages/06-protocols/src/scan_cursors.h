// ScanCursors: the server's table from SCAN cursor numbers to positions in key order.
//
// Redis's cursor is a position in its hash table, and the number itself says where to go on.
// The keyspace here is ordered (keyspace.h), so a position is simply the last key a SCAN call
// visited, and the next call resumes at the first key after it. A key can be any length and
// a cursor is one 64-bit number, so the server keeps a table from the numbers it handed out to
// the keys they stand for (redis_key_commands.h says what that guarantees a client). The scans
// of a key's elements in later stages (HSCAN, SSCAN) keep their positions in the same table:
// a position is a string, and each command knows what its own strings mean.
//
// The table is bounded: it keeps the newest kMaxCursors cursors, and forgets the oldest ones
// sooner if their keys together take more than kMaxKeyBytes. A forgotten or never issued
// number is unknown (SCAN replies "ERR invalid cursor"). Numbers are handed out in increasing
// order from a random start below 2^62, never 0 (which starts and ends an iteration), so a
// cursor kept from an earlier run of the server is almost surely unknown to this one instead
// of being taken for some other position.
//
// Thread safety: not thread-safe; used on the server's loop thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace stepdb {

class ScanCursors {
 public:
  static constexpr size_t kMaxCursors = 4096;
  static constexpr size_t kMaxKeyBytes = 64 << 20;

  ScanCursors();
  // Starts numbering at `first` instead of a random number (for tests). REQUIRES: first > 0.
  explicit ScanCursors(uint64_t first);

  // A new cursor standing for "after last_key", and the oldest ones forgotten if the table is
  // over a bound.
  uint64_t Issue(std::string last_key);
  // The key cursor stands for, or nullptr if the number is unknown. The pointer is valid until
  // the next Issue().
  const std::string* Find(uint64_t cursor) const;

  size_t size() const { return keys_.size(); }

 private:
  uint64_t next_;
  std::unordered_map<uint64_t, std::string> keys_;
  std::deque<uint64_t> issued_;  // oldest first
  size_t key_bytes_ = 0;
};

}  // namespace stepdb
