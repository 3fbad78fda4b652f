// MemFileSystem: a FileSystem in memory that can crash on demand.
//
// Crash tests need two things a real disk cannot give: the exact state a crash leaves
// behind, and the crash itself at a chosen moment. This file system keeps, for every file,
// three lengths that follow the durability vocabulary of file_system.h:
//
//   data    ──────────────────────────────────────────  every appended byte
//   flushed ─────────────────────────────────           survives a process crash (kill -9)
//   synced  ───────────────────────                     survives a power loss
//
// DropUnflushedData() is kill -9: every file is cut to its flushed length.
// DropUnsyncedData() is a power loss: every file is cut to its synced length, and the names
// in each directory go back to what they were at the last SyncDir() of that directory (a
// created, renamed or removed name that was never made durable is undone, as POSIX allows).
// Both also "kill" the process that held the files: every WritableFile opened before the
// crash fails from then on, and every FileLock is released, so a test can open a fresh
// engine on the same files while the old engine object is still being destroyed.
//
// Fault injection makes the unhappy paths reachable:
//   FailWritesAfter(n)   the next n bytes of appends land; the append that crosses the
//                        budget lands its first part (a short write), then every append
//                        fails with IOError until ClearFaults()
//   FailSyncs(true)      Sync() fails with IOError and makes nothing durable
//   FlipBits(...)        changes a stored byte, as bit rot would
//   Freeze()             every change fails with IOError until ClearFaults(): creating,
//                        writing, syncing, renaming or removing a file, locking, syncing a
//                        directory. A crash test freezes the file system just before it
//                        drops data, so the dead engine's threads, still winding down, cannot
//                        change what the crash left
//
// Simplifications, on purpose: reads see every appended byte (there is no separate page
// cache); directories are durable as soon as they are created; Truncate() is durable at
// once (it only ever cuts, so it cannot bring back data).
//
// Thread safety: every method may be called from many threads; one mutex guards the whole
// file system. The file system must outlive every file and lock it hands out.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "file_system.h"

namespace stepdb {

class MemFileSystem : public FileSystem {
 public:
  MemFileSystem() = default;
  MemFileSystem(const MemFileSystem&) = delete;
  MemFileSystem& operator=(const MemFileSystem&) = delete;

  // FileSystem. Opening a file for writing requires its directory to exist (NotFound
  // otherwise), as on a real disk.
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override;
  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override;
  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override;
  bool FileExists(const std::string& path) override;
  Result<std::vector<std::string>> GetChildren(const std::string& dir) override;
  Result<uint64_t> GetFileSize(const std::string& path) override;
  Status RemoveFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status Truncate(const std::string& path, uint64_t size) override;
  Status CreateDir(const std::string& dir) override;
  Status SyncDir(const std::string& dir) override;
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override;

  // Crashes (see the top of this file).
  void DropUnflushedData();
  void DropUnsyncedData();

  // Faults (see the top of this file). ClearFaults() undoes FailWritesAfter, FailSyncs and
  // Freeze.
  void FailWritesAfter(uint64_t bytes);
  void FailSyncs(bool fail);
  void Freeze();
  void ClearFaults();
  // XORs the byte at offset with mask. NotFound / InvalidArgument if there is no such byte.
  Status FlipBits(const std::string& path, uint64_t offset, uint8_t mask = 0xff);

  // Test set-up and inspection.
  // Creates or replaces path with `data`, all of it synced and its name durable, bypassing
  // the faults: a file as a previous, cleanly stopped run would have left it.
  Status SetContents(const std::string& path, std::string_view data);
  Result<uint64_t> SyncedSize(const std::string& path);
  Result<uint64_t> FlushedSize(const std::string& path);
  // The number of successful WritableFile::Sync() calls so far, on any file.
  uint64_t sync_count() const;
  // Makes every Sync() take at least `delay`, as a real disk does, so that concurrent writers
  // pile up behind it (group commit tests).
  void SetSyncDelay(std::chrono::microseconds delay);

 private:
  struct File {
    std::string data;
    uint64_t flushed = 0;
    uint64_t synced = 0;
  };
  class MemWritableFile;
  class MemSequentialFile;
  class MemRandomAccessFile;
  class MemFileLock;

  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path, bool truncate);
  // Appends as much of `data` as the write budget allows. REQUIRES: mu_ held.
  Status AppendLocked(File& file, std::string_view data);
  Status SyncFile(const std::shared_ptr<File>& file, uint64_t epoch);
  bool DirExistsLocked(const std::string& dir) const;  // REQUIRES: mu_ held
  // IOError naming `what` while frozen, else Ok. REQUIRES: mu_ held.
  Status CheckNotFrozenLocked(const std::string& what) const;
  void ReleaseLock(const std::string& path, uint64_t epoch);

  mutable std::mutex mu_;
  // The names as the running process sees them.
  std::map<std::string, std::shared_ptr<File>> files_;  // guarded by mu_
  // The names as a power loss would leave them: updated per directory by SyncDir().
  std::map<std::string, std::shared_ptr<File>> durable_files_;  // guarded by mu_
  std::set<std::string> dirs_;                                  // guarded by mu_
  std::set<std::string> locked_;                                // guarded by mu_
  // Bumped by every simulated crash; handles from an older epoch belong to a dead process.
  uint64_t epoch_ = 0;                       // guarded by mu_
  std::optional<uint64_t> write_budget_;     // guarded by mu_
  bool fail_syncs_ = false;                  // guarded by mu_
  bool frozen_ = false;                      // guarded by mu_
  uint64_t sync_count_ = 0;                  // guarded by mu_
  std::chrono::microseconds sync_delay_{0};  // guarded by mu_
};

}  // namespace stepdb
