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
// Group commit: concurrent writers queue up (write_queue.h), and the writer at the front
// logs its own batch and those queued behind it, then flushes or syncs the log once for all
// of them and applies them in the same order. Under FsyncPolicy::kAlways one sync thus
// covers every batch appended before it, and no writer is acknowledged before that sync.
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
//   6. The log's record order is the order in which batches reach the memtable: one group at
//      a time logs and applies, each in queue order. A write is acknowledged only once its
//      record is flushed to the operating system, and under FsyncPolicy::kAlways synced;
//      with LsmOptions::flush_each_write off, the caller takes that duty over (FlushLog).
//
// The seam that stage 05 fills. Stage 05 compacts the tree from outside this class, and
// everything it needs from the engine is defined here, in stage 03, where it lies dormant:
// stage 03 (and 04) never call it and keep level 0 only. Stage 05 fills it:
//   - the tree's levels: Version and the MANIFEST hold any number of levels. The read path
//     already walks them (Get binary-searches a deeper level and asks one table of it;
//     SnapshotIterators reads a deeper level through one LevelIterator), so that stage 05
//     gains its read path without replacing Get, a student's function;
//   - changing the tables: NewFileNumber for the tables a compaction writes, ApplyEdit to
//     swap inputs for outputs in one MANIFEST write (version.h computes the edit), and a
//     replaced table's file deleted with its last reader (obsolete_file.h);
//   - pacing: LsmOptions::on_flush tells stage 05 that level 0 grew, the level-0 limits slow
//     down or stop writers until it shrank, ReportBackgroundError stops writes after a
//     failed compaction.
// Stage 05's chapter says why the seam lives here rather than in stage 05.
//
// The class is one class whose member functions live in several files, one concern each
// (LevelDB's DBImpl is split the same way):
//   lsm_engine.cc     Open and Close; the write path (Write, LogAndApply) and the read path
//                     (Get, Scan)
//   lsm_logs.cc       the active log: a new log per memtable, room for a write (freezing,
//                     write stalls), the background sync, SyncLog and FlushLog
//   lsm_flush.cc      the flush thread: a frozen memtable becomes a table
//   lsm_recovery.cc   start-up: the MANIFEST, orphans and leftovers, replaying the logs
//   lsm_tables.cc     the live tables: opening them, the version readers share, and
//                     ApplyEdit, through which stage 05 changes them
// and beside it: version.h (LiveTable, Version, TreeEdit and what an edit does),
// live_iterator.h (the scan's view without tombstones), obsolete_file.h (a replaced table's
// file goes with its last reader).
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
#include "table_options.h"
#include "version.h"
#include "wal_replay.h"
#include "wal_writer.h"
#include "write_queue.h"

namespace stepdb {

struct LsmOptions {
  FsyncPolicy fsync = FsyncPolicy::kEverySec;
  WalRecoveryMode recovery = WalRecoveryMode::kStrict;
  // Freeze the memtable once it holds about this many bytes (keys + values + overhead).
  size_t memtable_bytes = 4 << 20;
  // Whether Write hands each group's log record to the operating system before it returns.
  // Off, the record may stay in the log's user-space buffer until the next FlushLog or
  // SyncLog (or a full buffer, a new log, Close), and the caller must call one of them before
  // it acknowledges the write: a server that answers its clients in rounds then pays one
  // write(2) per round instead of one per write. A crash of the process loses the records
  // still buffered. Under FsyncPolicy::kAlways each group is synced regardless.
  bool flush_each_write = true;
  // How often the background thread syncs the log under FsyncPolicy::kEverySec.
  std::chrono::milliseconds sync_interval{1000};
  TableOptions table;
  // Stage 05's seam (the top of this file); stage 03 leaves these at their defaults.
  // Write stalls for a tree that is compacted: while level 0 holds at least
  // l0_slowdown_tables tables each group of writes (group commit) first sleeps for a
  // millisecond, giving compaction the time; at l0_stop_tables writes wait until level 0
  // shrinks. Without compaction level 0 only grows, so the default is no limit.
  size_t l0_slowdown_tables = SIZE_MAX;
  size_t l0_stop_tables = SIZE_MAX;
  // Called by the flush thread, holding no lock, after each flush added a table to level 0.
  std::function<void()> on_flush;
};

class LsmEngine : public Engine {
 public:
  // Opens (creating if needed) the database in dir: takes dir/LOCK, loads the MANIFEST,
  // removes orphan tables, temporary files and obsolete logs, opens the live tables and
  // replays the remaining logs, oldest first, and flushes what they held into a table.
  // Busy if another engine holds dir; Corruption (naming file and offset) for a damaged log
  // (strict recovery), MANIFEST or table, a table the MANIFEST names that is missing, or
  // tables without any MANIFEST; IOError "...: cannot start thread: ..." if a background
  // thread (flush, log sync) cannot start. `fs` must outlive the engine.
  static Result<std::unique_ptr<LsmEngine>> Open(FileSystem* fs, const std::string& dir,
                                                 const LsmOptions& options);
  ~LsmEngine() override;
  LsmEngine(const LsmEngine&) = delete;
  LsmEngine& operator=(const LsmEngine&) = delete;

  Result<std::string> Get(std::string_view key) override;
  // Logs the batch as one record, then applies it to the memtable, in a group with the
  // batches of concurrent writers (group commit, the top of this file). Returns ok once the
  // record is flushed to the operating system, and under FsyncPolicy::kAlways synced. May
  // wait while a full memtable is being flushed. After a failed log write, sync or flush,
  // every write fails; IOError once the engine is closed.
  Status Write(const WriteBatch& batch) override;
  Status Scan(std::string_view start, std::string_view end, size_t limit,
              const ScanVisitor& visit) override;

  // An iterator over the live keys (tombstones hidden) of a snapshot taken now; Seek works
  // from any key, so a prefix scan is Seek(prefix) while key() starts with prefix. Costs a
  // copy of the memtable. The iterator keeps the tables it reads open.
  std::unique_ptr<Iterator> NewIterator();

  // Freezes the memtable (unless it is empty) and waits until it is a table.
  Status Flush();

  // Makes every write acknowledged so far durable (one fsync of the active log), for a caller
  // that writes with FsyncPolicy::kNo and batches many writes into one sync. Older logs were
  // synced when they were retired, so the active log is all that can be behind. Writers wait
  // during the sync; under kAlways there is nothing to do. The sync's error, which (like a
  // failed write) makes every later write fail; IOError once the engine is closed.
  Status SyncLog();
  // SyncLog for a thread that a writer may be waiting for (a compaction: stage 05 syncs the
  // log before it installs one that dropped entries). A writer held back by a full level 0
  // waits for a compaction while it holds the write lock that SyncLog takes, so SyncLog from
  // the compaction would wait for ever. This one syncs the log under the engine's lock while
  // such a writer waits (it cannot touch the log before it has that lock back), and as
  // SyncLog otherwise.
  Status SyncLogFromBackground();

  // Hands every write acknowledged so far to the operating system (one write(2) of the log's
  // buffer, no fsync), for a caller that writes with flush_each_write off. The write's
  // error, which (like a failed write) makes every later write fail; IOError once the engine
  // is closed.
  Status FlushLog();

  // Waits for a running flush, stops the background threads, syncs and closes the log.
  // Later writes fail. Idempotent; returns the first error met.
  Status Close();

  // The seam that stage 05 fills (the top of this file); stage 03 itself never calls it.
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
  // Writes that waited for level 0 to shrink, and writes slowed down by a millisecond; a
  // group of concurrent writes (group commit) counts once.
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
  // The leader's part of a group commit: room for the group, then LogAndApply, holding
  // write_mu_ throughout. Fails at once on a closed engine or after a write error.
  Status CommitGroup(const WriteGroup& group);
  // Logs every batch of the group in order, then flushes or (kAlways) syncs the log once;
  // then applies the batches to the memtable in the same order. Applies nothing if the log
  // failed, and keeps that error in write_error_. REQUIRES: write_mu_ held, room made.
  Status LogAndApply(const WriteGroup& group);
  // The body of SyncLog. REQUIRES: write_mu_ held, or a writer that holds it held back
  // (writer_held_back_) while mu_ is held.
  Status SyncActiveLog();
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
  // Snapshot for reads: the iterators of every source, newest first, for a scan of [start,
  // end) that stops after `limit` live keys.
  std::vector<std::unique_ptr<Iterator>> SnapshotIterators(std::string_view start,
                                                           std::string_view end, size_t limit);

  FileSystem* const fs_;
  const std::string dir_;
  const LsmOptions options_;
  std::unique_ptr<FileLock> lock_;
  size_t replayed_logs_ = 0;  // set by Recover()

  // Writers queue in writers_; the leader of a group takes write_mu_ for the whole group
  // (room, log append, sync, apply), so the log order is the apply order (invariant 6); it
  // takes mu_ only for the short apply. Readers take only mu_.
  // Lock order: writers_'s lock (never held while committing), write_mu_, then mu_.
  WriteQueue writers_;
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
  // A writer holding write_mu_ waits in MakeRoomForWrite for a compaction to shrink level 0.
  bool writer_held_back_ = false;  // guarded by mu_

  std::atomic<uint64_t> write_stops_{0};
  std::atomic<uint64_t> write_slowdowns_{0};

  std::thread flusher_;
  std::thread syncer_;
};

}  // namespace stepdb
