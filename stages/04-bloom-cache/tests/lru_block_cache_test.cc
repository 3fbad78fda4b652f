// LruBlockCache: bounded in bytes, least recently used out first, sharded, safe to share.
#include "lru_block_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "block.h"
#include "block_builder.h"
#include "common/testkit/status_matchers.h"

namespace stepdb {
namespace {

// A block of one entry whose value names it, so a test can tell which block it got back.
std::shared_ptr<const Block> MakeBlock(const std::string& name) {
  BlockBuilder builder(16);
  EXPECT_OK(builder.Add("name", EntryKind::kValue, name));
  Result<std::string_view> contents = builder.Finish();
  EXPECT_OK(contents);
  Result<std::shared_ptr<const Block>> block = Block::Parse(BlockContents::Copy(*contents));
  EXPECT_OK(block);
  return *block;
}

// The name stored in a block made by MakeBlock; "" for nullptr.
std::string NameOf(const std::shared_ptr<const Block>& block) {
  if (block == nullptr) return "";
  std::unique_ptr<Iterator> it = block->NewIterator();
  it->SeekToFirst();
  return it->Valid() ? std::string(it->value()) : "?";
}

BlockCacheKey K(uint64_t table, uint64_t offset) { return {table, offset}; }

// One shard, so that LRU order is the whole cache's order.
constexpr int kOneShard = 0;

TEST(LruBlockCache, MissThenHit) {
  LruBlockCache cache(1 << 20);
  EXPECT_EQ(cache.Lookup(K(1, 0)), nullptr);
  cache.Insert(K(1, 0), MakeBlock("a"), 100);
  EXPECT_EQ(NameOf(cache.Lookup(K(1, 0))), "a");
  EXPECT_EQ(cache.Lookup(K(1, 4096)), nullptr) << "another offset of the same table";
  EXPECT_EQ(cache.Lookup(K(2, 0)), nullptr) << "the same offset of another table";

  const LruBlockCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 3u);
  EXPECT_EQ(stats.inserts, 1u);
  EXPECT_EQ(stats.evictions, 0u);
  EXPECT_EQ(stats.bytes, 100u);
  EXPECT_EQ(stats.blocks, 1u);
}

TEST(LruBlockCache, InsertUnderTheSameKeyReplacesTheBlock) {
  LruBlockCache cache(1000, kOneShard);
  cache.Insert(K(1, 0), MakeBlock("old"), 300);
  cache.Insert(K(1, 0), MakeBlock("new"), 200);
  EXPECT_EQ(NameOf(cache.Lookup(K(1, 0))), "new");
  EXPECT_EQ(cache.stats().bytes, 200u) << "the old block's charge is given back";
  EXPECT_EQ(cache.stats().blocks, 1u);
}

TEST(LruBlockCache, EvictsTheLeastRecentlyUsedBlock) {
  LruBlockCache cache(300, kOneShard);
  cache.Insert(K(1, 0), MakeBlock("a"), 100);
  cache.Insert(K(1, 1), MakeBlock("b"), 100);
  cache.Insert(K(1, 2), MakeBlock("c"), 100);
  ASSERT_EQ(NameOf(cache.Lookup(K(1, 0))), "a");  // a is now the most recently used

  cache.Insert(K(1, 3), MakeBlock("d"), 100);  // over by 100: b goes
  EXPECT_EQ(cache.Lookup(K(1, 1)), nullptr);
  EXPECT_EQ(NameOf(cache.Lookup(K(1, 0))), "a");
  EXPECT_EQ(NameOf(cache.Lookup(K(1, 2))), "c");
  EXPECT_EQ(NameOf(cache.Lookup(K(1, 3))), "d");
  EXPECT_EQ(cache.stats().evictions, 1u);

  // Order now, oldest first: a, c, d. A 250-byte block needs 250 of the 300 bytes, so all
  // three go, oldest first, until it fits.
  cache.Insert(K(2, 0), MakeBlock("big"), 250);
  EXPECT_EQ(cache.Lookup(K(1, 0)), nullptr);
  EXPECT_EQ(cache.Lookup(K(1, 2)), nullptr);
  EXPECT_EQ(cache.Lookup(K(1, 3)), nullptr);
  EXPECT_EQ(NameOf(cache.Lookup(K(2, 0))), "big");
  EXPECT_EQ(cache.stats().evictions, 4u);
  EXPECT_EQ(cache.stats().bytes, 250u);
}

TEST(LruBlockCache, LookupsRefreshAndMissesDoNot) {
  LruBlockCache cache(200, kOneShard);
  cache.Insert(K(1, 0), MakeBlock("a"), 100);
  cache.Insert(K(1, 1), MakeBlock("b"), 100);
  for (int i = 0; i < 5; ++i) {
    ASSERT_NE(cache.Lookup(K(1, 0)), nullptr);  // a is hot
    ASSERT_EQ(cache.Lookup(K(9, 9)), nullptr);
  }
  cache.Insert(K(1, 2), MakeBlock("c"), 100);
  EXPECT_NE(cache.Lookup(K(1, 0)), nullptr);
  EXPECT_EQ(cache.Lookup(K(1, 1)), nullptr) << "b was the least recently used";
}

TEST(LruBlockCache, BytesInUseNeverExceedTheCapacity) {
  constexpr size_t kCapacity = 64 * 1024;
  for (int shard_bits : {0, 2, 4}) {
    LruBlockCache cache(kCapacity, shard_bits);
    std::mt19937 random(7);
    for (int i = 0; i < 2000; ++i) {
      const size_t charge = 100 + random() % 4000;
      cache.Insert(K(1 + random() % 5, (random() % 200) * 4096), MakeBlock("x"), charge);
      ASSERT_LE(cache.stats().bytes, kCapacity) << "after insert " << i;
    }
    const LruBlockCache::Stats stats = cache.stats();
    EXPECT_GT(stats.evictions, 0u);
    EXPECT_GT(stats.bytes, kCapacity / 2) << "the cache should be well used, " << shard_bits;
  }
}

TEST(LruBlockCache, BlockLargerThanAShardIsNotKept) {
  LruBlockCache cache(1600, /*shard_bits=*/4);  // 100 bytes per shard
  cache.Insert(K(1, 0), MakeBlock("big"), 101);
  EXPECT_EQ(cache.Lookup(K(1, 0)), nullptr);
  EXPECT_EQ(cache.stats().bytes, 0u);
  cache.Insert(K(1, 0), MakeBlock("fits"), 100);
  EXPECT_EQ(NameOf(cache.Lookup(K(1, 0))), "fits");
}

TEST(LruBlockCache, ZeroCapacityKeepsNothing) {
  LruBlockCache cache(0);
  cache.Insert(K(1, 0), MakeBlock("a"), 1);
  EXPECT_EQ(cache.Lookup(K(1, 0)), nullptr);
  EXPECT_EQ(cache.stats().blocks, 0u);
}

// The cache drops its reference; the reader's keeps the block alive and intact.
TEST(LruBlockCache, EvictedBlockStaysValidForItsReader) {
  LruBlockCache cache(100, kOneShard);
  cache.Insert(K(1, 0), MakeBlock("held"), 100);
  std::shared_ptr<const Block> held = cache.Lookup(K(1, 0));
  ASSERT_NE(held, nullptr);
  cache.Insert(K(1, 1), MakeBlock("next"), 100);  // evicts "held"
  EXPECT_EQ(cache.Lookup(K(1, 0)), nullptr);
  EXPECT_EQ(held.use_count(), 1) << "only the reader holds it now";
  EXPECT_EQ(NameOf(held), "held");
  EXPECT_EQ(cache.stats().bytes, 100u) << "a block held by a reader no longer counts";
}

TEST(LruBlockCache, KeysSpreadOverTheShards) {
  // Offsets of 4 KiB blocks in a few tables: the shard is chosen by a hash, not by the low
  // bits of the offset (which are all zero).
  std::vector<int> per_shard(16);
  for (uint64_t table = 1; table <= 4; ++table) {
    for (uint64_t block = 0; block < 256; ++block) {
      ++per_shard[HashBlockCacheKey(K(table, block * 4096)) >> 60];
    }
  }
  for (int i = 0; i < 16; ++i) {
    EXPECT_GT(per_shard[i], 64 / 2) << "shard " << i;  // 64 on average
    EXPECT_LT(per_shard[i], 64 * 2) << "shard " << i;
  }
  EXPECT_NE(HashBlockCacheKey(K(1, 2)), HashBlockCacheKey(K(2, 1)));
}

TEST(LruBlockCache, EraseTableDropsThatTablesBlocksOnly) {
  LruBlockCache cache(1 << 20);
  for (uint64_t offset = 0; offset < 40; ++offset) {
    cache.Insert(K(1, offset * 4096), MakeBlock("one"), 100);
    cache.Insert(K(2, offset * 4096), MakeBlock("two"), 100);
  }
  ASSERT_EQ(cache.stats().blocks, 80u);
  cache.EraseTable(1);
  EXPECT_EQ(cache.stats().blocks, 40u);
  EXPECT_EQ(cache.stats().bytes, 4000u);
  EXPECT_EQ(cache.stats().evictions, 0u) << "erased blocks are not evictions";
  for (uint64_t offset = 0; offset < 40; ++offset) {
    EXPECT_EQ(NameOf(cache.Lookup(K(1, offset * 4096))), "");
    EXPECT_EQ(NameOf(cache.Lookup(K(2, offset * 4096))), "two");
  }
  cache.EraseTable(3);  // a table with no blocks: nothing happens
  EXPECT_EQ(cache.stats().blocks, 40u);
}

TEST(LruBlockCache, NewTableIdsAreNeverReused) {
  LruBlockCache cache(1000);
  std::set<uint64_t> ids;
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(ids.insert(cache.NewTableId()).second);
}

// Readers and writers on many threads: every block found is the one inserted under that
// key, the counters add up, and the bound holds. Run it under the tsan preset too.
TEST(LruBlockCache, ManyThreadsShareOneCache) {
  constexpr size_t kCapacity = 32 * 1024;
  constexpr int kThreads = 4;
  constexpr int kOpsPerThread = 20000;
  LruBlockCache cache(kCapacity);
  // Blocks named after their key, made up front: the test measures the cache, not malloc.
  std::vector<std::shared_ptr<const Block>> blocks;
  for (int i = 0; i < 512; ++i) blocks.push_back(MakeBlock(std::to_string(i)));

  std::atomic<int> wrong{0};
  std::atomic<uint64_t> lookups{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(t);
      for (int op = 0; op < kOpsPerThread; ++op) {
        const int i = static_cast<int>(random() % blocks.size());
        const BlockCacheKey key = K(1 + i % 3, static_cast<uint64_t>(i) * 4096);
        if (std::shared_ptr<const Block> found = cache.Lookup(key)) {
          if (NameOf(found) != std::to_string(i)) ++wrong;
        } else {
          cache.Insert(key, blocks[i], 200 + static_cast<size_t>(i % 7) * 100);
        }
        ++lookups;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(wrong.load(), 0);
  const LruBlockCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits + stats.misses, lookups.load());
  EXPECT_GT(stats.hits, 0u);
  EXPECT_GT(stats.evictions, 0u);
  EXPECT_LE(stats.bytes, kCapacity);
  // Every block inserted is held, was evicted, or was replaced (two threads may miss the
  // same key and both insert it).
  EXPECT_GE(stats.inserts - stats.evictions, stats.blocks);
}

}  // namespace
}  // namespace stepdb
