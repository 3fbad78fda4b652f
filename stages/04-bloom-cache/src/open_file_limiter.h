// OpenFileLimiter: a FileSystem that keeps at most N random-access files open at once.
//
// Every live table holds its file open for reading, and a process may open only so many
// files (`ulimit -n`, often 1024), sockets and logs included. A database of thousands of
// tables would run out. This decorator bounds the number of table files open, without the
// table layer knowing: it wraps another FileSystem, and the RandomAccessFiles it hands out
// open the real file only while they are among the N most recently read.
//
//   Table ── RandomAccessFile (a handle: path + id, no descriptor of its own)
//                 │ Read / ReadPinned(offset, n)
//                 ▼
//   LRU of open files, at most N:  [id 7: fd] <-> [id 3: fd] <-> ... <-> [id 1: fd]
//                 │ hit: read through the open file, move it to the front
//                 │ miss: close the file at the back if N are open, open this one again
//                 ▼
//   base FileSystem (POSIX)
//
// Everything but NewRandomAccessFile goes straight to the base file system (the limiter is a
// FileSystemWrapper around it). Logs, the MANIFEST and tables being written are few and
// short-lived, so they are not counted.
//
// The cost. A read of a file that is not open pays an open(2) and a close(2) (of the file
// evicted) on top of the read: a few microseconds and a path lookup, against the tens of
// microseconds of a disk read. It happens only on a block cache miss (the index and the
// filter of a table stay in memory from Table::Open), so with a cache that holds the hot
// blocks, it is rare. With N at least the number of tables, every file stays open, as
// without the limiter. LevelDB bounds the same thing differently: its TableCache keeps at most
// max_open_files *tables* open, and reopening one reads its index and filter again.
//
// The bound. A reader holds the open file it reads from for the duration of one Read, so a
// file evicted meanwhile is closed when that Read ends; and files are opened and closed
// outside the lock, so for a moment a thread may hold one it is opening and one it evicted.
// So at most N files are kept open, plus at most two per thread that is in a Read.
//
// Pinned bytes. Tables read their blocks with ReadPinned, and the block cache keeps them
// without a copy. What keeps a block's bytes is the pin of the base file's read, not the
// open file: a POSIX table file pins its memory mapping, which outlives the file's close, so
// a block stays readable after the limiter closed its file to make room. A mapping holds no
// file descriptor, so the bound above on descriptors is unchanged; what the pins hold is
// address space and the file's pages, until the last block that pins them leaves the cache
// (a file closed and reopened meanwhile is mapped once per opening that still has pinned
// blocks). A table's blocks leave the cache at the latest when the table is destroyed.
//
// Limits. A handle reopens its file by name, so the file must keep that name while a handle
// to it lives: a table file removed (or renamed) while its Table is still open can no longer
// be read once its descriptor was closed (reads fail with the base file system's NotFound
// or IOError); only the blocks pinned before stay readable. A real descriptor would have kept
// the unlinked file readable.
//
// Thread safety: every method may be called from many threads at once; a RandomAccessFile
// it hands out may be read from many threads at once. The limiter must outlive them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "file_system.h"
#include "file_system_wrapper.h"

namespace stepdb {

class OpenFileLimiter final : public FileSystemWrapper {
 public:
  static constexpr size_t kDefaultMaxOpenFiles = 500;

  struct Stats {
    size_t open = 0;         // random-access files open now in the base file system
    uint64_t opens = 0;      // opens so far, first ones and reopens
    uint64_t evictions = 0;  // files closed to make room for another
  };

  // REQUIRES: max_open_files >= 1; base outlives the limiter.
  OpenFileLimiter(FileSystem* base, size_t max_open_files);
  ~OpenFileLimiter() override;
  OpenFileLimiter(const OpenFileLimiter&) = delete;
  OpenFileLimiter& operator=(const OpenFileLimiter&) = delete;

  // Opens path at once (so a missing file is reported here, as by the base file system) and
  // returns a handle that reopens it whenever it was closed to make room. Every other call is
  // the base file system's, forwarded by FileSystemWrapper.
  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(const std::string& path) override;

  size_t max_open_files() const { return max_open_files_; }
  Stats stats() const;

 private:
  class LimitedFile;
  using OpenFile = std::shared_ptr<RandomAccessFile>;

  // The open file of handle `id`, opening `path` if it is not open; makes it the most
  // recently used. The caller reads through the returned reference and then drops it.
  Result<OpenFile> Acquire(uint64_t id, const std::string& path);
  // Closes handle id's file, if open (the handle is being destroyed).
  void Forget(uint64_t id);
  // Moves the least recently used open files into *victims until at most `keep` are open.
  // REQUIRES: mu_ held. The caller destroys *victims after releasing mu_ (closing a file is
  // a system call).
  void EvictLocked(size_t keep, std::vector<OpenFile>* victims);

  const size_t max_open_files_;

  struct Slot {
    OpenFile file;
    std::list<uint64_t>::iterator position;  // in lru_
  };
  mutable std::mutex mu_;
  uint64_t next_id_ = 1;                     // guarded by mu_
  std::list<uint64_t> lru_;                  // guarded by mu_; handle ids, front = newest
  std::unordered_map<uint64_t, Slot> open_;  // guarded by mu_
  uint64_t opens_ = 0;                       // guarded by mu_
  uint64_t evictions_ = 0;                   // guarded by mu_
};

}  // namespace stepdb
