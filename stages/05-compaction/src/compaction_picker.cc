#include "compaction_picker.h"

#include <algorithm>

#include "common/format_bytes.h"

namespace stepdb {
namespace {

// Fills overlaps and trivial_move from inputs and output_level.
Compaction Complete(const ManifestState& state, Compaction compaction) {
  std::string_view smallest = compaction.inputs.front().smallest;
  std::string_view largest = compaction.inputs.front().largest;
  for (const TableMeta& meta : compaction.inputs) {
    smallest = std::min<std::string_view>(smallest, meta.smallest);
    largest = std::max<std::string_view>(largest, meta.largest);
  }
  compaction.overlaps = OverlappingTables(state, compaction.output_level, smallest, largest);
  compaction.trivial_move = compaction.inputs.size() == 1 && compaction.overlaps.empty();
  return compaction;
}

}  // namespace

std::string Compaction::Describe() const {
  const uint64_t bytes = TotalBytes(inputs) + TotalBytes(overlaps);
  return "level " + std::to_string(level) + " -> " + std::to_string(output_level) + ": " +
         std::to_string(inputs.size()) + " + " + std::to_string(overlaps.size()) + " tables, " +
         FormatBytes(bytes) + (trivial_move ? " (moved, not rewritten)" : "");
}

uint64_t TotalBytes(const std::vector<TableMeta>& tables) {
  uint64_t bytes = 0;
  for (const TableMeta& meta : tables) bytes += meta.size;
  return bytes;
}

std::vector<TableMeta> OverlappingTables(const ManifestState& state, size_t level,
                                         std::string_view smallest, std::string_view largest) {
  std::vector<TableMeta> overlapping;
  if (level >= state.levels.size()) return overlapping;
  for (const TableMeta& meta : state.levels[level]) {
    if (meta.largest >= smallest && meta.smallest <= largest) overlapping.push_back(meta);
  }
  return overlapping;
}

double LevelScore(const ManifestState& state, const CompactionOptions& options, size_t level) {
  if (level >= state.levels.size() || level + 1 >= options.max_levels) return 0;
  if (level == 0) {
    return static_cast<double>(state.levels[0].size()) /
           static_cast<double>(options.l0_compaction_trigger);
  }
  // BEGIN SOLUTION
  // STARTER: return 0;  // deeper levels never compacted: they grow without bound
  return static_cast<double>(TotalBytes(state.levels[level])) /
         static_cast<double>(options.MaxBytesForLevel(level));
  // END SOLUTION
}

std::optional<Compaction> PickCompaction(const ManifestState& state,
                                         const CompactionOptions& options,
                                         std::vector<std::string>* next_start) {
  size_t best_level = 0;
  double best_score = 0;
  for (size_t level = 0; level < state.levels.size(); ++level) {
    const double score = LevelScore(state, options, level);
    if (score > best_score) {
      best_score = score;
      best_level = level;
    }
  }
  if (best_score < 1) return std::nullopt;
  if (best_level == 0) return CompactWholeLevel(state, 0);

  // Round robin: the first table that starts past the previous pick, else the first table.
  const std::vector<TableMeta>& tables = state.levels[best_level];
  auto picked = tables.begin();
  // BEGIN SOLUTION
  // STARTER: (void)next_start;  // always the first table: the others move down unevenly
  if (next_start->size() < state.levels.size()) next_start->resize(state.levels.size());
  std::string& start = (*next_start)[best_level];
  picked = std::find_if(tables.begin(), tables.end(),
                        [&start](const TableMeta& meta) { return meta.smallest > start; });
  if (picked == tables.end()) picked = tables.begin();
  start = picked->largest;
  // END SOLUTION

  Compaction compaction;
  compaction.level = best_level;
  compaction.output_level = best_level + 1;
  compaction.inputs = {*picked};
  return Complete(state, std::move(compaction));
}

std::optional<Compaction> CompactWholeLevel(const ManifestState& state, size_t level) {
  if (level >= state.levels.size() || state.levels[level].empty()) return std::nullopt;
  Compaction compaction;
  compaction.level = level;
  compaction.output_level = level + 1;
  compaction.inputs = state.levels[level];
  return Complete(state, std::move(compaction));
}

}  // namespace stepdb
