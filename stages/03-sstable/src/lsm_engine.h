// LsmEngine: stage 03's Engine, a log-structured merge tree of one memtable and sorted tables.
//
// Writes go to a write-ahead log (stage 02's WalWriter) and then to the memtable. When the
// memtable passes memtable_bytes it is frozen, a new log is started for the new memtable, and
// a background thread writes the frozen memtable out as a table; only once a MANIFEST naming
// that table is durable is the frozen memtable's log deleted. Reads look from newest to
// oldest and stop at the first source that knows the key:
//
//    Write ─▶ log NNNNNN.log ─▶ memtable ──freeze──▶ frozen memtable ──flush──▶ NNNNNN.sst
//                                  │                       │                        │
//    Get  ─────────────────────────┴─── then ──────────────┴────── then tables, newest first
//
// Invariants:
//   1. Every acknowledged write is in a log that recovery replays, or in a table the
//      MANIFEST names: a log is deleted only after its memtable's table is in the MANIFEST.
//   2. A newer source shadows an older one: memtable, then the frozen memtable, then tables
//      from the newest (highest number) to the oldest. A tombstone answers "deleted".
//   3. A table is read only if the MANIFEST names it. Any other .sst file is an orphan: the
//      output of a flush or a compaction that crashed before its MANIFEST write, or a table a
//      compaction replaced whose file a crash left behind. Start-up deletes orphans.
//   4. Scan works on a snapshot: a copy of the memtable's range, the frozen memtable and the
//      table list, all taken under one lock; writes after that are not seen.
//   5. At most one memtable is frozen. A writer that finds the memtable full while another is
//      still being flushed waits (a write stall), which bounds memory.
//
// Stage 05 compacts the tree from outside this class, through a small seam: it takes file
// numbers (NewFileNumber), writes tables with the engine's file system and table options,
// and swaps input tables for output tables with ApplyEdit, one MANIFEST write. A table an
// edit removes is deleted from the disk only when its last reader lets go of it (a version
// still held by a Get or a compaction, an iterator). LsmOptions::on_flush tells stage 05 that
// level 0 grew, and the level-0 limits below slow down or stop writers until it shrank.
//
// Thread safety: all methods may be called from many threads at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/server_options.h"
#include "engine.h"
#include "file_system.h"
#include "iterator.h"
#include "manifest.h"
#include "memtable.h"
#include "table.h"
#include "table_options.h"
#include "wal_replay.h"
#include "wal_writer.h"

namespace stepdb {

struct LsmOptions {
  FsyncPolicy fsync = FsyncPolicy::kEverySec;
  WalRecoveryMode recovery = WalRecoveryMode::kStrict;
  // Freeze the memtable once it holds about this many bytes (keys + values + overhead).
  size_t memtable_bytes = 4 << 20;
  // How often the background thread syncs the log under FsyncPolicy::kEverySec.
  std::chrono::milliseconds sync_interval{1000};
  TableOptions table;
  // Write stalls for a tree that is compacted (stage 05): while level 0 holds at least
  // l0_slowdown_tables tables each write first sleeps for a millisecond, giving compaction
  // the time; at l0_stop_tables writes wait until level 0 shrinks. Without compaction level 0
  // only grows, so the default is no limit.
  size_t l0_slowdown_tables = SIZE_MAX;
  size_t l0_stop_tables = SIZE_MAX;
  // Called by the flush thread, holding no lock, after each flush added a table to level 0.
  std::function<void()> on_flush;
};

// A live table: what the MANIFEST says about it, and the open reader.
struct LiveTable {
  TableMeta meta;
  std::shared_ptr<Table> table;
  // Set by ApplyEdit when the table leaves the tree: its file is removed once the Table is
  // destroyed, that is when no version and no iterator uses it any more.
  std::shared_ptr<std::atomic<bool>> obsolete;
};

// A change of the tree's tables, made by a compaction: what leaves and what comes in.
struct TreeEdit {
  std::vector<uint64_t> removed;  // numbers of live tables, of any level
  struct Added {
    size_t level;
    TableMeta meta;
  };
  std::vector<Added> added;    // tables already written, synced and closed
  uint64_t bytes_written = 0;  // added to ManifestState::bytes_compacted
};

// The tables of the tree at one moment; immutable once published.
struct Version {
  std::vector<std::vector<LiveTable>> levels;  // levels[0] newest first
};

class LsmEngine : public Engine {
 public:
  // Opens (creating if needed) the database in dir: takes dir/LOCK, loads the MANIFEST,
  // removes orphan tables, temporary files and obsolete logs, opens the live tables and
  // replays the remaining logs, oldest first, and flushes what they held into a table.
  // Busy if another engine holds dir; Corruption (naming file and offset) for a damaged log
  // (strict recovery), MANIFEST or table, a table the MANIFEST names that is missing, or
  // tables without any MANIFEST. `fs` must outlive the engine.
  static Result<std::unique_ptr<LsmEngine>> Open(FileSystem* fs, const std::string& dir,
                                                 const LsmOptions& options);
  ~LsmEngine() override;
  LsmEngine(const LsmEngine&) = delete;
  LsmEngine& operator=(const LsmEngine&) = delete;

  Result<std::string> Get(std::string_view key) override;
  // Logs the batch as one record, then applies it to the memtable. May wait while a full
  // memtable is being flushed. After a failed log write or flush, every write fails.
  Status Write(const WriteBatch& batch) override;
  Status Scan(std::string_view start, std::string_view end, size_t limit,
              const ScanVisitor& visit) override;

  // An iterator over the live keys (tombstones hidden) of a snapshot taken now; Seek works
  // from any key, so a prefix scan is Seek(prefix) while key() starts with prefix. Costs a
  // copy of the memtable. The iterator keeps the tables it reads open.
  std::unique_ptr<Iterator> NewIterator();

  // Freezes the memtable (unless it is empty) and waits until it is a table.
  Status Flush();

  // Waits for a running flush, stops the background threads, syncs and closes the log.
  // Later writes fail. Idempotent; returns the first error met.
  Status Close();

  // The seam for compaction (stage 05).
  // A new, unused file number for a table.
  uint64_t NewFileNumber();
  // Applies edit in one MANIFEST write, then installs the new version; a level that does not
  // exist yet is added. Tables are added to level 0 in front (newest first), to deeper
  // levels in key order. Removed tables are deleted once unused; a table both removed and
  // added (same number) moves to its new level and stays. InvalidArgument if a removed
  // table is not live (the MANIFEST is then not touched); the MANIFEST write's error
  // otherwise, after which the added tables are orphans for start-up to delete.
  Status ApplyEdit(const TreeEdit& edit);
  // Makes every later write fail with status (if no error came first), waking writers that
  // wait for a compaction which will now never come.
  void ReportBackgroundError(Status status);
  FileSystem& file_system() const { return *fs_; }
  // Writes that waited for level 0 to shrink, and writes slowed down by a millisecond.
  uint64_t write_stops() const { return write_stops_.load(std::memory_order_relaxed); }
  uint64_t write_slowdowns() const { return write_slowdowns_.load(std::memory_order_relaxed); }
  const LsmOptions& options() const { return options_; }

  // The tables now live.
  std::shared_ptr<const Version> current_version() const;
  ManifestState manifest() const;
  const std::string& dir() const { return dir_; }

 private:
  LsmEngine(FileSystem* fs, std::string dir, const LsmOptions& options);

  // What Get returns once a source knows the key (its value, or NotFound for a tombstone),
  // or nullopt for kAbsent: ask the next older source.
  static std::optional<Result<std::string>> Answer(LookupState state, std::string* value);

  Status Recover();
  // Opens a new log and makes it the active one. REQUIRES: write_mu_ held.
  Status StartNewLog();
  // Freezes a full memtable, waiting first if another one is still being flushed; waits or
  // slows down while level 0 is at its limits (LsmOptions::l0_*).
  // REQUIRES: write_mu_ held. `force` freezes any non-empty memtable.
  Status MakeRoomForWrite(bool force);
  // The flush thread: writes each frozen memtable as a table until stopped.
  void FlushInBackground();
  Status FlushFrozen(std::shared_ptr<const MemTable> frozen);
  // Writes `entries` into table `number`; fills *meta. Removes the file on failure.
  Status WriteTable(Iterator& entries, uint64_t number, TableMeta* meta);
  // Opens a table the MANIFEST names (or is about to), checking that its file is there with
  // the size the MANIFEST records.
  Result<LiveTable> OpenTable(const TableMeta& meta);
  void SyncInBackground();
  // Snapshot for reads: the iterators of every source, newest first.
  std::vector<std::unique_ptr<Iterator>> SnapshotIterators(std::string_view start,
                                                           std::string_view end);

  FileSystem* const fs_;
  const std::string dir_;
  const LsmOptions options_;
  std::unique_ptr<FileLock> lock_;
  size_t replayed_logs_ = 0;  // set by Recover()

  // Writers take write_mu_ for the whole write (log append, sync, apply), so the log order
  // is the apply order; they take mu_ only for the short apply. Readers take only mu_.
  // Lock order: write_mu_ before mu_.
  std::mutex write_mu_;
  std::unique_ptr<WalWriter> log_;  // guarded by write_mu_
  uint64_t log_number_ = 0;         // guarded by write_mu_ and mu_ (read under either)
  Status write_error_;              // guarded by write_mu_

  // Held across each MANIFEST write (flush, ApplyEdit), so that one cannot undo the other.
  // Lock order: manifest_mu_ before mu_.
  std::mutex manifest_mu_;

  mutable std::mutex mu_;
  std::condition_variable flushed_cv_;      // signalled when frozen_ is written out
  std::condition_variable work_cv_;         // signalled when frozen_ is set or on stop
  std::condition_variable edited_cv_;       // signalled when an edit changed the version
  std::unique_ptr<MemTable> mem_;           // guarded by mu_
  std::shared_ptr<const MemTable> frozen_;  // guarded by mu_
  uint64_t frozen_log_number_ = 0;          // guarded by mu_
  std::shared_ptr<const Version> version_;  // guarded by mu_
  ManifestState manifest_;                  // guarded by mu_
  Status background_error_;                 // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  bool closing_ = false;                    // guarded by mu_: Close() has begun
  bool closed_ = false;                     // guarded by write_mu_

  std::atomic<uint64_t> write_stops_{0};
  std::atomic<uint64_t> write_slowdowns_{0};

  std::thread flusher_;
  std::thread syncer_;
};

}  // namespace stepdb
