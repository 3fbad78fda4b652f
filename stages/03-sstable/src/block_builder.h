// BlockBuilder: packs sorted entries into one block of a table (docs/formats/sstable.md).
//
// A block is a run of entries followed by a restart array:
//
//   block        := entry* restart* num_restarts
//   entry        := shared:varint32 unshared:varint32 value_length:varint32 kind:uint8
//                   key_delta:byte[unshared] value:byte[value_length]
//   restart      := fixed32   offset of an entry that stores its whole key (shared == 0)
//   num_restarts := fixed32   >= 1
//
// Sorted keys share prefixes ("user:1041", "user:1042"), so an entry stores only the bytes
// of its key that differ from the previous key: `shared` bytes are taken from the previous
// key, `unshared` bytes follow. Every `restart_interval` entries the chain is cut and a key is
// stored whole; the restart array lists those entries, so a reader can binary-search them and
// decode at most restart_interval entries linearly (block.h). The interval trades space (a
// longer chain shares more bytes) against lookup time (a shorter chain decodes fewer entries).
//
// Data blocks, the index block and the meta-index block all use this format; the index
// stores block handles as values with kind kValue.
//
// Thread safety: a BlockBuilder belongs to one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "entry_kind.h"

namespace stepdb {

class BlockBuilder {
 public:
  // REQUIRES: restart_interval >= 1
  explicit BlockBuilder(int restart_interval);

  BlockBuilder(const BlockBuilder&) = delete;
  BlockBuilder& operator=(const BlockBuilder&) = delete;

  // Appends an entry. InvalidArgument (and nothing is added) if key is not strictly greater
  // than the previous key of this block, if the block was finished, or if the block would
  // outgrow the 32-bit offsets of its format. The value is written as given whatever the
  // kind (the table builder passes an empty one with a deletion).
  Status Add(std::string_view key, EntryKind kind, std::string_view value);

  // Appends the restart array and returns the whole block, which stays valid (and
  // unchanged) until Reset() or the builder's destruction. InvalidArgument if already
  // finished. An empty block is valid: no entries, one restart at offset 0.
  Result<std::string_view> Finish();

  // Forgets everything added, to build the next block with the same buffers.
  void Reset();

  // The size in bytes of the block Finish() would return now.
  size_t CurrentSizeEstimate() const;

  bool empty() const { return num_entries_ == 0; }
  size_t num_entries() const { return num_entries_; }
  // The key of the last entry added. REQUIRES: !empty()
  std::string_view last_key() const { return last_key_; }

 private:
  const int restart_interval_;
  std::string buffer_;              // the entries, then (once finished) the restart array
  std::vector<uint32_t> restarts_;  // offsets of the restart entries in buffer_
  int counter_ = 0;                 // entries since the last restart
  size_t num_entries_ = 0;
  bool finished_ = false;
  std::string last_key_;
};

}  // namespace stepdb
