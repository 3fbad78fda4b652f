#include "bloom_cache_engine.h"

namespace stepdb {

BloomCacheEngine::BloomCacheEngine(FileSystem* fs, const BloomCacheOptions& options)
    : limiter_(fs, options.max_open_files),
      cache_(std::make_shared<LruBlockCache>(options.block_cache_bytes)) {
  if (options.bloom_bits_per_key > 0) {
    filter_ = std::make_shared<CountingFilterPolicy>(
        std::make_shared<BloomFilterPolicy>(options.bloom_bits_per_key));
  }
}

BloomCacheEngine::~BloomCacheEngine() = default;

Result<std::unique_ptr<BloomCacheEngine>> BloomCacheEngine::Open(FileSystem* fs,
                                                                 const std::string& dir,
                                                                 const BloomCacheOptions& options) {
  std::unique_ptr<BloomCacheEngine> engine(new BloomCacheEngine(fs, options));
  LsmOptions lsm = options.lsm;
  lsm.table.filter_policy = engine->filter_;
  lsm.table.block_cache = engine->cache_;
  STEPDB_ASSIGN_OR_RETURN(engine->lsm_, LsmEngine::Open(&engine->limiter_, dir, lsm));
  return engine;
}

Result<std::string> BloomCacheEngine::Get(std::string_view key) {
  gets_.fetch_add(1, std::memory_order_relaxed);
  Result<std::string> value = lsm_->Get(key);
  if (value.ok()) gets_found_.fetch_add(1, std::memory_order_relaxed);
  return value;
}

std::vector<Stat> BloomCacheEngine::Stats() const {
  const LruBlockCache::Stats cache = cache_->stats();
  const OpenFileLimiter::Stats files = limiter_.stats();
  std::vector<Stat> stats = {
      {"gets", gets_.load(std::memory_order_relaxed)},
      {"gets_found", gets_found_.load(std::memory_order_relaxed)},
      {"bloom_checks", filter_ ? filter_->checks() : 0},
      {"bloom_negatives", filter_ ? filter_->negatives() : 0},
      {"block_cache_hits", cache.hits},
      {"block_cache_misses", cache.misses},
      {"block_cache_inserts", cache.inserts},
      {"block_cache_evictions", cache.evictions},
      {"block_cache_bytes", cache.bytes},
      {"block_cache_capacity", cache_->capacity()},
      {"table_files_open", files.open},
      {"table_file_opens", files.opens},
  };
  const std::shared_ptr<const Version> version = lsm_->current_version();
  for (size_t level = 0; level < version->levels.size(); ++level) {
    stats.push_back({"tables_level_" + std::to_string(level), version->levels[level].size()});
  }
  return stats;
}

}  // namespace stepdb
