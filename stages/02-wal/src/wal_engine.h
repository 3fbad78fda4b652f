// WalEngine: stage 01's MemTableEngine made durable by a write-ahead log.
//
// Every write goes to the log before it goes to the memtable, and is acknowledged only
// when the log holds it as durably as the fsync policy promises. After a crash, replaying
// the log rebuilds the memtable exactly as it was, up to the last write the policy kept:
//
//   Write(batch) ──▶ encode one record ──▶ append to data_dir/wal.log ──▶ flush / fsync
//                                                                            │
//         acknowledge ◀── apply to the MemTableEngine (stage 01, reused) ◀───┘
//
//   Open(data_dir) ──▶ lock data_dir/LOCK ──▶ replay wal.log into a new memtable
//                      (cut a torn tail; stop at corruption unless salvaging) ──▶ append
//
// Invariants (the chapter, stages/02-wal/README.md, numbers them the same way):
//   1. A batch is in the memtable only if its record is in the log: log first, then apply.
//   2. The log's record order is the order in which batches were applied, so replay
//      rebuilds the same state: one writer at a time logs and applies (the front of queue_).
//   3. A write is acknowledged (Write returns ok) only once its record is flushed to the
//      operating system, and, under FsyncPolicy::kAlways, synced.
//   4. A write whose record could not be logged is neither acknowledged nor applied, and
//      after a failed append or sync every later write fails: the log may now end in a
//      partial record, and nothing may be appended behind it.
//   5. A batch is one record, so after a crash it is present in full or not at all.
//
// Group commit: writers queue up; the writer at the front logs its own batch and those of
// the writers queued behind it, then flushes or syncs once for all of them, applies them in
// order and wakes them. Under --fsync always this turns N concurrent fsyncs into one
// (LevelDB's DBImpl::Write works the same way).
//
// Fsync policies (Redis's appendfsync words): always = fsync before acknowledging; everysec
// = a background thread fsyncs about once a second, so a power loss loses at most about a
// second of writes; no = the operating system decides. Every policy flushes each write to the
// operating system before acknowledging it, so a kill -9 of the process loses nothing.
//
// Thread safety: all methods may be called from many threads at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/server_options.h"
#include "engine.h"
#include "file_system.h"
#include "memtable_engine.h"
#include "wal_replay.h"
#include "wal_writer.h"

namespace stepdb {

inline constexpr char kWalFileName[] = "wal.log";
inline constexpr char kLockFileName[] = "LOCK";

struct WalEngineOptions {
  FsyncPolicy fsync = FsyncPolicy::kEverySec;
  WalRecoveryMode recovery = WalRecoveryMode::kStrict;
  // How often the background thread syncs under FsyncPolicy::kEverySec.
  std::chrono::milliseconds sync_interval{1000};
  // Recovery logs a progress line every this many bytes of log replayed.
  uint64_t progress_every_bytes = uint64_t{64} << 20;
};

class WalEngine : public Engine {
 public:
  // Opens the database in data_dir (created if missing): takes data_dir/LOCK, replays
  // data_dir/wal.log if it exists, syncs what it replayed (so that a power loss after Open
  // cannot take away what the engine serves, whatever the fsync policy of the run that wrote
  // it), syncs data_dir, then appends to the log. Returns the engine, or:
  //   Busy        another process (or engine) has data_dir open;
  //   Corruption  the log has a corrupt record before its end (strict recovery), with a
  //               message naming the file and the offset;
  //   IOError     the file system failed, or the background sync thread cannot start.
  // `fs` must outlive the engine.
  static Result<std::unique_ptr<WalEngine>> Open(FileSystem* fs, const std::string& data_dir,
                                                 const WalEngineOptions& options);

  // Close(), reporting a failure only in the log.
  ~WalEngine() override;
  WalEngine(const WalEngine&) = delete;
  WalEngine& operator=(const WalEngine&) = delete;

  Result<std::string> Get(std::string_view key) override;
  // Logs the batch as one record, makes it as durable as the policy says, then applies it.
  // IOError if the log cannot be written (and from then on), or once the engine is closed.
  // An empty batch has nothing to log: it returns ok and writes nothing, always, even after
  // Close() or a failed write.
  Status Write(const WriteBatch& batch) override;
  Status Scan(std::string_view start, std::string_view end, size_t limit,
              const ScanVisitor& visit) override;

  // Waits for the writes in progress, stops the background sync, syncs and closes the log.
  // Later writes fail; reads still work. Returns the sync's or close's error, if any.
  // Idempotent.
  Status Close();

  // What Open() recovered from the log.
  const WalReplaySummary& recovery() const { return recovered_; }
  const std::string& log_path() const { return log_path_; }
  // The size of the log, in bytes.
  uint64_t log_bytes() const;
  // The number of live keys.
  size_t size() const { return memtable_.size(); }

 private:
  struct PendingWrite {
    explicit PendingWrite(const WriteBatch* b) : batch(b) {}
    const WriteBatch* batch;
    Status status;      // guarded by mu_
    bool done = false;  // guarded by mu_
    std::condition_variable cv;
  };

  WalEngine(FileSystem* fs, std::string data_dir, const WalEngineOptions& options);

  // Replays the log into memtable_, then opens it for appending (log_).
  Status Recover();
  // The body of the everysec thread: Sync about every options_.sync_interval until stopped.
  void SyncInBackground();
  void StopBackgroundSync();

  FileSystem* const fs_;
  const std::string data_dir_;
  const std::string log_path_;
  const WalEngineOptions options_;
  std::unique_ptr<FileLock> lock_;
  WalReplaySummary recovered_;
  MemTableEngine memtable_;  // thread-safe on its own

  std::mutex mu_;
  std::deque<PendingWrite*> queue_;  // guarded by mu_; the front is logging
  bool closed_ = false;              // guarded by mu_
  std::condition_variable idle_cv_;  // signalled when queue_ becomes empty

  // Only the front of queue_, the background sync and Close() touch the log, each under
  // log_mu_. Never acquired while holding mu_.
  mutable std::mutex log_mu_;
  std::unique_ptr<WalWriter> log_;  // guarded by log_mu_
  uint64_t synced_offset_ = 0;      // guarded by log_mu_: the log is durable up to here

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  bool stop_sync_ = false;  // guarded by sync_mu_
  std::thread syncer_;
};

}  // namespace stepdb
