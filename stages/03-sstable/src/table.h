// Table: reads an immutable table file written by TableBuilder (table_format.h).
//
// Open reads the footer, checks its magic number and version, and keeps the index block and
// (with a matching filter policy) the filter block in memory for the table's lifetime. Data
// blocks are read on demand, always through options.block_cache: Lookup, and on a miss read
// the block from the file, check its checksum, parse it and Insert it. The checksum is
// checked the first time the table reads a block; when the cache has dropped it and it is
// read again, it is trusted (unless TableReadOptions::verify_checksums), so that a lookup
// reads the restart array and one restart interval, not every byte of the block. A point
// lookup thus costs at most one data block read:
//
//   Get(key):  filter says "certainly absent"?  -> kAbsent, no block read
//              index.Seek(key): the first block whose last key >= key (none -> kAbsent)
//              block.Seek(key): the entry there, if its key == key
//
// A table answers only for itself: Get reports a tombstone as kDeleted and the caller stops
// looking at older sources; kAbsent sends it on to the next older source.
//
// Iterators keep the table alive (shared ownership), so a table closed by its owner, say
// after a compaction replaced it, stays readable by a scan still running on it. A block
// needs neither the table nor its file open: it pins its bytes (block.h), in the file's
// mapping or in a buffer of their own.
//
// Every Corruption names the file and the offset of the damaged block (or footer).
//
// Thread safety: a Table is immutable once open; Get and NewIterator may be called from many
// threads at once. Each iterator belongs to one thread at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "block.h"
#include "common/result.h"
#include "file_system.h"
#include "iterator.h"
#include "table_format.h"
#include "table_options.h"

namespace stepdb {

class Table : public std::enable_shared_from_this<Table> {
 public:
  // Opens the table in `file` of `file_size` bytes; `name` (its path) appears in error
  // messages. Corruption if the footer, the index or the meta-index is damaged, or if the
  // filter block named for options.filter_policy is; IOError from the file.
  static Result<std::shared_ptr<Table>> Open(std::unique_ptr<RandomAccessFile> file,
                                             uint64_t file_size, std::string name,
                                             TableOptions options);

  // Takes the table's blocks out of the block cache.
  ~Table();
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // What this table holds for key: kFound (the value is copied into *value), kDeleted, or
  // kAbsent. Corruption or IOError if a block on the way cannot be read.
  Result<LookupState> Get(std::string_view key, std::string* value,
                          const TableReadOptions& read_options = {}) const;

  // An iterator over every entry of the table, tombstones included, in key order.
  std::unique_ptr<Iterator> NewIterator(const TableReadOptions& read_options = {}) const;

  // The data block at handle, from the block cache or from the file (then offered to the
  // cache if read_options.fill_cache). Corruption names the file and handle.offset.
  Result<std::shared_ptr<const Block>> ReadDataBlock(const BlockHandle& handle,
                                                     const TableReadOptions& read_options) const;

  const std::string& name() const { return name_; }
  uint64_t file_size() const { return file_size_; }
  const Footer& footer() const { return footer_; }
  // The index: last key of each data block -> its handle.
  const Block& index_block() const { return *index_; }
  // True iff Get consults a filter (the table has one for options.filter_policy).
  bool has_filter() const { return has_filter_; }

 private:
  Table(std::unique_ptr<RandomAccessFile> file, uint64_t file_size, std::string name,
        TableOptions options)
      : file_(std::move(file)),
        file_size_(file_size),
        name_(std::move(name)),
        options_(std::move(options)) {}

  // Reads and parses the block at handle, straight from the file (not cached).
  Result<std::shared_ptr<const Block>> ReadBlockFromFile(const BlockHandle& handle,
                                                         bool verify_checksum = true) const;
  // Notes the offset of every data block that the index names, for ChecksumChecked.
  void ListDataBlocks();
  // The flag that says whether the data block at offset has passed its checksum in this
  // table; nullptr if offset is not a data block the index named at Open.
  std::atomic<bool>* ChecksumChecked(uint64_t offset) const;
  // Finds and reads the filter block for options_.filter_policy, if the table has one.
  Status ReadFilter();
  Status CheckHandle(const BlockHandle& handle, std::string_view what) const {
    return CheckBlockHandle(handle, file_size_, name_, what);
  }

  const std::unique_ptr<RandomAccessFile> file_;
  const uint64_t file_size_;
  const std::string name_;
  const TableOptions options_;
  uint64_t cache_id_ = 0;
  Footer footer_;
  std::shared_ptr<const Block> index_;
  bool has_filter_ = false;
  std::string filter_;  // the filter block's contents, if has_filter_
  // The data blocks' offsets in file order, and for each whether its checksum has matched
  // once. Empty if the index could not be walked at Open: then every read is checked (and
  // the damage reported where a lookup meets it).
  std::vector<uint64_t> data_block_offsets_;
  std::unique_ptr<std::atomic<bool>[]> checksum_checked_;
};

}  // namespace stepdb
