#include "lru_block_cache.h"

#include <algorithm>
#include <iterator>

#include "bloom_hash.h"

namespace stepdb {

uint64_t HashBlockCacheKey(const BlockCacheKey& key) {
  // The bloom hash's finalizer over a mix of both halves: block offsets are multiples of
  // about a block size and table ids are small, so their raw bits are far from uniform.
  return Fmix64(key.table_id * 0x9E3779B97F4A7C15ull ^ key.block_offset);
}

LruBlockCache::LruBlockCache(size_t capacity_bytes, int shard_bits)
    : capacity_(capacity_bytes), shard_bits_(std::clamp(shard_bits, 0, 10)) {
  const size_t num_shards = size_t{1} << shard_bits_;
  // Rounded up, so that a capacity below the number of shards still holds something.
  const size_t per_shard = (capacity_ + num_shards - 1) / num_shards;
  for (size_t i = 0; i < num_shards; ++i) shards_.push_back(std::make_unique<Shard>(per_shard));
}

LruBlockCache::~LruBlockCache() = default;

LruBlockCache::Shard& LruBlockCache::ShardFor(uint64_t hash) {
  return *shards_[shard_bits_ == 0 ? 0 : hash >> (64 - shard_bits_)];
}

std::shared_ptr<const Block> LruBlockCache::Lookup(const BlockCacheKey& key) {
  return ShardFor(HashBlockCacheKey(key)).Lookup(key);
}

void LruBlockCache::Insert(const BlockCacheKey& key, std::shared_ptr<const Block> block,
                           size_t charge) {
  ShardFor(HashBlockCacheKey(key)).Insert(key, std::move(block), charge);
}

void LruBlockCache::EraseTable(uint64_t table_id) {
  for (const auto& shard : shards_) shard->EraseTable(table_id);
}

LruBlockCache::Stats LruBlockCache::stats() const {
  Stats stats;
  for (const auto& shard : shards_) shard->AddStats(&stats);
  return stats;
}

std::shared_ptr<const Block> LruBlockCache::Shard::Lookup(const BlockCacheKey& key) {
  // BEGIN SOLUTION
  // STARTER: (void)key;
  // STARTER: return nullptr;  // every lookup a miss, as if there were no cache
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  // splice relinks the node at the front: no copy, and iterators into lru_ stay valid.
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->block;
  // END SOLUTION
}

void LruBlockCache::Shard::Insert(const BlockCacheKey& key, std::shared_ptr<const Block> block,
                                  size_t charge) {
  // BEGIN SOLUTION
  // STARTER: (void)key, (void)block, (void)charge;  // keeps nothing
  if (charge > capacity_) return;  // it would evict everything and then itself
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {  // replace: give its charge back
    usage_ -= it->second->charge;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{key, std::move(block), charge});
  index_.emplace(key, lru_.begin());
  usage_ += charge;
  ++inserts_;
  EvictLocked();
  // END SOLUTION
}

void LruBlockCache::Shard::EvictLocked() {
  // BEGIN SOLUTION
  // STARTER: // Nothing to evict while Insert keeps nothing.
  while (usage_ > capacity_ && !lru_.empty()) {
    const Entry& oldest = lru_.back();
    usage_ -= oldest.charge;
    index_.erase(oldest.key);
    lru_.pop_back();  // a reader that still holds the block keeps it alive
    ++evictions_;
  }
  // END SOLUTION
}

void LruBlockCache::Shard::EraseTable(uint64_t table_id) {
  // The blocks are destroyed after the lock is released: the last one of a mapped file
  // unmaps it, a system call.
  LruList erased;
  {
    std::lock_guard lock(mu_);
    for (auto it = lru_.begin(); it != lru_.end();) {
      auto next = std::next(it);
      if (it->key.table_id == table_id) {
        usage_ -= it->charge;
        index_.erase(it->key);
        erased.splice(erased.end(), lru_, it);
      }
      it = next;
    }
  }
}

void LruBlockCache::Shard::AddStats(Stats* stats) const {
  std::lock_guard lock(mu_);
  stats->hits += hits_;
  stats->misses += misses_;
  stats->inserts += inserts_;
  stats->evictions += evictions_;
  stats->bytes += usage_;
  stats->blocks += lru_.size();
}

}  // namespace stepdb
