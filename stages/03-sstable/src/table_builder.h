// TableBuilder: writes sorted entries as an immutable table file (table_format.h).
//
// Entries arrive in strictly increasing key order (a memtable being flushed, the output of
// a merge). They fill a data block until it reaches block_size bytes; the block is then
// written with its trailer, and the index gets an entry: the block's last key -> its
// handle. Finish writes what is left: the last data block, the filter block (if a policy is
// set), the meta-index, the index and the footer.
//
//   | data block 0 | data block 1 | ... | filter | meta-index | index | footer |
//
// The builder keeps one data block and the index in memory, never the whole table, so a
// table of any size is written in one pass with bounded memory (plus the filter builder's
// per-key state).
//
// The builder only appends. Making the file durable is the caller's step: Sync and Close
// it after Finish, before recording the table anywhere (the engine's manifest). A builder
// destroyed without Finish leaves a partial file for the caller to remove.
//
// Thread safety: a TableBuilder belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "block_builder.h"
#include "common/status.h"
#include "file_system.h"
#include "table_format.h"
#include "table_options.h"

namespace stepdb {

class TableBuilder {
 public:
  // Writes a table into `file`, borrowed. REQUIRES: file is empty and outlives the builder;
  // options.block_restart_interval >= 1.
  TableBuilder(TableOptions options, WritableFile* file);

  TableBuilder(const TableBuilder&) = delete;
  TableBuilder& operator=(const TableBuilder&) = delete;

  // Appends an entry. InvalidArgument if key is not strictly greater than the previous key;
  // the file's error if a write fails. After any error the builder is spent: every later
  // call returns that error.
  Status Add(std::string_view key, EntryKind kind, std::string_view value);

  // Writes the rest of the table. REQUIRES: called once. Does not sync or close the file.
  Status Finish();

  // The first error met, or ok.
  Status status() const { return status_; }

  uint64_t num_entries() const { return num_entries_; }
  // The bytes written so far; the size of the table once Finish succeeded.
  uint64_t file_size() const { return offset_; }
  // The first and the last key added. REQUIRES: num_entries() > 0
  std::string_view smallest_key() const { return smallest_key_; }
  std::string_view largest_key() const;

 private:
  // Writes the current data block and adds its index entry.
  Status FlushDataBlock();
  // Writes contents and their trailer at the end of the file; *handle says where.
  Status WriteBlock(std::string_view contents, BlockHandle* handle);
  Status Fail(Status status);

  const TableOptions options_;
  WritableFile* const file_;
  BlockBuilder data_block_;
  BlockBuilder index_block_;               // its last key is the last key of the last block written
  std::unique_ptr<FilterBuilder> filter_;  // null without a filter policy
  uint64_t offset_ = 0;
  uint64_t num_entries_ = 0;
  std::string smallest_key_;
  std::string handle_buffer_;  // reused for every index entry
  bool finished_ = false;
  Status status_;
};

}  // namespace stepdb
