// LsmEngine's flush: the background thread that writes the frozen memtable as a table.
//
// The order of the steps is what makes a crash harmless at any point (the chapter's "The
// background flush"): the table is written and synced, then a MANIFEST naming it is stored,
// then the logs it covers are deleted, and last the new version replaces the frozen memtable
// in one step under mu_, so that readers see either the memtable or the table, never neither.
#include <algorithm>

#include "common/log.h"
#include "file_names.h"
#include "lsm_engine.h"
#include "table_builder.h"

namespace stepdb {

Status LsmEngine::Flush() {
  {
    std::lock_guard write_lock(write_mu_);
    if (closed_) return Status::IOError(dir_ + ": the engine is closed");
    STEPDB_RETURN_IF_ERROR(MakeRoomForWrite(/*force=*/true));
  }
  std::unique_lock lock(mu_);
  flushed_cv_.wait(lock, [this] { return !frozen_ || !background_error_.ok(); });
  return background_error_;
}

void LsmEngine::FlushInBackground() {
  std::unique_lock lock(mu_);
  while (true) {
    // A frozen memtable is written out even when stopping, so Close() leaves no log behind
    // that holds more than one memtable's worth.
    work_cv_.wait(lock, [this] { return stopping_ || frozen_ != nullptr; });
    if (!frozen_) return;
    std::shared_ptr<const MemTable> frozen = frozen_;
    lock.unlock();
    Status status = FlushFrozen(frozen);
    lock.lock();
    if (!status.ok()) {
      LogError("flush failed, writes are refused from now on: {}", status.ToString());
      background_error_ = status;
      flushed_cv_.notify_all();
      work_cv_.wait(lock, [this] { return stopping_; });
      return;
    }
    flushed_cv_.notify_all();
    if (options_.on_flush) {
      lock.unlock();
      options_.on_flush();
      lock.lock();
    }
  }
}

Status LsmEngine::FlushFrozen(std::shared_ptr<const MemTable> frozen) {
  uint64_t number = 0;
  uint64_t log_number = 0;
  {
    std::lock_guard lock(mu_);
    number = manifest_.next_file_number++;
    log_number = frozen_log_number_;
  }
  std::unique_ptr<Iterator> entries = frozen->NewIterator();
  TableMeta meta;
  STEPDB_RETURN_IF_ERROR(WriteTable(*entries, number, &meta));
  Result<LiveTable> table = OpenTable(meta);
  if (!table.ok()) return table.status();

  // manifest_mu_ orders this MANIFEST write with those of compactions (ApplyEdit); manifest_
  // changes meanwhile only in next_file_number, which the new state takes over.
  std::lock_guard manifest_lock(manifest_mu_);
  ManifestState next;
  {
    std::lock_guard lock(mu_);
    next = manifest_;
  }
  next.levels[0].insert(next.levels[0].begin(), meta);
  next.log_number = log_number;
  next.bytes_flushed += meta.size;
  if (Status status = StoreManifest(*fs_, dir_, next); !status.ok()) {
    fs_->RemoveFile(TableFileName(dir_, number)).IgnoreError();  // an orphan either way
    return status;
  }
  // Manifest rule 2: logs below log_number are now in tables. Nothing reads a log after
  // recovery, so they can go before the new version is installed.
  if (auto children = fs_->GetChildren(dir_); children.ok()) {
    for (const std::string& name : *children) {
      uint64_t old_log = 0;
      if (ParseFileName(name, &old_log) == FileKind::kLog && old_log < log_number) {
        fs_->RemoveFile(dir_ + "/" + name).IgnoreError();  // start-up removes it otherwise
      }
    }
  }
  auto version = std::make_shared<Version>();
  std::lock_guard lock(mu_);
  next.next_file_number = std::max(next.next_file_number, manifest_.next_file_number);
  manifest_ = std::move(next);
  *version = *version_;
  version->levels[0].insert(version->levels[0].begin(), std::move(*table));
  // The table and the frozen memtable swap in one step, so no reader sees neither.
  version_ = std::move(version);
  frozen_ = nullptr;
  LogInfo("flushed {} keys into {} ({} bytes)", frozen->size(), TableFileName(dir_, number),
          meta.size);
  return Status::Ok();
}

Status LsmEngine::WriteTable(Iterator& entries, uint64_t number, TableMeta* meta) {
  const std::string path = TableFileName(dir_, number);
  STEPDB_ASSIGN_OR_RETURN(auto file, fs_->NewWritableFile(path));
  TableBuilder builder(options_.table, file.get());
  Status status;
  for (entries.SeekToFirst(); entries.Valid() && status.ok(); entries.Next()) {
    status = builder.Add(entries.key(), entries.kind(), entries.value());
  }
  if (status.ok()) status = entries.status();
  if (status.ok()) status = builder.Finish();
  if (status.ok()) status = file->Sync();
  if (status.ok()) status = file->Close();
  if (!status.ok()) {
    fs_->RemoveFile(path).IgnoreError();  // start-up removes it too, as an orphan
    return status;
  }
  meta->number = number;
  meta->size = builder.file_size();
  meta->smallest = builder.smallest_key();
  meta->largest = builder.largest_key();
  return Status::Ok();
}

}  // namespace stepdb
