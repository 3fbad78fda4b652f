// LsmEngine's active log: one log per memtable, the room a write needs, the background sync.
//
// A log holds the records of exactly one memtable, so it can be deleted as soon as that
// memtable is a table. Freezing therefore starts a new log first and only then swaps the
// memtables (StartNewLog, MakeRoomForWrite), all under write_mu_, so no record lands in the
// wrong log. MakeRoomForWrite is also where a writer waits: for the flush of the previous
// memtable (invariant 5), or for stage 05's compaction while level 0 is at its limits.
#include <chrono>
#include <mutex>
#include <thread>

#include "common/log.h"
#include "file_names.h"
#include "lsm_engine.h"

namespace stepdb {

Status LsmEngine::StartNewLog() {
  uint64_t number = 0;
  {
    std::lock_guard lock(mu_);
    number = manifest_.next_file_number++;
  }
  const std::string path = LogFileName(dir_, number);
  STEPDB_ASSIGN_OR_RETURN(auto file, fs_->NewWritableFile(path));
  // The new name must survive a power loss before a write acknowledged in it does.
  STEPDB_RETURN_IF_ERROR(fs_->SyncDir(dir_));
  if (log_) {
    // The old log is complete: make it durable before its memtable is frozen.
    STEPDB_RETURN_IF_ERROR(log_->Sync());
    STEPDB_RETURN_IF_ERROR(log_->Close());
  }
  log_ = std::make_unique<WalWriter>(std::move(file));
  std::lock_guard lock(mu_);
  log_number_ = number;
  return Status::Ok();
}

Status LsmEngine::MakeRoomForWrite(bool force) {
  std::unique_lock lock(mu_);
  const bool forced = force;
  bool slowed_down = false;
  bool stopped = false;
  while (true) {
    if (!background_error_.ok()) return background_error_;
    if (closing_) return Status::IOError(dir_ + ": the engine is closing");
    // The level-0 limits hold back writes only: a forced flush (Flush(), and the flush of
    // replayed logs in Open, before any compaction runs) must never wait for a compaction.
    const size_t level0 = forced ? 0 : version_->levels[0].size();
    if (level0 >= options_.l0_stop_tables) {
      // Level 0 is at its limit: wait until a compaction shrinks it (a write stall).
      LogDebug("write stall: {} tables in level 0, waiting for a compaction", level0);
      if (!stopped) write_stops_.fetch_add(1, std::memory_order_relaxed);
      stopped = true;
      writer_held_back_ = true;  // SyncLogFromBackground may use the log meanwhile
      edited_cv_.wait(lock);
      writer_held_back_ = false;
      continue;
    }
    if (level0 >= options_.l0_slowdown_tables && !slowed_down) {
      // Near the limit: give up a millisecond once per write, so the compaction catches up
      // and writers slow down smoothly instead of stopping all at once later.
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      lock.lock();
      slowed_down = true;
      write_slowdowns_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    if (mem_->empty() || (!force && mem_->approximate_bytes() < options_.memtable_bytes)) {
      return Status::Ok();
    }
    if (frozen_) {
      // Invariant 5: one frozen memtable at a time. Wait for the flush (a write stall).
      LogDebug("write stall: memtable full, waiting for the flush of the previous one");
      flushed_cv_.wait(lock);
      continue;
    }
    lock.unlock();
    Status status = StartNewLog();
    lock.lock();
    if (!status.ok()) {
      // The old log may not be durable: like a failed append, this is final.
      write_error_ = status;
      return status;
    }
    frozen_ = std::shared_ptr<const MemTable>(std::move(mem_));
    frozen_log_number_ = log_number_;
    mem_ = std::make_unique<MemTable>();
    work_cv_.notify_all();
    force = false;
  }
}

void LsmEngine::SyncInBackground() {
  std::unique_lock lock(mu_);
  while (!work_cv_.wait_for(lock, options_.sync_interval, [this] { return stopping_; })) {
    lock.unlock();
    {
      std::lock_guard write_lock(write_mu_);
      if (log_ && write_error_.ok()) {
        if (Status status = log_->Sync(); !status.ok()) {
          LogError("background sync of the log failed: {}", status.ToString());
          write_error_ = status;
        }
      }
    }
    lock.lock();
  }
}

Status LsmEngine::SyncLog() {
  std::lock_guard write_lock(write_mu_);
  return SyncActiveLog();
}

Status LsmEngine::SyncLogFromBackground() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (writer_held_back_) return SyncActiveLog();
    }
    // Not held back: whoever has write_mu_ is appending and lets go soon, or is about to be
    // held back, which the next round sees.
    std::unique_lock write_lock(write_mu_, std::try_to_lock);
    if (write_lock.owns_lock()) return SyncActiveLog();
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

Status LsmEngine::SyncActiveLog() {
  if (closed_) return Status::IOError(dir_ + ": the engine is closed");
  STEPDB_RETURN_IF_ERROR(write_error_);
  if (options_.fsync == FsyncPolicy::kAlways) return Status::Ok();  // each group synced
  if (Status status = log_->Sync(); !status.ok()) {
    // What the log holds on disk is unknown now: as after a failed write, nothing more.
    write_error_ = status;
    return status;
  }
  return Status::Ok();
}

Status LsmEngine::FlushLog() {
  std::lock_guard write_lock(write_mu_);
  if (closed_) return Status::IOError(dir_ + ": the engine is closed");
  STEPDB_RETURN_IF_ERROR(write_error_);
  if (Status status = log_->Flush(); !status.ok()) {
    // The log may now end in a partial record: as after a failed write, nothing more.
    write_error_ = status;
    return status;
  }
  return Status::Ok();
}

}  // namespace stepdb
