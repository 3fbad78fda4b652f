// stepdb-leveled: stage 05's LeveledEngine, stage 04's engine with leveled compaction in the
// background and write stalls.
#include <memory>

#include "bench/engine_adapter.h"
#include "bench/report.h"
#include "bench/stepdb_engine_adapter.h"
#include "file_system.h"
#include "leveled_engine.h"

namespace stepdb::bench {
namespace {

// LevelDB's default; the bench's databases hold far fewer tables, so nothing is reopened.
constexpr size_t kMaxOpenFiles = 1000;

EngineInfo LeveledEngineInfo() {
  EngineInfo info;
  info.name = "stepdb-leveled";
  info.describe = [](const EngineOptions& o) -> std::string {
    const CompactionOptions compaction;
    return "StepDB stage 05 LeveledEngine: memtable " + FormatBytes(o.write_buffer_bytes) +
           ", bloom filter " + std::to_string(o.bloom_bits_per_key) +
           " bits/key (0 = none), LRU block cache " + FormatBytes(o.block_cache_bytes) +
           ", at most " + std::to_string(kMaxOpenFiles) +
           " open table files, log flushed to the OS per write (no fsync), 4 KiB blocks; "
           "leveled compaction: level 0 compacted at " +
           std::to_string(compaction.l0_compaction_trigger) + " tables (writes slowed at " +
           std::to_string(compaction.l0_slowdown_tables) + ", stopped at " +
           std::to_string(compaction.l0_stop_tables) + "), level 1 " +
           FormatBytes(compaction.level1_max_bytes) + ", ratio " +
           std::to_string(compaction.size_ratio) + ", tables of " +
           FormatBytes(compaction.target_table_bytes);
  };
  info.stepdb_stage = 5;
  info.make = [] {
    return std::make_unique<StepdbEngineAdapter>(
        [](const std::string& dir, const EngineOptions& o) -> Result<std::unique_ptr<Engine>> {
          LeveledOptions options;
          options.engine.lsm.fsync = FsyncPolicy::kNo;
          options.engine.lsm.memtable_bytes = o.write_buffer_bytes;
          options.engine.bloom_bits_per_key = o.bloom_bits_per_key;
          options.engine.block_cache_bytes = o.block_cache_bytes;
          options.engine.max_open_files = kMaxOpenFiles;
          STEPDB_ASSIGN_OR_RETURN(auto engine,
                                  LeveledEngine::Open(DefaultFileSystem(), dir, options));
          return std::unique_ptr<Engine>(std::move(engine));
        },
        [](Engine& engine) -> std::optional<uint64_t> {
          const ManifestState manifest = static_cast<LeveledEngine&>(engine).lsm().manifest();
          return manifest.bytes_flushed + manifest.bytes_compacted;
        });
  };
  return info;
}

STEPDB_BENCH_REGISTER_ENGINE(LeveledEngineInfo());

}  // namespace
}  // namespace stepdb::bench
