// The benchmark's output: a table for people, or CSV for scripts.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/runner.h"
#include "bench/workload.h"
#include "common/format_bytes.h"

namespace stepdb::bench {

// What the header of the table says about the run.
struct RunSetup {
  BenchConfig config;
  struct Engine {
    std::string name;
    std::string description;  // EngineInfo::describe
  };
  std::vector<Engine> engines;       // in the order they run
  std::vector<std::string> skipped;  // one line each: "rocksdb: not built ..."
  std::string db_dir;
  bool db_dir_removed = false;  // a temporary directory, removed after the run
  unsigned cpus = 0;
  double load_average = -1;  // 1-minute load at the start; < 0 if unknown
};

// What was run and how: keys, values, the shared settings, each engine's own, the machine.
void PrintSettings(std::FILE* out, const RunSetup& setup);

// PrintSettings, then one row per workload and engine (ops/s, micros/op, ratio of ops/s to
// LevelDB's on the same workload), then one row per engine (write amplification, disk usage),
// then the failures.
void PrintTable(std::FILE* out, const RunSetup& setup,
                const std::vector<const WorkloadSpec*>& workloads,
                const std::vector<EngineReport>& reports);

// The header line "engine,workload,num,value_size,ops_per_sec,micros_per_op", then one line
// per workload an engine completed, engines in run order, workloads in list order.
void PrintCsv(std::FILE* out, const BenchConfig& config, const std::vector<EngineReport>& reports);

}  // namespace stepdb::bench
