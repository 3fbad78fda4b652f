#include "mem_file_system.h"

#include <algorithm>
#include <cstring>
#include <thread>

namespace stepdb {
namespace {

std::string Normalize(const std::string& path) {
  std::string out = path;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// "dir/name" -> "dir"; "name" -> "."; "/name" -> "/".
std::string Parent(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Status CrashedHandle(const std::string& what) {
  return Status::IOError(what + ": the file was opened by a process that has since crashed");
}

}  // namespace

class MemFileSystem::MemWritableFile : public WritableFile {
 public:
  MemWritableFile(MemFileSystem* fs, std::string path, std::shared_ptr<File> file, uint64_t epoch)
      : fs_(fs), path_(std::move(path)), file_(std::move(file)), epoch_(epoch) {}

  Status Append(std::string_view data) override {
    std::lock_guard lock(fs_->mu_);
    STEPDB_RETURN_IF_ERROR(CheckUsable("append"));
    STEPDB_RETURN_IF_ERROR(fs_->CheckNotFrozenLocked("append " + path_));
    return fs_->AppendLocked(*file_, data);
  }

  Status Flush() override {
    std::lock_guard lock(fs_->mu_);
    STEPDB_RETURN_IF_ERROR(CheckUsable("flush"));
    STEPDB_RETURN_IF_ERROR(fs_->CheckNotFrozenLocked("flush " + path_));
    file_->flushed = file_->data.size();
    return Status::Ok();
  }

  Status Sync() override {
    {
      std::lock_guard lock(fs_->mu_);
      STEPDB_RETURN_IF_ERROR(CheckUsable("sync"));
      STEPDB_RETURN_IF_ERROR(fs_->CheckNotFrozenLocked("sync " + path_));
    }
    return fs_->SyncFile(file_, epoch_);
  }

  Status Close() override {
    std::lock_guard lock(fs_->mu_);
    if (closed_) return Status::Ok();
    STEPDB_RETURN_IF_ERROR(CheckUsable("close"));
    STEPDB_RETURN_IF_ERROR(fs_->CheckNotFrozenLocked("close " + path_));
    file_->flushed = file_->data.size();
    closed_ = true;
    return Status::Ok();
  }

 private:
  // REQUIRES: fs_->mu_ held.
  Status CheckUsable(const char* what) const {
    if (epoch_ != fs_->epoch_) return CrashedHandle(std::string(what) + " " + path_);
    if (closed_) return Status::IOError(std::string(what) + " " + path_ + ": file is closed");
    return Status::Ok();
  }

  MemFileSystem* fs_;
  std::string path_;
  std::shared_ptr<File> file_;
  uint64_t epoch_;
  bool closed_ = false;  // guarded by fs_->mu_
};

class MemFileSystem::MemSequentialFile : public SequentialFile {
 public:
  MemSequentialFile(MemFileSystem* fs, std::shared_ptr<File> file)
      : fs_(fs), file_(std::move(file)) {}

  Status Read(size_t n, std::string_view* result, char* scratch) override {
    std::lock_guard lock(fs_->mu_);
    const size_t size = file_->data.size();
    const size_t count = position_ >= size ? 0 : std::min<size_t>(n, size - position_);
    std::memcpy(scratch, file_->data.data() + position_, count);
    position_ += count;
    *result = std::string_view(scratch, count);
    return Status::Ok();
  }

 private:
  MemFileSystem* fs_;
  std::shared_ptr<File> file_;
  size_t position_ = 0;
};

class MemFileSystem::MemRandomAccessFile : public RandomAccessFile {
 public:
  MemRandomAccessFile(MemFileSystem* fs, std::shared_ptr<File> file)
      : fs_(fs), file_(std::move(file)) {}

  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    std::lock_guard lock(fs_->mu_);
    const uint64_t size = file_->data.size();
    const size_t count =
        offset >= size ? 0 : static_cast<size_t>(std::min<uint64_t>(n, size - offset));
    std::memcpy(scratch, file_->data.data() + offset, count);
    *result = std::string_view(scratch, count);
    return Status::Ok();
  }

 private:
  MemFileSystem* fs_;
  std::shared_ptr<File> file_;
};

class MemFileSystem::MemFileLock : public FileLock {
 public:
  MemFileLock(MemFileSystem* fs, std::string path, uint64_t epoch)
      : fs_(fs), path_(std::move(path)), epoch_(epoch) {}
  ~MemFileLock() override { fs_->ReleaseLock(path_, epoch_); }

 private:
  MemFileSystem* fs_;
  std::string path_;
  uint64_t epoch_;
};

Result<std::unique_ptr<WritableFile>> MemFileSystem::NewWritableFile(const std::string& path) {
  return OpenForWrite(Normalize(path), /*truncate=*/true);
}

Result<std::unique_ptr<WritableFile>> MemFileSystem::NewAppendableFile(const std::string& path) {
  return OpenForWrite(Normalize(path), /*truncate=*/false);
}

Result<std::unique_ptr<WritableFile>> MemFileSystem::OpenForWrite(const std::string& path,
                                                                  bool truncate) {
  std::lock_guard lock(mu_);
  STEPDB_RETURN_IF_ERROR(CheckNotFrozenLocked("open " + path));
  if (!DirExistsLocked(Parent(path)))
    return Status::NotFound("open " + path + ": no such directory");
  if (dirs_.count(path) != 0) return Status::IOError("open " + path + ": is a directory");
  std::shared_ptr<File>& file = files_[path];
  if (file == nullptr) {
    file = std::make_shared<File>();
  } else if (truncate) {
    file->data.clear();
    file->flushed = 0;
    file->synced = 0;
  }
  return std::unique_ptr<WritableFile>(new MemWritableFile(this, path, file, epoch_));
}

Result<std::unique_ptr<SequentialFile>> MemFileSystem::NewSequentialFile(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) return Status::NotFound("open " + path + ": no such file");
  return std::unique_ptr<SequentialFile>(new MemSequentialFile(this, it->second));
}

Result<std::unique_ptr<RandomAccessFile>> MemFileSystem::NewRandomAccessFile(
    const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) return Status::NotFound("open " + path + ": no such file");
  return std::unique_ptr<RandomAccessFile>(new MemRandomAccessFile(this, it->second));
}

bool MemFileSystem::FileExists(const std::string& path) {
  std::lock_guard lock(mu_);
  const std::string name = Normalize(path);
  return files_.count(name) != 0 || DirExistsLocked(name);
}

Result<std::vector<std::string>> MemFileSystem::GetChildren(const std::string& dir) {
  std::lock_guard lock(mu_);
  const std::string name = Normalize(dir);
  if (!DirExistsLocked(name)) return Status::NotFound("opendir " + dir + ": no such directory");
  std::vector<std::string> children;
  for (const auto& [path, file] : files_) {
    if (Parent(path) == name) children.push_back(BaseName(path));
  }
  for (const std::string& path : dirs_) {
    if (path != name && Parent(path) == name) children.push_back(BaseName(path));
  }
  return children;
}

Result<uint64_t> MemFileSystem::GetFileSize(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) return Status::NotFound("stat " + path + ": no such file");
  return static_cast<uint64_t>(it->second->data.size());
}

Status MemFileSystem::RemoveFile(const std::string& path) {
  std::lock_guard lock(mu_);
  STEPDB_RETURN_IF_ERROR(CheckNotFrozenLocked("unlink " + path));
  if (files_.erase(Normalize(path)) == 0)
    return Status::NotFound("unlink " + path + ": no such file");
  return Status::Ok();
}

Status MemFileSystem::RenameFile(const std::string& from, const std::string& to) {
  std::lock_guard lock(mu_);
  STEPDB_RETURN_IF_ERROR(CheckNotFrozenLocked("rename " + from));
  const std::string source = Normalize(from);
  const std::string target = Normalize(to);
  auto it = files_.find(source);
  if (it == files_.end()) return Status::NotFound("rename " + from + ": no such file");
  if (!DirExistsLocked(Parent(target))) {
    return Status::NotFound("rename " + from + " to " + to + ": no such directory");
  }
  std::shared_ptr<File> file = it->second;
  files_.erase(it);
  files_[target] = std::move(file);
  return Status::Ok();
}

Status MemFileSystem::Truncate(const std::string& path, uint64_t size) {
  std::lock_guard lock(mu_);
  STEPDB_RETURN_IF_ERROR(CheckNotFrozenLocked("truncate " + path));
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) return Status::NotFound("truncate " + path + ": no such file");
  File& file = *it->second;
  const bool grows = size > file.data.size();
  file.data.resize(size, '\0');
  if (grows) {
    file.flushed = size;
  } else {
    file.flushed = std::min(file.flushed, size);
    file.synced = std::min(file.synced, size);
  }
  return Status::Ok();
}

Status MemFileSystem::CreateDir(const std::string& dir) {
  std::lock_guard lock(mu_);
  STEPDB_RETURN_IF_ERROR(CheckNotFrozenLocked("mkdir " + dir));
  std::string name = Normalize(dir);
  if (files_.count(name) != 0) return Status::IOError("mkdir " + dir + ": a file has that name");
  while (!DirExistsLocked(name)) {
    dirs_.insert(name);
    name = Parent(name);
  }
  return Status::Ok();
}

Status MemFileSystem::SyncDir(const std::string& dir) {
  std::lock_guard lock(mu_);
  STEPDB_RETURN_IF_ERROR(CheckNotFrozenLocked("fsync " + dir));
  const std::string name = Normalize(dir);
  if (!DirExistsLocked(name)) return Status::NotFound("open " + dir + ": no such directory");
  std::erase_if(durable_files_, [&](const auto& entry) { return Parent(entry.first) == name; });
  for (const auto& [path, file] : files_) {
    if (Parent(path) == name) durable_files_[path] = file;
  }
  return Status::Ok();
}

Result<std::unique_ptr<FileLock>> MemFileSystem::LockFile(const std::string& path) {
  std::lock_guard lock(mu_);
  STEPDB_RETURN_IF_ERROR(CheckNotFrozenLocked("lock " + path));
  const std::string name = Normalize(path);
  if (!DirExistsLocked(Parent(name)))
    return Status::NotFound("open " + path + ": no such directory");
  if (!locked_.insert(name).second) return Status::Busy(path + " is locked by another process");
  std::shared_ptr<File>& file = files_[name];
  if (file == nullptr) file = std::make_shared<File>();
  return std::unique_ptr<FileLock>(new MemFileLock(this, name, epoch_));
}

void MemFileSystem::ReleaseLock(const std::string& path, uint64_t epoch) {
  std::lock_guard lock(mu_);
  // A lock from before a crash was released by the crash; the name may be locked again since.
  if (epoch == epoch_) locked_.erase(path);
}

void MemFileSystem::DropUnflushedData() {
  std::lock_guard lock(mu_);
  for (auto* names : {&files_, &durable_files_}) {
    for (auto& [path, file] : *names) file->data.resize(file->flushed);
  }
  ++epoch_;
  locked_.clear();
}

void MemFileSystem::DropUnsyncedData() {
  std::lock_guard lock(mu_);
  for (auto* names : {&files_, &durable_files_}) {
    for (auto& [path, file] : *names) {
      file->data.resize(file->synced);
      file->flushed = file->synced;
    }
  }
  files_ = durable_files_;
  ++epoch_;
  locked_.clear();
}

void MemFileSystem::FailWritesAfter(uint64_t bytes) {
  std::lock_guard lock(mu_);
  write_budget_ = bytes;
}

void MemFileSystem::FailSyncs(bool fail) {
  std::lock_guard lock(mu_);
  fail_syncs_ = fail;
}

void MemFileSystem::Freeze() {
  std::lock_guard lock(mu_);
  frozen_ = true;
}

Status MemFileSystem::CheckNotFrozenLocked(const std::string& what) const {
  if (frozen_) return Status::IOError(what + ": the file system is frozen (a crash test)");
  return Status::Ok();
}

void MemFileSystem::ClearFaults() {
  std::lock_guard lock(mu_);
  write_budget_.reset();
  fail_syncs_ = false;
  frozen_ = false;
}

Status MemFileSystem::FlipBits(const std::string& path, uint64_t offset, uint8_t mask) {
  std::lock_guard lock(mu_);
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) return Status::NotFound("flip " + path + ": no such file");
  std::string& data = it->second->data;
  if (offset >= data.size()) {
    return Status::InvalidArgument("flip " + path + ": offset " + std::to_string(offset) +
                                   " is past the end (" + std::to_string(data.size()) + " bytes)");
  }
  data[offset] = static_cast<char>(static_cast<uint8_t>(data[offset]) ^ mask);
  return Status::Ok();
}

Status MemFileSystem::SetContents(const std::string& path, std::string_view data) {
  std::lock_guard lock(mu_);
  const std::string name = Normalize(path);
  if (!DirExistsLocked(Parent(name)))
    return Status::NotFound("open " + path + ": no such directory");
  auto file = std::make_shared<File>();
  file->data = std::string(data);
  file->flushed = file->synced = data.size();
  files_[name] = file;
  durable_files_[name] = file;
  return Status::Ok();
}

Result<uint64_t> MemFileSystem::SyncedSize(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) return Status::NotFound(path + ": no such file");
  return it->second->synced;
}

Result<uint64_t> MemFileSystem::FlushedSize(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = files_.find(Normalize(path));
  if (it == files_.end()) return Status::NotFound(path + ": no such file");
  return it->second->flushed;
}

uint64_t MemFileSystem::sync_count() const {
  std::lock_guard lock(mu_);
  return sync_count_;
}

void MemFileSystem::SetSyncDelay(std::chrono::microseconds delay) {
  std::lock_guard lock(mu_);
  sync_delay_ = delay;
}

Status MemFileSystem::AppendLocked(File& file, std::string_view data) {
  if (write_budget_.has_value()) {
    if (data.size() > *write_budget_) {
      file.data.append(data.substr(0, *write_budget_));
      write_budget_ = 0;
      return Status::IOError("append: injected write failure (no space left on device)");
    }
    *write_budget_ -= data.size();
  }
  file.data.append(data);
  return Status::Ok();
}

Status MemFileSystem::SyncFile(const std::shared_ptr<File>& file, uint64_t epoch) {
  uint64_t target = 0;
  std::chrono::microseconds delay{0};
  {
    std::lock_guard lock(mu_);
    if (fail_syncs_) return Status::IOError("fdatasync: injected sync failure (I/O error)");
    file->flushed = file->data.size();
    target = file->flushed;
    delay = sync_delay_;
  }
  // Sleeping outside the lock lets other threads append meanwhile, as they could during a
  // real fdatasync; only the bytes present when the sync began become durable.
  if (delay.count() > 0) std::this_thread::sleep_for(delay);
  std::lock_guard lock(mu_);
  if (epoch != epoch_) return CrashedHandle("sync");
  file->synced = std::max(file->synced, std::min<uint64_t>(target, file->data.size()));
  ++sync_count_;
  return Status::Ok();
}

bool MemFileSystem::DirExistsLocked(const std::string& dir) const {
  return dir == "." || dir == "/" || dir.empty() || dirs_.count(dir) != 0;
}

}  // namespace stepdb
