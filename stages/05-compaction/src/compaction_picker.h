// The compaction picker: which tables to merge next, decided from the MANIFEST alone.
//
// Every level gets a score, how far it is over its budget (compaction_options.h):
//
//   level 0:   tables / l0_compaction_trigger
//   level n:   bytes / MaxBytesForLevel(n)          (n >= 1, the last level has none)
//
// The level with the highest score >= 1 is compacted into the next one:
//
//   level 0 -> 1   every level-0 table, since their key ranges overlap and any of them may
//                  hold the newest version of a key; plus every level-1 table that overlaps
//                  their key range.
//   level n -> n+1 one table of level n, taken round robin through the key space (the first
//                  whose smallest key is past where the last compaction of that level
//                  stopped), plus every table of level n+1 that overlaps it.
//
// The inputs of level n+1 are replaced by the output, which covers the same key range, so
// level n+1 stays sorted and free of overlaps. If no table of level n+1 overlaps, the input
// is moved down as it is: a trivial move, one MANIFEST write and no bytes rewritten. This is
// LevelDB's picker, less its refinements (growing the inputs, limiting overlap with the
// grandparent level); the round-robin position is kept in memory only, so a restart begins
// again at the first key.
//
// Thread safety: free functions on values; the caller serializes compactions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compaction_options.h"
#include "manifest.h"

namespace stepdb {

struct Compaction {
  size_t level = 0;                 // the level compacted
  size_t output_level = 1;          // level + 1
  std::vector<TableMeta> inputs;    // tables of `level`, newest first for level 0
  std::vector<TableMeta> overlaps;  // tables of output_level whose key range meets the inputs'
  bool trivial_move = false;        // one input and no overlaps: moved, not rewritten

  // "level 1 -> 2: 1 + 3 tables, 5.9 MiB", for logs and the inspection tool.
  std::string Describe() const;
};

// The compaction score of `level` (see the top of this file); 0 for the last level and for
// levels the state does not have.
double LevelScore(const ManifestState& state, const CompactionOptions& options, size_t level);

// The compaction most needed now, or nullopt if every level is within its budget.
// *next_start holds, per level, the key where the next round-robin pick starts; it is
// updated to just past the picked table.
std::optional<Compaction> PickCompaction(const ManifestState& state,
                                         const CompactionOptions& options,
                                         std::vector<std::string>* next_start);

// The compaction of every table of `level` into level + 1 (a full compaction goes through
// the levels with it), or nullopt if the level is empty. Never a trivial move for level 0
// with several tables.
std::optional<Compaction> CompactWholeLevel(const ManifestState& state, size_t level);

// The sum of the tables' sizes: a level's bytes, or a compaction's.
uint64_t TotalBytes(const std::vector<TableMeta>& tables);

// The tables of `level` whose key range meets [smallest, largest].
std::vector<TableMeta> OverlappingTables(const ManifestState& state, size_t level,
                                         std::string_view smallest, std::string_view largest);

}  // namespace stepdb
