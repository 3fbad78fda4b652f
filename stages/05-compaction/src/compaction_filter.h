// CompactionFilter: the hook through which a later stage drops entries during compaction.
//
// Compaction rewrites every entry it merges, so it is the cheap moment to forget entries
// that are no longer wanted. Stage 05's server passes no filter and keeps all. Stage 06 uses the
// hook to drop the keys of databases that FLUSHDB or FLUSHALL made unreachable; stage 07 for
// values whose time to live has passed, and stage 08 for the elements of a collection that was
// deleted or replaced. The filter is asked about each value
// that survives the merge; it is never called on the read path, so a dropped entry may still
// be read until a compaction reaches it (the layer above must hide such entries itself, as
// stage 06 does: a flushed database's keys are out of reach the moment it is flushed).
//
// What "drop" means depends on what lies below. If no deeper level can hold the key, the
// entry simply disappears. Otherwise an older version of the key may sit in a deeper level,
// and dropping the newer one would bring the older one back; so the entry is replaced by a
// tombstone instead, which a later compaction into the bottom removes for good. RocksDB's
// CompactionFilter does the same with kRemove.
//
// A filter may read the engine to decide (stage 08 reads the envelope of a collection's key to
// learn whether an element is stale). What it reads may not be durable yet; so when a
// compaction dropped anything, the engine syncs its log before the compaction's outputs
// replace its inputs, and a crash never keeps a drop whose reason it lost.
//
// Thread safety: ShouldDrop is called from the compaction thread only, while other threads
// read and write the engine; a filter that reads shared state must guard it.
#pragma once

#include <string_view>

namespace stepdb {

class CompactionFilter {
 public:
  virtual ~CompactionFilter() = default;

  // True iff the value entry (key, value) is to be dropped by the compaction into
  // `output_level`. Tombstones are not offered.
  virtual bool ShouldDrop(size_t output_level, std::string_view key,
                          std::string_view value) const = 0;
};

}  // namespace stepdb
