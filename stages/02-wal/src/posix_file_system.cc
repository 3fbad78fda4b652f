// PosixFileSystem: FileSystem over open/read/write/fdatasync.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "file_system.h"

namespace stepdb {
namespace {

Status PosixError(const std::string& context, int error) {
  if (error == ENOENT) return Status::NotFound(context + ": " + std::strerror(error));
  return Status::IOError(context + ": " + std::strerror(error));
}

// Buffers small appends in user space (64 KiB) so that a log of small records costs one
// write() per buffer, not one per record.
class PosixWritableFile : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) Close().IgnoreError();  // a destructor cannot report; call Close() to see
  }

  Status Append(std::string_view data) override {
    if (buffer_.size() + data.size() > kBufferBytes) STEPDB_RETURN_IF_ERROR(Flush());
    if (data.size() >= kBufferBytes) return WriteAll(data);
    buffer_.append(data);
    return Status::Ok();
  }

  Status Flush() override {
    Status status = WriteAll(buffer_);
    buffer_.clear();
    return status;
  }

  Status Sync() override {
    STEPDB_RETURN_IF_ERROR(Flush());
    if (fdatasync(fd_) != 0) return PosixError("fdatasync " + path_, errno);
    return Status::Ok();
  }

  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    Status status = Flush();
    if (close(fd_) != 0 && status.ok()) status = PosixError("close " + path_, errno);
    fd_ = -1;
    return status;
  }

 private:
  static constexpr size_t kBufferBytes = 64 * 1024;

  Status WriteAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return PosixError("write " + path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  std::string path_;
  int fd_;
  std::string buffer_;
};

class PosixSequentialFile : public SequentialFile {
 public:
  PosixSequentialFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixSequentialFile() override { close(fd_); }

  Status Read(size_t n, std::string_view* result, char* scratch) override {
    while (true) {
      ssize_t got = read(fd_, scratch, n);
      if (got < 0) {
        if (errno == EINTR) continue;
        return PosixError("read " + path_, errno);
      }
      *result = std::string_view(scratch, static_cast<size_t>(got));
      return Status::Ok();
    }
  }

 private:
  std::string path_;
  int fd_;
};

class PosixRandomAccessFile : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixRandomAccessFile() override { close(fd_); }

  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    size_t done = 0;
    while (done < n) {
      ssize_t got = pread(fd_, scratch + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0) {
        if (errno == EINTR) continue;
        return PosixError("pread " + path_, errno);
      }
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    *result = std::string_view(scratch, done);
    return Status::Ok();
  }

 private:
  std::string path_;
  int fd_;
};

// A whole file mapped into memory: a read is a pointer into the mapping, with no system call
// and no copy (LevelDB reads its tables the same way on 64-bit systems). The file descriptor
// is closed once mapped; the mapping keeps the file's pages, and survives the file's removal.
// Tables never change once written, so the size at open is the size for good.
//
// The mapping is shared: the file holds it, and so does every pin that ReadPinned hands out,
// so a block kept from this file (in a block cache, say) stays readable after the file is
// closed; the last holder unmaps it. Truncating the file while it is mapped would make those
// reads fault (SIGBUS), which is one more reason a table file never changes.
class PosixMmapFile : public RandomAccessFile {
 public:
  PosixMmapFile(std::string path, const char* base, size_t size)
      : path_(std::move(path)), mapping_(std::make_shared<const Mapping>(base, size)) {}

  Status Read(uint64_t offset, size_t n, std::string_view* result,
              char* /*scratch*/) const override {
    *result = View(offset, n);
    return Status::Ok();
  }

  Status ReadPinned(uint64_t offset, size_t n, std::string_view* result,
                    std::shared_ptr<const void>* pin) const override {
    *result = View(offset, n);
    *pin = mapping_;
    return Status::Ok();
  }

 private:
  struct Mapping {
    Mapping(const char* base, size_t size) : base(base), size(size) {}
    ~Mapping() { munmap(const_cast<char*>(base), size); }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;

    const char* const base;
    const size_t size;
  };

  std::string_view View(uint64_t offset, size_t n) const {
    if (offset >= mapping_->size) return {};
    return {mapping_->base + offset,
            static_cast<size_t>(std::min<uint64_t>(n, mapping_->size - offset))};
  }

  const std::string path_;
  const std::shared_ptr<const Mapping> mapping_;
};

// flock() locks belong to the open file description, so a second open() of the same file
// cannot take the lock even inside one process, and the kernel drops the lock when the
// process dies (kill -9 included): a stale LOCK file never blocks a restart.
class PosixFileLock : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override { close(fd_); }

 private:
  int fd_;
};

class PosixFileSystem : public FileSystem {
 public:
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    return OpenForWrite(path, O_TRUNC);
  }
  Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override {
    return OpenForWrite(path, O_APPEND);
  }

  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError("open " + path, errno);
    return std::unique_ptr<SequentialFile>(new PosixSequentialFile(path, fd));
  }

  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PosixError("open " + path, errno);
    struct stat st {};
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      const auto size = static_cast<size_t>(st.st_size);
      void* base = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
      if (base != MAP_FAILED) {
        close(fd);
        return std::unique_ptr<RandomAccessFile>(
            new PosixMmapFile(path, static_cast<const char*>(base), size));
      }
    }
    // An empty file cannot be mapped, and a mapping may be refused (address space, limits):
    // pread works for both.
    return std::unique_ptr<RandomAccessFile>(new PosixRandomAccessFile(path, fd));
  }

  bool FileExists(const std::string& path) override { return access(path.c_str(), F_OK) == 0; }

  Result<std::vector<std::string>> GetChildren(const std::string& dir) override {
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return PosixError("opendir " + dir, errno);
    std::vector<std::string> names;
    while (dirent* entry = readdir(d)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
    closedir(d);
    return names;
  }

  Result<uint64_t> GetFileSize(const std::string& path) override {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return PosixError("stat " + path, errno);
    return static_cast<uint64_t>(st.st_size);
  }

  Status RemoveFile(const std::string& path) override {
    if (unlink(path.c_str()) != 0) return PosixError("unlink " + path, errno);
    return Status::Ok();
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    if (rename(from.c_str(), to.c_str()) != 0) {
      return PosixError("rename " + from + " to " + to, errno);
    }
    return Status::Ok();
  }

  Status Truncate(const std::string& path, uint64_t size) override {
    if (truncate(path.c_str(), static_cast<off_t>(size)) != 0) {
      return PosixError("truncate " + path, errno);
    }
    return Status::Ok();
  }

  Status CreateDir(const std::string& dir) override {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return Status::IOError("mkdir " + dir + ": " + error.message());
    return Status::Ok();
  }

  Status SyncDir(const std::string& dir) override {
    int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return PosixError("open " + dir, errno);
    int rc = fsync(fd);
    int error = errno;
    close(fd);
    if (rc != 0) return PosixError("fsync " + dir, error);
    return Status::Ok();
  }

  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return PosixError("open " + path, errno);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      close(fd);
      if (error == EWOULDBLOCK) return Status::Busy(path + " is locked by another process");
      return PosixError("flock " + path, error);
    }
    return std::unique_ptr<FileLock>(new PosixFileLock(fd));
  }

 private:
  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path, int mode) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | mode, 0644);
    if (fd < 0) return PosixError("open " + path, errno);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(path, fd));
  }
};

}  // namespace

FileSystem* DefaultFileSystem() {
  static PosixFileSystem* fs = new PosixFileSystem;  // never destroyed: used until exit
  return fs;
}

}  // namespace stepdb
