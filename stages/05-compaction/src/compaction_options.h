// CompactionOptions: the shape of the leveled tree (stage 05).
//
// Level 0 holds whole memtables, newest first, whose key ranges overlap; a read may have to
// look into each of them, so level 0 is compacted by table count. Levels 1 and deeper are
// each one sorted run cut into tables whose key ranges do not overlap, so a read looks into
// at most one table per level; they are compacted by size, each level allowed
// size_ratio times the bytes of the one above it:
//
//   level 0   l0_compaction_trigger tables (overlapping)
//   level 1   level1_max_bytes                          10 MiB
//   level 2   level1_max_bytes * size_ratio            100 MiB
//   level 3   level1_max_bytes * size_ratio^2            1 GiB    ...
//
// With ratio 10, the last level holds about 90% of the data, which bounds the space taken by
// overwritten and deleted versions to about 11% (plus level 0). The price is write
// amplification: a byte is rewritten about size_ratio times per level it moves down.
// LevelDB's defaults are the same (4 tables, 10 MiB, ratio 10, 2 MiB tables).
#pragma once

#include <cstddef>
#include <cstdint>

namespace stepdb {

struct CompactionOptions {
  // Compact level 0 into level 1 once it holds this many tables. REQUIRES: >= 1
  size_t l0_compaction_trigger = 4;
  // Write stalls (LsmOptions::l0_slowdown_tables, l0_stop_tables): writers slow down, then
  // stop, while compaction is this far behind. REQUIRES: trigger <= slowdown <= stop
  size_t l0_slowdown_tables = 8;
  size_t l0_stop_tables = 12;
  // Bytes level 1 may hold before it is compacted into level 2. REQUIRES: > 0
  uint64_t level1_max_bytes = 10 << 20;
  // Each deeper level may hold this many times the bytes of the one above. REQUIRES: >= 2
  int size_ratio = 10;
  // A compaction cuts its output into tables of about this size. REQUIRES: > 0
  uint64_t target_table_bytes = 2 << 20;
  // Levels 0 .. max_levels - 1; the last one is never compacted further. REQUIRES: >= 2
  size_t max_levels = 7;

  // The byte budget of level `level` (>= 1).
  uint64_t MaxBytesForLevel(size_t level) const {
    uint64_t bytes = level1_max_bytes;
    for (size_t i = 1; i < level; ++i) bytes *= static_cast<uint64_t>(size_ratio);
    return bytes;
  }
};

}  // namespace stepdb
