// BlockCache: the hook through which a table reads its data blocks.
//
// Every data block a table reads goes through a BlockCache (table.h): Lookup first, and on a
// miss the table reads the block from its file, checks its checksum, parses it, and offers
// it to the cache with Insert. Stage 04 fills this hook with an LRU cache bounded in bytes;
// stage 03's default, NoBlockCache(), keeps nothing, so every read goes to the file.
//
// Blocks are held as std::shared_ptr<const Block>: a cache may evict a block while an
// iterator still reads it, and the block lives on until that iterator lets go. This is the
// role of LevelDB's Cache::Handle and Release(), with the reference count doing the work.
//
// Keys: a table takes a fresh id from its cache when it opens (NewTableId) and names each
// block by (table id, block offset). Ids are never reused, so a table opened again, or a new
// table reusing a file name, can never be served another file's blocks.
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace stepdb {

class Block;

struct BlockCacheKey {
  uint64_t table_id = 0;
  uint64_t block_offset = 0;

  bool operator==(const BlockCacheKey&) const = default;
};

class BlockCache {
 public:
  virtual ~BlockCache() = default;

  // The block cached under key, or nullptr.
  virtual std::shared_ptr<const Block> Lookup(const BlockCacheKey& key) = 0;

  // Offers block to the cache under key, weighing `charge` bytes. The cache may keep it,
  // replace an earlier block under the same key, or drop it at once.
  virtual void Insert(const BlockCacheKey& key, std::shared_ptr<const Block> block,
                      size_t charge) = 0;

  // Drops every block cached under table_id. A table calls it when it is destroyed: its id
  // is never used again, so its blocks could never be found, and each may keep its file's
  // bytes alive (a block read from a mapped file pins the mapping, and with it the disk
  // space of a file already removed).
  virtual void EraseTable(uint64_t table_id) = 0;

  // An id that no earlier call on this cache returned.
  uint64_t NewTableId() { return next_table_id_.fetch_add(1, std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> next_table_id_{1};
};

// The default: a cache that never holds anything. One shared instance.
std::shared_ptr<BlockCache> NoBlockCache();

}  // namespace stepdb
