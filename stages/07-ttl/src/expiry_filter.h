// ExpiredValueFilter: the compaction hook (stage 05's CompactionFilter) that takes expired
// values off the disk as compaction rewrites them, without any read.
//
// A key nobody reads and that active expiry has not reached yet still takes room in the
// tables. Compaction rewrites every entry it merges anyway, so it asks this filter about each
// value: a key's value whose envelope says its expiry is due (by the same clock as the
// keyspace) is dropped, and so is every entry of a flushed database (stage 06's
// DeadDatabaseFilter, which this filter wraps). Stage 05's merge turns a dropped entry into a
// tombstone wherever a deeper level may still hold an older version of the key, so an older
// value without an expiry can never come back from below.
//
// The keyspace still counts a key the filter dropped, and still has it in its index of keys
// with an expiry; it deletes it from both as it would any due key (expiring_keyspace.h).
//
// Thread safety: ShouldDrop runs on the compaction thread; the clock is safe to read from
// there, and the counter is atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>

#include "clock.h"
#include "compaction_filter.h"
#include "keyspace.h"

namespace stepdb {

class ExpiredValueFilter final : public CompactionFilter {
 public:
  // `clock` must outlive the filter.
  ExpiredValueFilter(std::shared_ptr<DeadDatabaseFilter> dead_databases, const Clock* clock)
      : dead_databases_(std::move(dead_databases)), clock_(clock) {}

  bool ShouldDrop(size_t output_level, std::string_view key, std::string_view value) const override;

  // Values dropped because they had expired (the flushed databases' are the other filter's).
  uint64_t dropped_expired() const { return dropped_expired_.load(); }

 private:
  const std::shared_ptr<DeadDatabaseFilter> dead_databases_;
  const Clock* const clock_;
  mutable std::atomic<uint64_t> dropped_expired_{0};
};

}  // namespace stepdb
