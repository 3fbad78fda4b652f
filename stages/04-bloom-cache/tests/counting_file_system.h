// CountingFileSystem: a FileSystem for tests that forwards to another one and counts the
// random-access files open through it, now and at most, and the reads (pinned or not).
#pragma once

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "file_system.h"

namespace stepdb::testing {

class CountingFileSystem final : public FileSystem {
 public:
  explicit CountingFileSystem(FileSystem* base) : base_(base) {}

  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override {
    STEPDB_ASSIGN_OR_RETURN(auto file, base_->NewRandomAccessFile(path));
    return std::unique_ptr<RandomAccessFile>(std::make_unique<File>(this, std::move(file)));
  }
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    return base_->NewWritableFile(path);
  }
  Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override {
    return base_->NewAppendableFile(path);
  }
  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override {
    return base_->NewSequentialFile(path);
  }
  bool FileExists(const std::string& path) override { return base_->FileExists(path); }
  Result<std::vector<std::string>> GetChildren(const std::string& dir) override {
    return base_->GetChildren(dir);
  }
  Result<uint64_t> GetFileSize(const std::string& path) override {
    return base_->GetFileSize(path);
  }
  Status RemoveFile(const std::string& path) override { return base_->RemoveFile(path); }
  Status RenameFile(const std::string& from, const std::string& to) override {
    return base_->RenameFile(from, to);
  }
  Status Truncate(const std::string& path, uint64_t size) override {
    return base_->Truncate(path, size);
  }
  Status CreateDir(const std::string& dir) override { return base_->CreateDir(dir); }
  Status SyncDir(const std::string& dir) override { return base_->SyncDir(dir); }
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    return base_->LockFile(path);
  }

  int open_now() const { return open_now_.load(); }
  int open_max() const { return open_max_.load(); }
  int opened() const { return opened_.load(); }
  int reads() const { return reads_.load(); }

 private:
  class File final : public RandomAccessFile {
   public:
    File(CountingFileSystem* fs, std::unique_ptr<RandomAccessFile> file)
        : fs_(fs), file_(std::move(file)) {
      ++fs_->opened_;
      const int now = ++fs_->open_now_;
      int max = fs_->open_max_.load();
      while (now > max && !fs_->open_max_.compare_exchange_weak(max, now)) {
      }
    }
    ~File() override { --fs_->open_now_; }
    Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
      ++fs_->reads_;
      return file_->Read(offset, n, result, scratch);
    }
    Status ReadPinned(uint64_t offset, size_t n, std::string_view* result,
                      std::shared_ptr<const void>* pin) const override {
      ++fs_->reads_;
      return file_->ReadPinned(offset, n, result, pin);
    }

   private:
    CountingFileSystem* fs_;
    std::unique_ptr<RandomAccessFile> file_;
  };

  FileSystem* const base_;
  std::atomic<int> open_now_{0};
  std::atomic<int> open_max_{0};
  std::atomic<int> opened_{0};
  std::atomic<int> reads_{0};
};

}  // namespace stepdb::testing
