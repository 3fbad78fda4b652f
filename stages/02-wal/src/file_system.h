// FileSystem: the seam between the engine and the disk.
//
// Every file the engine touches (logs, tables, the manifest) goes through this interface, so
// a test can swap the real disk (PosixFileSystem) for an in-memory one that forgets every
// byte not yet synced, or fails a write at a chosen byte (MemFileSystem): a crash becomes a
// function call, and a crash test becomes deterministic. LevelDB's Env plays the same role.
//
// Durability vocabulary, used by every contract below:
//   Append   bytes reach the file object; they may sit in a user-space buffer
//   Flush    bytes reach the operating system; they survive a crash of the process
//   Sync     bytes reach the disk; they survive a power loss (fdatasync)
//   SyncDir  a created, renamed or removed name in a directory survives a power loss
//
// Errors are Status values (IOError with the path and errno text, NotFound for a missing
// file); nothing here throws. Paths are plain strings, "dir/name".
//
// Thread safety: a FileSystem may be used from many threads. A WritableFile or SequentialFile
// belongs to one thread at a time; a RandomAccessFile may be read from many threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"

namespace stepdb {

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  virtual Status Flush() = 0;
  virtual Status Sync() = 0;   // Flush, then make durable
  virtual Status Close() = 0;  // Flush, then release; the file is unusable afterwards
};

class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to n bytes into scratch and points *result at them (maybe inside scratch).
  // An empty *result with an ok Status means end of file.
  // REQUIRES: scratch holds at least n bytes.
  virtual Status Read(size_t n, std::string_view* result, char* scratch) = 0;
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to n bytes at offset; *result is shorter than n only at end of file. *result
  // points into scratch or into memory of the file's own (a mapped file), valid as long as
  // the file is open.
  virtual Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const = 0;

  // Reads as Read does, but *result stays valid as long as *pin (or a copy of it) is held,
  // even after the file is closed or removed: a reader can keep the bytes without copying
  // them. A mapped file points *result into its mapping and pins the mapping; the default
  // reads into a buffer of n bytes that *pin owns. On error, *result and *pin are unspecified.
  virtual Status ReadPinned(uint64_t offset, size_t n, std::string_view* result,
                            std::shared_ptr<const void>* pin) const;
};

// A held lock on a file (see FileSystem::LockFile); destroying it releases the lock.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Creates (or truncates) path for writing.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) = 0;
  // Opens path for appending, creating it if absent.
  virtual Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) = 0;
  virtual Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) = 0;
  // Opens path for reading at any offset. The file must not change while open, nor while
  // bytes pinned from it are held: a reader may see it as it was when opened (the POSIX one
  // maps it into memory, and a pin keeps the mapping).
  virtual Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(
      const std::string& path) = 0;

  virtual bool FileExists(const std::string& path) = 0;
  // The names (not paths) of the entries in dir, in no particular order.
  virtual Result<std::vector<std::string>> GetChildren(const std::string& dir) = 0;
  virtual Result<uint64_t> GetFileSize(const std::string& path) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from` (POSIX rename).
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Cuts path to `size` bytes (a torn log tail).
  virtual Status Truncate(const std::string& path, uint64_t size) = 0;
  // Creates dir and its missing parents; ok if it exists.
  virtual Status CreateDir(const std::string& dir) = 0;
  virtual Status SyncDir(const std::string& dir) = 0;
  // Creates path if absent and takes an exclusive lock on it, so that two processes (or two
  // engines in one process) never open the same data directory. Busy if someone holds it.
  // The lock is released when the returned object is destroyed or the process exits.
  virtual Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) = 0;

  // Reads a whole file (manifests, small files).
  Result<std::string> ReadFile(const std::string& path);
  // Writes a whole file through a temporary name and a rename, syncing both, so that after
  // a crash path holds either its old contents or `data`, never a mix.
  Status WriteFileAtomically(const std::string& path, std::string_view data);
};

// The real disk, through POSIX calls. The returned object lives for the whole program.
FileSystem* DefaultFileSystem();

}  // namespace stepdb
