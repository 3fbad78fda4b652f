// TableOptions and TableReadOptions: the knobs of the table layer.
//
// TableOptions are given to the builder of a table and to its reader. block_size and
// block_restart_interval only shape tables being written (a reader takes whatever the file
// holds); filter_policy must match on both sides for the filter to be used; block_cache is
// only read.
#pragma once

#include <cstddef>
#include <memory>

#include "block_cache.h"
#include "filter_policy.h"

namespace stepdb {

struct TableOptions {
  // A data block is cut once its entries reach this many bytes, so a block holds at most
  // block_size plus one entry. 4 KiB matches a page: one read, one cache slot.
  size_t block_size = 4 * 1024;

  // A key is stored whole every this many entries (block_builder.h). REQUIRES: >= 1
  int block_restart_interval = 16;

  // The filter written into new tables and consulted by Get; nullptr = no filter.
  std::shared_ptr<const FilterPolicy> filter_policy;

  // Where data blocks are looked up and kept; never nullptr.
  std::shared_ptr<BlockCache> block_cache = NoBlockCache();
};

struct TableReadOptions {
  // Offer the blocks read to the block cache. A scan over a whole table (a compaction, a
  // full dump) sets this to false so that it does not evict the blocks hot lookups need.
  bool fill_cache = true;
  // Check the checksum of every data block read from the file. By default a table checks a
  // block the first time it reads it and trusts it when it reads it again (after the cache
  // dropped it): the file does not change while open, and a lookup then touches only the
  // bytes it needs instead of all of the block. A compaction sets this, so that a block
  // damaged since is never copied into a new table with a fresh, valid checksum.
  bool verify_checksums = false;
};

}  // namespace stepdb
