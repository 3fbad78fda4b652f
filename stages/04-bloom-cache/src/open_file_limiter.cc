#include "open_file_limiter.h"

#include <algorithm>
#include <cstring>

namespace stepdb {

// A handle: the path to reopen and the id of its slot in the limiter's LRU.
class OpenFileLimiter::LimitedFile final : public RandomAccessFile {
 public:
  LimitedFile(OpenFileLimiter* limiter, uint64_t id, std::string path)
      : limiter_(limiter), id_(id), path_(std::move(path)) {}
  ~LimitedFile() override { limiter_->Forget(id_); }

  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    STEPDB_ASSIGN_OR_RETURN(OpenFile file, limiter_->Acquire(id_, path_));
    STEPDB_RETURN_IF_ERROR(file->Read(offset, n, result, scratch));
    // The base file may point *result into memory of its own (a file read through mmap
    // would), which closing the file could unmap: the bytes go to scratch.
    if (!result->empty() && result->data() != scratch) {
      std::memmove(scratch, result->data(), result->size());
      *result = std::string_view(scratch, result->size());
    }
    return Status::Ok();
  }

  // No copy here: the pin, not the open file, keeps the bytes (a mapped file's pin is its
  // mapping), so they stay readable if the file is closed to make room afterwards.
  Status ReadPinned(uint64_t offset, size_t n, std::string_view* result,
                    std::shared_ptr<const void>* pin) const override {
    STEPDB_ASSIGN_OR_RETURN(OpenFile file, limiter_->Acquire(id_, path_));
    return file->ReadPinned(offset, n, result, pin);
  }

 private:
  OpenFileLimiter* const limiter_;
  const uint64_t id_;
  const std::string path_;
};

OpenFileLimiter::OpenFileLimiter(FileSystem* base, size_t max_open_files)
    : FileSystemWrapper(base), max_open_files_(std::max<size_t>(max_open_files, 1)) {}

OpenFileLimiter::~OpenFileLimiter() = default;

Result<std::unique_ptr<RandomAccessFile>> OpenFileLimiter::NewRandomAccessFile(
    const std::string& path) {
  uint64_t id = 0;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
  }
  // Opening it now reports a missing file at once, and a new table is read right after
  // being opened (footer, index, filter) anyway.
  STEPDB_RETURN_IF_ERROR(Acquire(id, path).status());
  return std::unique_ptr<RandomAccessFile>(std::make_unique<LimitedFile>(this, id, path));
}

Result<OpenFileLimiter::OpenFile> OpenFileLimiter::Acquire(uint64_t id, const std::string& path) {
  std::vector<OpenFile> victims;
  {
    std::lock_guard lock(mu_);
    if (auto it = open_.find(id); it != open_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.position);
      return it->second.file;
    }
    // Make room first, so that the new file never makes N + 1.
    EvictLocked(max_open_files_ - 1, &victims);
  }
  victims.clear();  // closes them, outside the lock

  // Opened outside the lock: other readers need not wait for this system call.
  Result<std::unique_ptr<RandomAccessFile>> opened = target()->NewRandomAccessFile(path);
  if (!opened.ok()) return opened.status();
  OpenFile file = std::move(opened).value();

  std::lock_guard lock(mu_);
  ++opens_;
  if (auto it = open_.find(id); it != open_.end()) {
    // Another thread reading the same handle opened it meanwhile: use one, close the other.
    victims.push_back(std::move(file));
    lru_.splice(lru_.begin(), lru_, it->second.position);
    return it->second.file;
  }
  lru_.push_front(id);
  open_.emplace(id, Slot{file, lru_.begin()});
  // Other threads may have opened files between the two locked sections.
  EvictLocked(max_open_files_, &victims);
  return file;
}

void OpenFileLimiter::Forget(uint64_t id) {
  OpenFile file;
  std::lock_guard lock(mu_);
  auto it = open_.find(id);
  if (it == open_.end()) return;
  file = std::move(it->second.file);  // closed after the lock is released
  lru_.erase(it->second.position);
  open_.erase(it);
}

void OpenFileLimiter::EvictLocked(size_t keep, std::vector<OpenFile>* victims) {
  while (open_.size() > keep && !lru_.empty()) {
    auto it = open_.find(lru_.back());
    victims->push_back(std::move(it->second.file));
    open_.erase(it);
    lru_.pop_back();
    ++evictions_;
  }
}

OpenFileLimiter::Stats OpenFileLimiter::stats() const {
  std::lock_guard lock(mu_);
  return Stats{open_.size(), opens_, evictions_};
}

}  // namespace stepdb
