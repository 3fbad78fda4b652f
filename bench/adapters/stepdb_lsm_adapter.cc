// stepdb-lsm: stage 03's LsmEngine, a memtable flushed into sorted tables (no bloom filter,
// no block cache and no compaction yet: stages 04 and 05 add them).
#include <memory>

#include "bench/engine_adapter.h"
#include "bench/stepdb_engine_adapter.h"
#include "file_system.h"
#include "lsm_engine.h"

namespace stepdb::bench {
namespace {

EngineInfo LsmEngineInfo() {
  EngineInfo info;
  info.name = "stepdb-lsm";
  info.describe = [](const EngineOptions& options) -> std::string {
    return "StepDB stage 03 LsmEngine: memtable " + std::to_string(options.write_buffer_bytes) +
           " bytes, log flushed to the OS per write (no fsync), 4 KiB blocks; no bloom filter, "
           "no block cache, no compaction (stages 04-05)";
  };
  info.stepdb_stage = 3;
  info.in_memory = false;
  info.make = [] {
    return std::make_unique<StepdbEngineAdapter>(
        [](const std::string& dir,
           const EngineOptions& options) -> Result<std::unique_ptr<Engine>> {
          LsmOptions lsm;
          lsm.fsync = FsyncPolicy::kNo;
          lsm.memtable_bytes = options.write_buffer_bytes;
          STEPDB_ASSIGN_OR_RETURN(auto engine, LsmEngine::Open(DefaultFileSystem(), dir, lsm));
          return std::unique_ptr<Engine>(std::move(engine));
        });
  };
  return info;
}

STEPDB_BENCH_REGISTER_ENGINE(LsmEngineInfo());

}  // namespace
}  // namespace stepdb::bench
