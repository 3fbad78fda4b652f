// RemoveWhenObsoleteFile: a table file that deletes itself after its last reader, if its
// table has left the tree.
//
// When a compaction (stage 05) replaces a table, the file cannot go at once: a Get that took
// the previous version a moment ago, a scan, or the compaction's own iterators may still read
// it. Readers hold the Table through shared_ptrs (versions, iterators), and the Table owns its
// file, so the file object dies exactly when the last reader lets go. This wrapper turns that
// moment into the deletion:
//
//   version 7 ──┐                          ApplyEdit: table 12 left the tree,
//   iterator ───┼──▶ shared_ptr<Table 12>     obsolete = true
//   Get ────────┘              │ the last shared_ptr is dropped
//                              ▼
//               ~Table ──▶ ~RemoveWhenObsoleteFile: close the file, then remove it
//
// The Table takes its blocks out of the block cache as it goes (BlockCache::EraseTable), so a
// mapped file's disk space returns once the last iterator still reading one of its blocks
// lets go. If the process dies first, the file is named by no MANIFEST, and start-up deletes
// it as an orphan (manifest.h, rule 1). A failed removal is only logged, for the same reason.
//
// Thread safety: reads may come from many threads at once, as for any RandomAccessFile; the
// flag may be set from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "file_system.h"

namespace stepdb {

class RemoveWhenObsoleteFile final : public RandomAccessFile {
 public:
  // Reads through `file` (path `path` in `fs`), and removes path on destruction iff
  // *obsolete is then true. `fs` must outlive this object.
  RemoveWhenObsoleteFile(std::unique_ptr<RandomAccessFile> file, FileSystem* fs, std::string path,
                         std::shared_ptr<std::atomic<bool>> obsolete)
      : file_(std::move(file)), fs_(fs), path_(std::move(path)), obsolete_(std::move(obsolete)) {}
  ~RemoveWhenObsoleteFile() override;
  RemoveWhenObsoleteFile(const RemoveWhenObsoleteFile&) = delete;
  RemoveWhenObsoleteFile& operator=(const RemoveWhenObsoleteFile&) = delete;

  Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const override {
    return file_->Read(offset, n, result, scratch);
  }
  Status ReadPinned(uint64_t offset, size_t n, std::string_view* result,
                    std::shared_ptr<const void>* pin) const override {
    return file_->ReadPinned(offset, n, result, pin);
  }

 private:
  std::unique_ptr<RandomAccessFile> file_;
  FileSystem* const fs_;
  const std::string path_;
  const std::shared_ptr<std::atomic<bool>> obsolete_;
};

}  // namespace stepdb
