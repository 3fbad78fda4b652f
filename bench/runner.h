// The benchmark runner: runs a list of workloads on one engine and checks every answer.
//
// An engine run starts from an empty directory and goes through the workloads in the order
// given, each one timed on its own: only the loop of engine calls is inside the clock, with
// the key formatting and value lookup that db_bench also does there; orders are computed
// before it starts. Engines keep flushing and compacting in the background after a
// workload's last call, as they do under db_bench; that work lands in whichever workload
// comes next.
//
// The database between workloads is always in one of two states, which is what lets every
// read be checked:
//   filled  every key of [0, num) is present, with the value of the last write generation;
//   empty   no key is present (at the start, and after deleterandom).
// fillseq and fillrandom first reopen the engine on a fresh directory, as in db_bench. A
// workload that needs a filled database but finds it empty first loads it with an untimed
// fillseq, so `--benchmarks readrandom` on its own measures reads, not misses.
//
// Correctness checks (a failure ends the engine's run with a Corruption status that names
// the workload and the key):
//   readrandom   every key is found, with the value written last;
//   readmissing  no key is found;
//   readseq      the scan visits exactly Key(0), Key(1), ..., Key(num-1), with their values;
//   every call   returns ok (NotFound only where a miss is expected).
//
// Thread safety: a Runner is used from one thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "bench/engine_adapter.h"
#include "bench/workload.h"
#include "common/status.h"

namespace stepdb::bench {

struct BenchConfig {
  uint64_t num = 1000000;
  size_t value_size = 100;
  uint64_t seed = 301;  // db_bench's seed
  EngineOptions engine_options;
};

struct WorkloadResult {
  const WorkloadSpec* spec = nullptr;
  uint64_t ops = 0;
  double seconds = 0;

  double ops_per_sec() const { return seconds > 0 ? static_cast<double>(ops) / seconds : 0; }
  double micros_per_op() const { return ops > 0 ? seconds * 1e6 / static_cast<double>(ops) : 0; }
};

// What one engine's run produced. The results of the workloads before a failure are kept.
struct EngineReport {
  std::string engine;
  bool in_memory = false;
  std::vector<WorkloadResult> results;
  Status status;  // ok, or the first failure, which ended the run

  // Key and value bytes of every put, key bytes of every delete (untimed loads included).
  uint64_t user_bytes_written = 0;
  // The engine's own count of bytes written to tables (flushes + compactions), summed over
  // every open of the run; nullopt if the engine does not count them.
  std::optional<uint64_t> table_bytes_written;
  // Bytes the process passed to write(2) from just before the first Open to just after the
  // last Close, less the runner's own progress lines: WAL, tables, manifests, engine logs.
  // nullopt where the kernel does not report it.
  std::optional<uint64_t> write_syscall_bytes;
  uint64_t peak_disk_bytes = 0;   // largest DiskUsageBytes seen after a workload
  uint64_t final_disk_bytes = 0;  // DiskUsageBytes after the last Close
};

// Progress lines for a human, to a stream (stderr) or nowhere. The bytes it writes are
// counted, so the runner can take them out of the process's write(2) total.
class ProgressLog {
 public:
  explicit ProgressLog(std::FILE* out) : out_(out) {}
  void Line(const std::string& line);
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  std::FILE* out_;  // not owned; null = silent
  uint64_t bytes_written_ = 0;
};

// Runs `workloads` on `engine` in the directory `db_dir`, which the runner removes and
// recreates for every fresh database: it must be a directory the caller owns outright.
// `engine` must be closed; it is closed again when this returns.
EngineReport RunEngine(EngineAdapter& engine, const EngineInfo& info, const std::string& db_dir,
                       const BenchConfig& config, const std::vector<const WorkloadSpec*>& workloads,
                       ProgressLog& progress);

}  // namespace stepdb::bench
