#include "leveled_engine.h"

#include <algorithm>

#include "common/log.h"
#include "common/thread.h"

namespace stepdb {
namespace {

Status CheckOptions(const CompactionOptions& o) {
  if (o.l0_compaction_trigger < 1 || o.l0_slowdown_tables < o.l0_compaction_trigger ||
      o.l0_stop_tables < o.l0_slowdown_tables) {
    return Status::InvalidArgument(
        "level-0 limits must satisfy 1 <= compaction trigger <= slowdown <= stop");
  }
  if (o.level1_max_bytes == 0 || o.target_table_bytes == 0 || o.size_ratio < 2 ||
      o.max_levels < 2) {
    return Status::InvalidArgument(
        "level sizes need level1_max_bytes > 0, target_table_bytes > 0, size_ratio >= 2 and "
        "max_levels >= 2");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<LeveledEngine>> LeveledEngine::Open(FileSystem* fs, const std::string& dir,
                                                           const LeveledOptions& options) {
  STEPDB_RETURN_IF_ERROR(CheckOptions(options.compaction));
  std::unique_ptr<LeveledEngine> engine(new LeveledEngine(options));
  BloomCacheOptions engine_options = options.engine;
  engine_options.lsm.l0_slowdown_tables = options.compaction.l0_slowdown_tables;
  engine_options.lsm.l0_stop_tables = options.compaction.l0_stop_tables;
  engine_options.lsm.on_flush = [raw = engine.get()] {
    std::lock_guard lock(raw->mu_);
    raw->work_ = true;
    raw->idle_ = false;
    raw->work_cv_.notify_all();
  };
  STEPDB_ASSIGN_OR_RETURN(engine->engine_, BloomCacheEngine::Open(fs, dir, engine_options));
  // On failure the engine is destroyed on the way out, and closes what it opened.
  STEPDB_ASSIGN_OR_RETURN(
      engine->compactor_,
      StartThread(dir + ": compaction", [raw = engine.get()] { raw->CompactInBackground(); }));
  return engine;
}

LeveledEngine::~LeveledEngine() {
  if (Status status = Close(); !status.ok()) {
    LogError("closing {}: {}", engine_ ? lsm().dir() : "", status.ToString());
  }
}

void LeveledEngine::CompactInBackground() {
  std::unique_lock lock(mu_);
  while (true) {
    work_cv_.wait(lock, [this] { return stopping_ || work_; });
    if (stopping_) return;
    work_ = false;
    lock.unlock();
    Status status;
    bool compacted = false;
    {
      std::lock_guard compaction_lock(compaction_mu_);
      std::optional<Compaction> compaction =
          PickCompaction(lsm().manifest(), options_.compaction, &next_start_);
      if (compaction) {
        status = RunAndApply(*compaction);
        compacted = true;
      }
    }
    lock.lock();
    if (!status.ok()) {
      // Invariant 4: like a failed flush, final. Writers waiting for level 0 to shrink
      // are woken with the error.
      LogError("compaction failed, writes are refused from now on: {}", status.ToString());
      background_error_ = status;
      lsm().ReportBackgroundError(status);
      idle_ = true;
      idle_cv_.notify_all();
      work_cv_.wait(lock, [this] { return stopping_; });
      return;
    }
    if (compacted) {
      work_ = true;  // one compaction may push the next level over its budget
    } else if (!work_) {
      idle_ = true;
      idle_cv_.notify_all();
    }
  }
}

Status LeveledEngine::RunAndApply(const Compaction& compaction, std::set<uint64_t>* written) {
  CompactionStats stats;
  STEPDB_ASSIGN_OR_RETURN(TreeEdit edit, RunCompaction(lsm(), compaction, options_.compaction,
                                                       options_.filter.get(), &stats));
  // A filter may judge an entry by a write that is not durable yet (stage 08 drops a
  // collection's element once the key's newest envelope names another collection, and that
  // envelope may still be only in the log's buffer). The log is synced before the outputs
  // replace the inputs, so that a crash can never keep the drop and lose its reason.
  // (SyncLogFromBackground: a writer held back by a full level 0 may be waiting for this
  // very compaction while it holds the lock that SyncLog takes.)
  if (stats.filtered > 0) STEPDB_RETURN_IF_ERROR(lsm().SyncLogFromBackground());
  // On failure the outputs stay where they are: whether the MANIFEST names them is only
  // certain after a restart, whose clean-up removes them if it does not.
  STEPDB_RETURN_IF_ERROR(lsm().ApplyEdit(edit));
  if (written != nullptr) {
    for (const TreeEdit::Added& added : edit.added) written->insert(added.meta.number);
  }
  LogInfo("compacted {} into {} tables ({} bytes), {} tombstones dropped", compaction.Describe(),
          edit.added.size(), edit.bytes_written, stats.tombstones_dropped);
  std::lock_guard lock(mu_);
  ++compactions_;
  if (compaction.trivial_move) ++trivial_moves_;
  stats_.keys_merged += stats.keys_merged;
  stats_.entries_written += stats.entries_written;
  stats_.tombstones_dropped += stats.tombstones_dropped;
  stats_.filtered += stats.filtered;
  stats_.bytes_read += stats.bytes_read;
  stats_.bytes_written += stats.bytes_written;
  return Status::Ok();
}

Status LeveledEngine::CompactAll() {
  STEPDB_RETURN_IF_ERROR(lsm().Flush());
  std::lock_guard compaction_lock(compaction_mu_);
  {
    std::lock_guard lock(mu_);
    STEPDB_RETURN_IF_ERROR(background_error_);
  }
  // BEGIN SOLUTION
  // STARTER: return Status::NotImplemented("stage 05: LeveledEngine::CompactAll");
  const ManifestState before = lsm().manifest();
  size_t last = 1;
  for (size_t level = 0; level < before.levels.size(); ++level) {
    if (!before.levels[level].empty()) last = std::max(last, level);
  }
  // Each level in turn goes down into the next, until all of it is in `last`.
  std::set<uint64_t> rewritten;
  for (size_t level = 0; level < last; ++level) {
    std::optional<Compaction> compaction = CompactWholeLevel(lsm().manifest(), level);
    if (!compaction) continue;
    compaction->trivial_move = false;  // a move would keep the tombstones
    STEPDB_RETURN_IF_ERROR(RunAndApply(*compaction, &rewritten));
  }
  // The tables of `last` that no merge above reached may still hold tombstones: rewrite
  // them where they are (nothing is below them, so every tombstone goes). Each run of
  // neighbours is merged on its own: an output spanning a table written above would overlap
  // it.
  const ManifestState now = lsm().manifest();
  std::vector<std::vector<TableMeta>> runs(1);
  if (last < now.levels.size()) {
    for (const TableMeta& meta : now.levels[last]) {
      if (!rewritten.contains(meta.number)) {
        runs.back().push_back(meta);
      } else if (!runs.back().empty()) {
        runs.emplace_back();
      }
    }
  }
  for (std::vector<TableMeta>& run : runs) {
    if (run.empty()) continue;
    Compaction in_place;
    in_place.level = last;
    in_place.output_level = last;
    in_place.inputs = std::move(run);
    STEPDB_RETURN_IF_ERROR(RunAndApply(in_place));
  }
  return Status::Ok();
  // END SOLUTION
}

Status LeveledEngine::WaitForCompactions() {
  std::unique_lock lock(mu_);
  work_ = true;
  idle_ = false;
  work_cv_.notify_all();
  idle_cv_.wait(lock, [this] { return idle_ || stopping_ || !background_error_.ok(); });
  return background_error_;
}

Status LeveledEngine::Close() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  idle_cv_.notify_all();
  if (compactor_.joinable()) compactor_.join();
  Status status = engine_ ? engine_->Close() : Status::Ok();
  std::lock_guard lock(mu_);
  return status.ok() ? background_error_ : status;
}

std::vector<Stat> LeveledEngine::Stats() const {
  std::vector<Stat> stats = engine_->Stats();
  {
    std::lock_guard lock(mu_);
    stats.push_back({"compactions", compactions_});
    stats.push_back({"trivial_moves", trivial_moves_});
    stats.push_back({"compaction_bytes_read", stats_.bytes_read});
    stats.push_back({"compaction_bytes_written", stats_.bytes_written});
    stats.push_back({"tombstones_dropped", stats_.tombstones_dropped});
    stats.push_back({"entries_filtered", stats_.filtered});
  }
  stats.push_back({"write_slowdowns", engine_->lsm().write_slowdowns()});
  stats.push_back({"write_stops", engine_->lsm().write_stops()});
  const ManifestState manifest = engine_->lsm().manifest();
  stats.push_back({"bytes_flushed", manifest.bytes_flushed});
  stats.push_back({"bytes_compacted", manifest.bytes_compacted});
  for (size_t level = 0; level < manifest.levels.size(); ++level) {
    stats.push_back({"bytes_level_" + std::to_string(level), TotalBytes(manifest.levels[level])});
  }
  return stats;
}

}  // namespace stepdb
