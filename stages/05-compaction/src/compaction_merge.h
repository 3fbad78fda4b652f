// RunCompaction: merges the input tables of a Compaction into new tables of the output level.
//
// The inputs are read through a MergingIterator, newest first (the level-0 tables in their
// order, then the overlapping tables of the output level), so each key comes out once, with
// its newest entry: every overwritten version is dropped on the way. What remains is written
// in key order into tables of about target_table_bytes each.
//
// A tombstone must stay as long as an older version of its key may exist below it: if it
// went, that version would come back. No level below the output level can hold the key iff
// no table there has it in its key range (levels below are older; tables flushed into level
// 0 during the compaction are newer and do not matter). Such a tombstone is dropped, and so
// is a value the CompactionFilter drops; where a deeper table may hold the key, a dropped
// value becomes a tombstone instead (compaction_filter.h).
//
//   inputs (newest first)      a=1  b=del  c=3          output level 2, level 3 holds b..b
//   older overlapping table    a=0         c=2  d=del
//   output                     a=1  b=del  c=3          (d's tombstone went: nothing below)
//
// The output tables are synced and closed but not yet live: the caller makes them so with
// LsmEngine::ApplyEdit, the one step that changes the tree. Until then they are orphans that
// start-up deletes, so a crash anywhere in here loses nothing.
//
// Thread safety: reads the engine's tables while it serves reads and writes; one compaction
// at a time (the caller serializes them).
#pragma once

#include <cstdint>

#include "compaction_filter.h"
#include "compaction_options.h"
#include "compaction_picker.h"
#include "lsm_engine.h"

namespace stepdb {

// What compactions did, summed over those run with the same stats.
struct CompactionStats {
  uint64_t keys_merged = 0;         // distinct keys out of the merge (older versions are gone)
  uint64_t entries_written = 0;     // entries in the output tables
  uint64_t tombstones_dropped = 0;  // tombstones with nothing left below to hide
  uint64_t filtered = 0;            // values the filter dropped (or turned into tombstones)
  uint64_t bytes_read = 0;          // sizes of the input tables
  uint64_t bytes_written = 0;       // sizes of the output tables
};

// Runs `compaction` against the tables now live in `engine` and returns the edit that swaps
// the inputs for the output tables (not applied). `filter` may be nullptr (keep every value).
// For a trivial move nothing is read or written. On error the tables written so far are
// removed; IOError or Corruption from a table read or write.
Result<TreeEdit> RunCompaction(LsmEngine& engine, const Compaction& compaction,
                               const CompactionOptions& options, const CompactionFilter* filter,
                               CompactionStats* stats);

}  // namespace stepdb
