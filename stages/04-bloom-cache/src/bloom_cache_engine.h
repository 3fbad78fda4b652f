// BloomCacheEngine: stage 04's Engine, stage 03's LSM engine with a faster read path.
//
// Nothing of stage 03 changes: the pieces of this stage plug into the seams it left.
//
//   Get(key) ─▶ BloomCacheEngine ── counts gets, gets_found
//                  │
//                  ▼
//               LsmEngine ── memtable, frozen memtable, then each table whose key range
//                  │         holds the key, newest first
//                  ▼
//               Table::Get
//                  ├─ CountingFilterPolicy ─▶ BloomFilterPolicy    "certainly absent"? stop
//                  │     (TableOptions::filter_policy)             counts bloom_checks,
//                  │                                               bloom_negatives
//                  ├─ index block (in memory) ─▶ which data block
//                  └─ LruBlockCache (TableOptions::block_cache)    hit? no file read
//                        │ miss                                    counts hits, misses, ...
//                        ▼
//                     OpenFileLimiter (the FileSystem the engine is given)
//                        │ at most max_open_files table files open; reopens on demand
//                        ▼
//                     the real file system
//
// The counters come from the pieces themselves (each counts what passes through it) and the
// table counts per level from the engine's current version; Stats() gathers them for STATS.
//
// Thread safety: every method may be called from many threads at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "bloom_filter_policy.h"
#include "counting_filter_policy.h"
#include "engine.h"
#include "lru_block_cache.h"
#include "lsm_engine.h"
#include "open_file_limiter.h"
#include "stats_command.h"

namespace stepdb {

struct BloomCacheOptions {
  // The LSM engine's own options. Open sets lsm.table.filter_policy and lsm.table.block_cache
  // from the fields below; values given there are replaced.
  LsmOptions lsm;
  // Bits per key of the bloom filter of new tables; 0 writes no filter and uses none.
  int bloom_bits_per_key = BloomFilterPolicy::kDefaultBitsPerKey;
  // Capacity of the block cache; 0 keeps no block (the misses are still counted).
  size_t block_cache_bytes = 8 << 20;
  // Table files open at once (OpenFileLimiter). REQUIRES: >= 1
  size_t max_open_files = OpenFileLimiter::kDefaultMaxOpenFiles;
};

class BloomCacheEngine final : public Engine {
 public:
  // Opens the database in dir as LsmEngine::Open does (same errors), with the filter, the
  // cache and the open-file limit of `options`. `fs` must outlive the engine.
  static Result<std::unique_ptr<BloomCacheEngine>> Open(FileSystem* fs, const std::string& dir,
                                                        const BloomCacheOptions& options);
  ~BloomCacheEngine() override;
  BloomCacheEngine(const BloomCacheEngine&) = delete;
  BloomCacheEngine& operator=(const BloomCacheEngine&) = delete;

  // LsmEngine's, counted.
  Result<std::string> Get(std::string_view key) override;
  Status Write(const WriteBatch& batch) override { return lsm_->Write(batch); }
  Status Scan(std::string_view start, std::string_view end, size_t limit,
              const ScanVisitor& visit) override {
    return lsm_->Scan(start, end, limit, visit);
  }

  // LsmEngine::SyncLog: one fsync makes every write acknowledged so far durable.
  Status SyncLog() { return lsm_->SyncLog(); }
  // LsmEngine::FlushLog: one write(2) hands every buffered log record to the operating system.
  Status FlushLog() { return lsm_->FlushLog(); }

  // LsmEngine::Close.
  Status Close() { return lsm_->Close(); }

  // The counters, in the order STATS prints them:
  //   gets, gets_found                      Get calls, and those that found a value
  //   bloom_checks, bloom_negatives         filter probes, and "certainly absent" answers
  //                                         (each a data block not read)
  //   block_cache_hits, block_cache_misses, block_cache_inserts, block_cache_evictions,
  //   block_cache_bytes, block_cache_capacity
  //   table_files_open, table_file_opens    descriptors open now; opens so far (reopens too)
  //   tables_level_N                        live tables in level N, for every level
  std::vector<Stat> Stats() const;

  LsmEngine& lsm() { return *lsm_; }
  const LruBlockCache& block_cache() const { return *cache_; }
  const OpenFileLimiter& file_limiter() const { return limiter_; }

 private:
  BloomCacheEngine(FileSystem* fs, const BloomCacheOptions& options);

  // Declared before lsm_, so destroyed after it: the engine's tables read through them.
  OpenFileLimiter limiter_;
  std::shared_ptr<CountingFilterPolicy> filter_;  // nullptr without a filter
  std::shared_ptr<LruBlockCache> cache_;
  std::unique_ptr<LsmEngine> lsm_;

  std::atomic<uint64_t> gets_{0};
  std::atomic<uint64_t> gets_found_{0};
};

}  // namespace stepdb
