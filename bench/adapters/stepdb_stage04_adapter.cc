// stepdb-bloom-cache: stage 04's BloomCacheEngine, stage 03's LSM engine with a bloom filter
// per table, an LRU block cache and a bound on open table files (no compaction yet: stage 05).
#include <memory>

#include "bench/engine_adapter.h"
#include "bench/report.h"
#include "bench/stepdb_engine_adapter.h"
#include "bloom_cache_engine.h"
#include "file_system.h"

namespace stepdb::bench {
namespace {

// LevelDB's default; the bench's databases hold far fewer tables, so nothing is reopened.
constexpr size_t kMaxOpenFiles = 1000;

EngineInfo BloomCacheEngineInfo() {
  EngineInfo info;
  info.name = "stepdb-bloom-cache";
  info.describe = [](const EngineOptions& o) -> std::string {
    return "StepDB stage 04 BloomCacheEngine: memtable " + FormatBytes(o.write_buffer_bytes) +
           ", bloom filter " + std::to_string(o.bloom_bits_per_key) +
           " bits/key (0 = none), LRU block cache " + FormatBytes(o.block_cache_bytes) +
           ", at most " + std::to_string(kMaxOpenFiles) +
           " open table files, log flushed to the OS per write (no fsync), 4 KiB blocks; "
           "no compaction (stage 05)";
  };
  info.stepdb_stage = 4;
  info.make = [] {
    return std::make_unique<StepdbEngineAdapter>(
        [](const std::string& dir, const EngineOptions& o) -> Result<std::unique_ptr<Engine>> {
          BloomCacheOptions options;
          options.lsm.fsync = FsyncPolicy::kNo;
          options.lsm.memtable_bytes = o.write_buffer_bytes;
          options.bloom_bits_per_key = o.bloom_bits_per_key;
          options.block_cache_bytes = o.block_cache_bytes;
          options.max_open_files = kMaxOpenFiles;
          STEPDB_ASSIGN_OR_RETURN(auto engine,
                                  BloomCacheEngine::Open(DefaultFileSystem(), dir, options));
          return std::unique_ptr<Engine>(std::move(engine));
        },
        [](Engine& engine) -> std::optional<uint64_t> {
          const ManifestState manifest = static_cast<BloomCacheEngine&>(engine).lsm().manifest();
          return manifest.bytes_flushed + manifest.bytes_compacted;
        });
  };
  return info;
}

STEPDB_BENCH_REGISTER_ENGINE(BloomCacheEngineInfo());

}  // namespace
}  // namespace stepdb::bench
