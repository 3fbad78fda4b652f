// CountingFileSystem: a FileSystem for tests that forwards to another one and counts the
// random-access files open through it, now and at most, and the reads (pinned or not).
// Everything else passes through (FileSystemWrapper).
//
// Thread safety: as safe as the base file system; the counters are atomic.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "file_system.h"
#include "file_system_wrapper.h"

namespace stepdb::testing {

class CountingFileSystem final : public FileSystemWrapper {
 public:
  // REQUIRES: base outlives this file system and every file it hands out.
  explicit CountingFileSystem(FileSystem* base) : FileSystemWrapper(base) {}

  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override {
    STEPDB_ASSIGN_OR_RETURN(auto file, target()->NewRandomAccessFile(path));
    return std::unique_ptr<RandomAccessFile>(std::make_unique<File>(this, std::move(file)));
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

  std::atomic<int> open_now_{0};
  std::atomic<int> open_max_{0};
  std::atomic<int> opened_{0};
  std::atomic<int> reads_{0};
};

}  // namespace stepdb::testing
