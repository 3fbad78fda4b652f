#include "wal_engine.h"

#include <vector>

#include "common/log.h"
#include "common/thread.h"

namespace stepdb {
namespace {

// A group commit takes queued batches up to this many payload bytes, so that a small write
// queued behind a huge one is not delayed by a group that keeps growing.
constexpr size_t kMaxGroupBytes = 1 << 20;

}  // namespace

WalEngine::WalEngine(FileSystem* fs, std::string data_dir, const WalEngineOptions& options)
    : fs_(fs),
      data_dir_(std::move(data_dir)),
      log_path_(data_dir_ + "/" + kWalFileName),
      options_(options) {}

Result<std::unique_ptr<WalEngine>> WalEngine::Open(FileSystem* fs, const std::string& data_dir,
                                                   const WalEngineOptions& options) {
  if (fs == nullptr) return Status::InvalidArgument("WalEngine::Open needs a file system");
  STEPDB_RETURN_IF_ERROR(fs->CreateDir(data_dir));
  std::unique_ptr<WalEngine> engine(new WalEngine(fs, data_dir, options));
  Result<std::unique_ptr<FileLock>> lock = fs->LockFile(data_dir + "/" + kLockFileName);
  if (!lock.ok()) {
    if (!lock.status().IsBusy()) return lock.status();
    return Status::Busy("data directory " + data_dir + " is in use by another process (" +
                        lock.status().message() + ")");
  }
  engine->lock_ = std::move(lock).value();
  STEPDB_RETURN_IF_ERROR(engine->Recover());
  if (options.fsync == FsyncPolicy::kEverySec) {
    STEPDB_ASSIGN_OR_RETURN(engine->syncer_,
                            StartThread("wal " + engine->log_path_ + ": sync",
                                        [e = engine.get()] { e->SyncInBackground(); }));
  }
  return engine;
}

WalEngine::~WalEngine() {
  if (Status status = Close(); !status.ok()) {
    LogError("wal {}: closing the log failed: {}", log_path_, status.ToString());
  }
}

Status WalEngine::Recover() {
  // BEGIN SOLUTION
  // STARTER: return Status::NotImplemented("stage 02: WalEngine::Recover");
  if (fs_->FileExists(log_path_)) {
    WalReplayOptions replay;
    replay.mode = options_.recovery;
    replay.progress_every_bytes = options_.progress_every_bytes;
    STEPDB_ASSIGN_OR_RETURN(
        recovered_, ReplayWal(*fs_, log_path_, replay,
                              [this](const WriteBatch& batch) { return memtable_.Write(batch); }));
  }
  STEPDB_ASSIGN_OR_RETURN(auto file, fs_->NewAppendableFile(log_path_));
  std::lock_guard log_lock(log_mu_);
  log_ = std::make_unique<WalWriter>(std::move(file), recovered_.good_bytes);
  // The replayed records may never have been synced (the last run was killed under everysec
  // or no). Sync them once, so that what the engine serves from now on survives a power loss
  // and synced_offset_ is true.
  if (recovered_.good_bytes > 0) STEPDB_RETURN_IF_ERROR(log_->Sync());
  synced_offset_ = recovered_.good_bytes;
  // Syncing the file does not make a new file's name durable; syncing its directory does.
  return fs_->SyncDir(data_dir_);
  // END SOLUTION
}

Status WalEngine::Write(const WriteBatch& batch) {
  // BEGIN SOLUTION
  // STARTER: (void)batch;
  // STARTER: return Status::NotImplemented("stage 02: WalEngine::Write");
  if (batch.empty()) return Status::Ok();
  PendingWrite self(&batch);
  std::unique_lock lock(mu_);
  if (closed_) return Status::IOError("wal " + log_path_ + ": the engine is closed");
  queue_.push_back(&self);
  self.cv.wait(lock, [&] { return self.done || queue_.front() == &self; });
  if (self.done) return self.status;  // a leader logged and applied it

  // This writer is at the front: it leads a group commit for itself and the writers queued
  // behind it. It stays at the front until the group is applied, which keeps invariant 2.
  std::vector<const WriteBatch*> group;
  size_t group_bytes = 0;
  for (const PendingWrite* writer : queue_) {
    const size_t bytes = writer->batch->payload_bytes();
    if (!group.empty() && group_bytes + bytes > kMaxGroupBytes) break;
    group.push_back(writer->batch);
    group_bytes += bytes;
  }
  lock.unlock();  // others may queue up while this group is logged

  Status status;
  {
    std::lock_guard log_lock(log_mu_);
    for (const WriteBatch* member : group) {
      status = log_->AddBatch(*member);
      if (!status.ok()) break;
    }
    if (status.ok() && options_.fsync == FsyncPolicy::kAlways) {
      status = log_->Sync();
      if (status.ok()) synced_offset_ = log_->offset();
    } else if (status.ok()) {
      status = log_->Flush();
    }
  }
  if (status.ok()) {
    for (const WriteBatch* member : group) {
      if (Status applied = memtable_.Write(*member); !applied.ok()) status = applied;
    }
  }

  lock.lock();
  for (size_t i = 0; i < group.size(); ++i) {
    PendingWrite* writer = queue_.front();
    queue_.pop_front();
    if (writer != &self) {
      writer->status = status;
      writer->done = true;
      writer->cv.notify_one();
    }
  }
  if (!queue_.empty()) {
    queue_.front()->cv.notify_one();
  } else {
    idle_cv_.notify_all();
  }
  return status;
  // END SOLUTION
}

Result<std::string> WalEngine::Get(std::string_view key) { return memtable_.Get(key); }

Status WalEngine::Scan(std::string_view start, std::string_view end, size_t limit,
                       const ScanVisitor& visit) {
  return memtable_.Scan(start, end, limit, visit);
}

Status WalEngine::Close() {
  {
    std::unique_lock lock(mu_);
    if (closed_) return Status::Ok();
    closed_ = true;
    idle_cv_.wait(lock, [&] { return queue_.empty(); });
  }
  StopBackgroundSync();
  std::lock_guard log_lock(log_mu_);
  if (log_ == nullptr) return Status::Ok();  // Open failed before the log was opened
  Status synced = log_->Sync();
  if (synced.ok()) synced_offset_ = log_->offset();
  Status closed = log_->Close();
  return synced.ok() ? closed : synced;
}

uint64_t WalEngine::log_bytes() const {
  std::lock_guard log_lock(log_mu_);
  return log_ == nullptr ? 0 : log_->offset();
}

void WalEngine::SyncInBackground() {
  std::unique_lock lock(sync_mu_);
  while (!sync_cv_.wait_for(lock, options_.sync_interval, [&] { return stop_sync_; })) {
    lock.unlock();
    {
      std::lock_guard log_lock(log_mu_);
      if (log_->offset() != synced_offset_ && log_->status().ok()) {
        if (Status status = log_->Sync(); status.ok()) {
          synced_offset_ = log_->offset();
        } else {
          // The writer remembers the failure, so every later write fails with it too.
          LogError("wal {}: background fsync failed, refusing writes: {}", log_path_,
                   status.ToString());
        }
      }
    }
    lock.lock();
  }
}

void WalEngine::StopBackgroundSync() {
  {
    std::lock_guard lock(sync_mu_);
    stop_sync_ = true;
  }
  sync_cv_.notify_all();
  if (syncer_.joinable()) syncer_.join();
}

}  // namespace stepdb
