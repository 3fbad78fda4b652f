// FileSystemWrapper: a FileSystem that forwards every call to another one, its target.
//
// A decorator of the FileSystem seam changes one or two calls and passes the rest through:
// stage 04's OpenFileLimiter bounds the table files open at once and changes only
// NewRandomAccessFile; the tests' CountingFileSystem counts those files and their reads. A
// decorator derives from this class and overrides what it changes, so that the other calls,
// and calls a later FileSystem may gain, cannot be forgotten or forwarded to the wrong place.
// LevelDB's EnvWrapper plays the same role.
//
// Every call returns exactly what the target returns, errors included; the wrapper adds no
// state of its own and does not own the target.
//
// Thread safety: as safe as the target, since the wrapper adds no state.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "file_system.h"

namespace stepdb {

class FileSystemWrapper : public FileSystem {
 public:
  // REQUIRES: target outlives the wrapper and every file and lock handed out through it.
  explicit FileSystemWrapper(FileSystem* target) : target_(target) {}

  FileSystem* target() const { return target_; }

  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    return target_->NewWritableFile(path);
  }
  Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override {
    return target_->NewAppendableFile(path);
  }
  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override {
    return target_->NewSequentialFile(path);
  }
  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override {
    return target_->NewRandomAccessFile(path);
  }
  bool FileExists(const std::string& path) override { return target_->FileExists(path); }
  Result<std::vector<std::string>> GetChildren(const std::string& dir) override {
    return target_->GetChildren(dir);
  }
  Result<uint64_t> GetFileSize(const std::string& path) override {
    return target_->GetFileSize(path);
  }
  Status RemoveFile(const std::string& path) override { return target_->RemoveFile(path); }
  Status RenameFile(const std::string& from, const std::string& to) override {
    return target_->RenameFile(from, to);
  }
  Status Truncate(const std::string& path, uint64_t size) override {
    return target_->Truncate(path, size);
  }
  Status CreateDir(const std::string& dir) override { return target_->CreateDir(dir); }
  Status SyncDir(const std::string& dir) override { return target_->SyncDir(dir); }
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    return target_->LockFile(path);
  }

 private:
  FileSystem* const target_;
};

}  // namespace stepdb
