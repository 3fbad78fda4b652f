// TableIterator: the entries of a whole table, through its index (a "two-level" iterator).
//
// The outer level walks the index block: one entry per data block. The inner level walks
// the current data block. Seek(target) seeks the index to the first block whose last key is
// >= target, then seeks inside that block; Next moves within the block and, at its end, to
// the first entry of the next block. Only the current data block is held (pinned by a
// shared_ptr, so the block cache may evict it meanwhile), and the inner BlockIterator is
// reset in place from block to block, so a full scan allocates per block read, not per
// entry.
//
// Blocks come through Table::ReadDataBlock, so every data block read goes through the
// block cache. A block that cannot be read or decoded ends the iteration with a Corruption
// (or IOError) naming the file and the block's offset.
//
// Thread safety: one thread at a time; the table it reads may be shared.
#pragma once

#include <cstdint>
#include <memory>

#include "block.h"
#include "iterator.h"
#include "table.h"
#include "table_options.h"

namespace stepdb {

class TableIterator final : public Iterator {
 public:
  TableIterator(std::shared_ptr<const Table> table, const TableReadOptions& read_options);

  bool Valid() const override { return status_.ok() && data_.Valid(); }
  void SeekToFirst() override;
  void Seek(std::string_view target) override;
  void Next() override;
  std::string_view key() const override { return data_.key(); }
  std::string_view value() const override { return data_.value(); }
  EntryKind kind() const override { return data_.kind(); }
  Status status() const override { return status_; }

 private:
  // Points data_ at the block the index is at (none if the index is past its end).
  void LoadDataBlock();
  // While data_ is past the end of its block, moves to the first entry of the next block.
  void SkipExhaustedBlocks();
  void Fail(Status status);

  const std::shared_ptr<const Table> table_;
  const TableReadOptions read_options_;
  BlockIterator index_;
  std::shared_ptr<const Block> block_;  // the block data_ reads; pinned while in use
  uint64_t block_offset_ = 0;
  BlockIterator data_;
  Status status_;
};

}  // namespace stepdb
