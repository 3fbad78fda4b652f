// LeveledEngine: stage 05's Engine, stage 04's engine with leveled compaction.
//
// Without compaction, level 0 only grows: every flush adds a table, a read may look into all
// of them, and overwritten values and tombstones stay on disk forever. A background thread
// now keeps the tree in shape:
//
//   flush ──▶ level 0 ──(4 tables)──▶ level 1 ──(10 MiB)──▶ level 2 ──(100 MiB)──▶ ...
//             overlapping              sorted, one run per level, each 10x the one above
//
//   1. After each flush (LsmOptions::on_flush) the thread wakes and asks the picker
//      (compaction_picker.h) for the level most over its budget.
//   2. RunCompaction (compaction_merge.h) merges the picked tables into new ones, dropping
//      overwritten versions, and tombstones with nothing below them to hide.
//   3. LsmEngine::ApplyEdit swaps inputs for outputs in one MANIFEST write. Input files are
//      deleted once no reader uses them.
//   4. Back to 1 until every level is within its budget.
//
// Meanwhile writers are slowed down, then stopped, while level 0 holds too many tables
// (CompactionOptions::l0_slowdown_tables, l0_stop_tables), so memory and read cost stay
// bounded however fast writes come. Reads are never blocked by a compaction: they use the
// version they started with.
//
// Invariants (beyond those of LsmEngine):
//   1. Levels 1 and deeper are sorted by key, and their tables' key ranges do not overlap.
//   2. For any key, a shallower level holds a newer entry than a deeper one, and among
//      level-0 tables the newer table holds the newer entry.
//   3. One compaction at a time: the background thread and CompactAll take compaction_mu_.
//   4. A compaction that fails stops all writes (as a failed flush does); the tables already
//      live stay readable, and a restart starts over from the MANIFEST.
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bloom_cache_engine.h"
#include "compaction_filter.h"
#include "compaction_merge.h"
#include "compaction_options.h"
#include "engine.h"
#include "stats_command.h"

namespace stepdb {

struct LeveledOptions {
  // Stage 04's options. Open sets lsm.on_flush and the lsm.l0_* limits from `compaction`;
  // values given there are replaced.
  BloomCacheOptions engine;
  CompactionOptions compaction;
  // Asked about every value a compaction writes; nullptr keeps them all.
  std::shared_ptr<const CompactionFilter> filter;
};

class LeveledEngine final : public Engine {
 public:
  // Opens the database in dir as LsmEngine::Open does (same errors), then starts the
  // compaction thread, which compacts at once whatever is over budget. `fs` must outlive
  // the engine. InvalidArgument if options.compaction breaks its REQUIRES; IOError if the
  // compaction thread cannot start.
  static Result<std::unique_ptr<LeveledEngine>> Open(FileSystem* fs, const std::string& dir,
                                                     const LeveledOptions& options);
  ~LeveledEngine() override;
  LeveledEngine(const LeveledEngine&) = delete;
  LeveledEngine& operator=(const LeveledEngine&) = delete;

  Result<std::string> Get(std::string_view key) override { return engine_->Get(key); }
  // May wait while level 0 is over its limits (a write stall).
  Status Write(const WriteBatch& batch) override { return engine_->Write(batch); }
  Status Scan(std::string_view start, std::string_view end, size_t limit,
              const ScanVisitor& visit) override {
    return engine_->Scan(start, end, limit, visit);
  }

  // Flushes the memtable and merges every level into the deepest one that holds data (at
  // least level 1), so that one sorted run remains, with no overwritten version and no
  // tombstone (and nothing the filter drops). Waits for a running compaction first; writes
  // go on meanwhile and land in level 0. The first error met.
  Status CompactAll();

  // Waits until no level is over its budget (or a compaction failed: that error).
  Status WaitForCompactions();

  // Makes every write acknowledged so far durable (one fsync of the active log), for a caller
  // that writes with FsyncPolicy::kNo and batches many writes into one sync (LsmEngine's).
  Status SyncLog() { return engine_->SyncLog(); }
  Status FlushLog() { return engine_->FlushLog(); }

  // Stops the compaction thread (a running compaction finishes), then closes stage 04's
  // engine. Idempotent; the first error met.
  Status Close();

  // Stage 04's counters, then:
  //   compactions, trivial_moves          compactions run (moves among them)
  //   compaction_bytes_read, compaction_bytes_written
  //   tombstones_dropped, entries_filtered
  //   write_slowdowns, write_stops        writes (groups of concurrent writes) delayed 1 ms,
  //                                       and that waited for level 0
  //   bytes_flushed, bytes_compacted      table bytes written since the database was made
  //                                       (write amplification = (both) / bytes_flushed)
  //   bytes_level_N                       table bytes in level N, for every level
  std::vector<Stat> Stats() const;

  LsmEngine& lsm() { return engine_->lsm(); }
  const CompactionOptions& compaction_options() const { return options_.compaction; }

 private:
  explicit LeveledEngine(const LeveledOptions& options) : options_(options) {}

  void CompactInBackground();
  // Runs and applies one compaction; adds the numbers of the tables it wrote to *written
  // (if not nullptr). REQUIRES: compaction_mu_ held.
  Status RunAndApply(const Compaction& compaction, std::set<uint64_t>* written = nullptr);

  const LeveledOptions options_;
  std::unique_ptr<BloomCacheEngine> engine_;

  // Held for the whole of a compaction (invariant 3).
  std::mutex compaction_mu_;
  std::vector<std::string> next_start_;  // the picker's round-robin keys; guarded by compaction_mu_

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // a flush happened, or stop
  std::condition_variable idle_cv_;  // the thread found nothing to do, or failed
  bool work_ = true;                 // guarded by mu_: look for work before sleeping
  bool idle_ = false;                // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  Status background_error_;          // guarded by mu_
  CompactionStats stats_;            // guarded by mu_
  uint64_t compactions_ = 0;         // guarded by mu_
  uint64_t trivial_moves_ = 0;       // guarded by mu_

  std::thread compactor_;
};

}  // namespace stepdb
