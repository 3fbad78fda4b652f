// LruBlockCache: stage 04's BlockCache, bounded in bytes, least recently used out first.
//
// Every data block a table reads goes through the cache (block_cache.h): a hit costs a
// hash lookup instead of a file read, a checksum and a parse. The cache holds blocks up to
// `capacity` bytes in total, each weighing its charge (the block's size); when an insert
// takes it over, it drops the blocks used least recently until it fits again.
//
// Shards. One mutex for the whole cache would make every reader of every table wait for
// every other, since even a hit changes the LRU order. So the cache is split into 2^b
// shards (16 by default) by a hash of the key, each with its own mutex, its own LRU list
// and capacity / 2^b bytes. Readers of different blocks rarely meet; the price is that LRU
// order holds within a shard, not across the cache (LevelDB's ShardedLRUCache does the
// same). A block larger than a shard's capacity is not kept.
//
// One shard, with the most recently used block at the front:
//
//   index: key -> position        front (newest)                      back (oldest)
//   (unordered_map)       lru_:   [t3@0] <-> [t1@4096] <-> [t1@0] <-> [t2@8192]
//                                                                      ^ evicted first
//   Lookup(k): found -> move to the front, a hit; else a miss
//   Insert(k): put at the front (replacing an older block under k); while the bytes in use
//              exceed the shard's capacity, drop the back. A block whose charge alone is
//              over the shard's capacity is refused: not counted in `inserts`, and an
//              older block under k stays.
//
// Blocks are shared_ptr<const Block>: dropping a block from the cache only drops the cache's
// reference, so a reader that still holds the block keeps reading it, and its memory is
// freed when the last reader lets go. Such a block no longer counts against the capacity:
// the bound is on what the cache holds, not on what readers hold.
//
// Counters (stats()): hits, misses, inserts, evictions, bytes in use, blocks in use.
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "block_cache.h"

namespace stepdb {

class LruBlockCache final : public BlockCache {
 public:
  static constexpr int kDefaultShardBits = 4;  // 16 shards

  struct Stats {
    uint64_t hits = 0;       // Lookups that found a block
    uint64_t misses = 0;     // Lookups that did not
    uint64_t inserts = 0;    // blocks taken in by Insert
    uint64_t evictions = 0;  // blocks dropped to make room
    size_t bytes = 0;        // sum of the charges of the blocks held
    size_t blocks = 0;       // blocks held
  };

  // A cache of at most capacity_bytes (0: it keeps nothing), in 2^shard_bits shards.
  // REQUIRES: 0 <= shard_bits <= 10
  explicit LruBlockCache(size_t capacity_bytes, int shard_bits = kDefaultShardBits);
  ~LruBlockCache() override;
  LruBlockCache(const LruBlockCache&) = delete;
  LruBlockCache& operator=(const LruBlockCache&) = delete;

  std::shared_ptr<const Block> Lookup(const BlockCacheKey& key) override;
  void Insert(const BlockCacheKey& key, std::shared_ptr<const Block> block, size_t charge) override;
  // Walks every shard: O(blocks cached), once per table destroyed.
  void EraseTable(uint64_t table_id) override;

  size_t capacity() const { return capacity_; }
  // The counters summed over the shards; each shard is read under its lock, so the sum is
  // not one instant's snapshot while other threads use the cache.
  Stats stats() const;

 private:
  class Shard;
  Shard& ShardFor(uint64_t hash);

  const size_t capacity_;
  const int shard_bits_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

// The hash that picks a key's shard (its top bits) and its slot in the shard's index.
uint64_t HashBlockCacheKey(const BlockCacheKey& key);

// One shard: an LRU list and an index into it, under one mutex. The cache's methods find
// the shard and call these.
class LruBlockCache::Shard {
 public:
  explicit Shard(size_t capacity) : capacity_(capacity) {}

  // The block under key, made the most recently used; nullptr if absent. Counts a hit or a
  // miss.
  std::shared_ptr<const Block> Lookup(const BlockCacheKey& key);
  // Puts block at the front under key (replacing an older block under key), then evicts
  // from the back until the bytes in use fit the capacity. A block whose charge alone is
  // over the capacity is not kept.
  void Insert(const BlockCacheKey& key, std::shared_ptr<const Block> block, size_t charge);
  // Drops the blocks of table_id (not counted as evictions).
  void EraseTable(uint64_t table_id);
  // Adds this shard's counters to *stats.
  void AddStats(Stats* stats) const;

 private:
  struct Entry {
    BlockCacheKey key;
    std::shared_ptr<const Block> block;
    size_t charge;
  };
  struct KeyHash {
    size_t operator()(const BlockCacheKey& key) const { return HashBlockCacheKey(key); }
  };
  using LruList = std::list<Entry>;

  // Drops entries from the back of lru_ until usage_ <= capacity_. REQUIRES: mu_ held.
  void EvictLocked();

  const size_t capacity_;
  mutable std::mutex mu_;
  LruList lru_;  // guarded by mu_; front = newest
  std::unordered_map<BlockCacheKey, LruList::iterator, KeyHash> index_;  // guarded by mu_
  size_t usage_ = 0;                                                     // guarded by mu_
  uint64_t hits_ = 0;                                                    // guarded by mu_
  uint64_t misses_ = 0;                                                  // guarded by mu_
  uint64_t inserts_ = 0;                                                 // guarded by mu_
  uint64_t evictions_ = 0;                                               // guarded by mu_
};

}  // namespace stepdb
