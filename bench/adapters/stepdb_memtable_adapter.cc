// stepdb-memtable: stage 01's MemTableEngine, a std::map in memory.
//
// It writes nothing to disk, so it is a ceiling for what the Engine seam and a sorted map
// cost, not a competitor of the on-disk engines: none of the shared settings apply to it.
#include <memory>

#include "bench/engine_adapter.h"
#include "bench/stepdb_engine_adapter.h"
#include "memtable_engine.h"

namespace stepdb::bench {
namespace {

EngineInfo MemTableEngineInfo() {
  EngineInfo info;
  info.name = "stepdb-memtable";
  info.describe = [](const EngineOptions&) -> std::string {
    return "StepDB stage 01 MemTableEngine (std::map + mutex): IN MEMORY, nothing on disk; "
           "none of the settings apply; not comparable with on-disk engines";
  };
  info.stepdb_stage = 1;
  info.in_memory = true;
  info.make = [] {
    return std::make_unique<StepdbEngineAdapter>(
        [](const std::string&, const EngineOptions&) -> Result<std::unique_ptr<Engine>> {
          return std::unique_ptr<Engine>(std::make_unique<MemTableEngine>());
        });
  };
  return info;
}

STEPDB_BENCH_REGISTER_ENGINE(MemTableEngineInfo());

}  // namespace
}  // namespace stepdb::bench
