// stepdb-bench-engine: StepDB's storage engines beside LevelDB and RocksDB, on db_bench's
// workloads, one engine after another in one process. See bench/README.md.
//
// stdout carries the result only (the table, or CSV with --csv); progress goes to stderr.
// Exit status: 0 if every engine finished every workload with every check passed, 1 if an
// engine failed (an error, or a wrong answer), 2 for a bad command line.
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/engine_adapter.h"
#include "bench/report.h"
#include "bench/runner.h"
#include "bench/workload.h"
#include "common/server_options.h"

#ifndef STEPDB_BENCH_MISSING_ENGINES
#define STEPDB_BENCH_MISSING_ENGINES ""
#endif

namespace stepdb::bench {
namespace {

constexpr int kExitUsage = 2;
// Marks a directory this program made, so it only ever deletes what it made.
constexpr const char* kMarkerFile = ".stepdb-bench-engine";

struct Flags {
  BenchConfig config;
  std::string engines = "stepdb,leveldb,rocksdb";
  std::string benchmarks;
  std::string db_dir;
  bool csv = false;
  bool list_engines = false;
};

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string JoinNames(const std::vector<EngineInfo>& engines) {
  std::string names;
  for (const EngineInfo& engine : engines) names += (names.empty() ? "" : ", ") + engine.name;
  return names;
}

// Turns --engines into the engines to run, in order, and the lines saying what was skipped.
// Returns false (after printing why) if a name is unknown.
bool ResolveEngines(const std::string& list, std::vector<EngineInfo>* chosen,
                    std::vector<std::string>* skipped) {
  const std::vector<EngineInfo> registered = RegisteredEngines();
  const std::vector<std::string> missing = SplitCommas(STEPDB_BENCH_MISSING_ENGINES);
  auto add = [&](const EngineInfo& info) {
    for (const EngineInfo& already : *chosen) {
      if (already.name == info.name) return;
    }
    chosen->push_back(info);
  };
  for (const std::string& name : SplitCommas(list)) {
    if (name == "all") {
      for (const EngineInfo& info : registered) add(info);
      for (const std::string& absent : missing) {
        skipped->push_back(absent + ": not built (its library was not found when CMake ran)");
      }
      continue;
    }
    if (name == "stepdb") {
      const EngineInfo* newest = nullptr;
      for (const EngineInfo& info : registered) {
        if (info.stepdb_stage > 0 && (!newest || info.stepdb_stage > newest->stepdb_stage)) {
          newest = &info;
        }
      }
      if (newest != nullptr) {
        add(*newest);
      } else {
        skipped->push_back("stepdb: no StepDB engine is built into this binary");
      }
      continue;
    }
    const EngineInfo* found = nullptr;
    for (const EngineInfo& info : registered) {
      if (info.name == name) found = &info;
    }
    if (found != nullptr) {
      add(*found);
    } else if (std::find(missing.begin(), missing.end(), name) != missing.end()) {
      skipped->push_back(name + ": not built (its library was not found when CMake ran)");
    } else {
      std::fprintf(stderr, "stepdb-bench-engine: unknown engine '%s' (engines: stepdb, all, %s)\n",
                   name.c_str(), JoinNames(registered).c_str());
      return false;
    }
  }
  return true;
}

bool ResolveWorkloads(const std::string& list, std::vector<const WorkloadSpec*>* workloads) {
  if (list.empty()) {
    for (const WorkloadSpec& spec : AllWorkloads()) workloads->push_back(&spec);
    return true;
  }
  for (const std::string& name : SplitCommas(list)) {
    const WorkloadSpec* spec = FindWorkload(name);
    if (spec == nullptr) {
      std::string names;
      for (const WorkloadSpec& known : AllWorkloads()) {
        names += (names.empty() ? "" : ", ") + std::string(known.name);
      }
      std::fprintf(stderr, "stepdb-bench-engine: unknown benchmark '%s' (benchmarks: %s)\n",
                   name.c_str(), names.c_str());
      return false;
    }
    workloads->push_back(spec);
  }
  return !workloads->empty();
}

// A new directory under $TMPDIR (or /tmp), or "" on failure.
std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/stepdb-bench-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return "";
  return buffer.data();
}

// Makes root/<engine> for an engine's run, marked as ours. An existing one is reused only if
// it is empty or carries the marker, since the runner deletes its db/ subdirectory.
bool PrepareEngineDir(const std::string& root, const std::string& engine, std::string* db_dir) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(root) / engine;
  std::error_code error;
  if (fs::exists(dir, error) && !fs::is_empty(dir, error) &&
      !fs::exists(dir / kMarkerFile, error)) {
    std::fprintf(stderr,
                 "stepdb-bench-engine: %s exists and was not made by this program; "
                 "choose another --db-dir\n",
                 dir.c_str());
    return false;
  }
  fs::create_directories(dir, error);
  std::ofstream marker(dir / kMarkerFile);
  marker << "made by stepdb-bench-engine; it deletes and recreates db/ here on every run\n";
  if (error || !marker) {
    std::fprintf(stderr, "stepdb-bench-engine: cannot create %s\n", dir.c_str());
    return false;
  }
  *db_dir = (dir / "db").string();
  return true;
}

int Main(int argc, char** argv) {
  Flags flags;
  std::string workload_help;
  for (const WorkloadSpec& spec : AllWorkloads()) {
    char line[120];
    std::snprintf(line, sizeof line, "\n  %-13s %s", std::string(spec.name).c_str(),
                  std::string(spec.summary).c_str());
    workload_help += line;
  }
  CLI::App app{
      "stepdb-bench-engine: StepDB's storage engine beside LevelDB and RocksDB on db_bench-style "
      "workloads.\nEngines run one after another on fresh directories, with the same keys in the "
      "same orders (from --seed).\nWorkloads:" +
      workload_help};
  app.add_option("--num", flags.config.num, "Keys per workload")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{9999999999999999}));
  app.add_option("--value-size", flags.config.value_size, "Bytes per value")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{16} << 20));
  app.add_option("--engines", flags.engines,
                 "Comma list of engines: stepdb (the newest StepDB engine built in), "
                 "stepdb-memtable, leveldb, rocksdb, or all")
      ->capture_default_str();
  app.add_option("--benchmarks", flags.benchmarks,
                 "Comma list of workloads, run in this order (default: all, in the order above)");
  app.add_option("--db-dir", flags.db_dir,
                 "Run in DIR/<engine>/db and keep it afterwards (default: a temporary directory, "
                 "removed after the run)");
  app.add_flag("--csv", flags.csv,
               "Print engine,workload,num,value_size,ops_per_sec,micros_per_op lines instead of "
               "the table");
  app.add_option("--seed", flags.config.seed, "Seed of the key orders and values")
      ->capture_default_str();
  app.add_option("--write-buffer-size", flags.config.engine_options.write_buffer_bytes,
                 "Memtable size before a flush (e.g. 4MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  app.add_option("--cache-size", flags.config.engine_options.block_cache_bytes,
                 "Block cache size (e.g. 8MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  app.add_option("--bloom-bits", flags.config.engine_options.bloom_bits_per_key,
                 "Bloom filter bits per key")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_flag("--list-engines", flags.list_engines,
               "Print the engines built into this binary (name<TAB>description) and exit");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : kExitUsage;
  }

  if (flags.list_engines) {
    for (const EngineInfo& info : RegisteredEngines()) {
      std::printf("%s\t%s\n", info.name.c_str(),
                  info.describe(flags.config.engine_options).c_str());
    }
    for (const std::string& absent : SplitCommas(STEPDB_BENCH_MISSING_ENGINES)) {
      std::fprintf(stderr, "%s: not built (its library was not found when CMake ran)\n",
                   absent.c_str());
    }
    return 0;
  }

  RunSetup setup;
  setup.config = flags.config;
  std::vector<EngineInfo> engines;
  std::vector<const WorkloadSpec*> workloads;
  if (!ResolveEngines(flags.engines, &engines, &setup.skipped)) return kExitUsage;
  if (!ResolveWorkloads(flags.benchmarks, &workloads)) return kExitUsage;
  for (const std::string& skipped : setup.skipped) {
    std::fprintf(stderr, "stepdb-bench-engine: skipping %s\n", skipped.c_str());
  }
  if (engines.empty()) {
    std::fprintf(stderr, "stepdb-bench-engine: no engine to run\n");
    return kExitUsage;
  }

  setup.db_dir_removed = flags.db_dir.empty();
  setup.db_dir = flags.db_dir.empty() ? MakeTempDir() : flags.db_dir;
  if (setup.db_dir.empty()) {
    std::fprintf(stderr, "stepdb-bench-engine: cannot create a temporary directory\n");
    return 1;
  }
  // Every engine's directory is checked before any engine runs, so a bad --db-dir costs
  // nothing.
  std::vector<std::string> db_dirs;
  for (const EngineInfo& info : engines) {
    if (!PrepareEngineDir(setup.db_dir, info.name, &db_dirs.emplace_back())) return kExitUsage;
  }
  setup.cpus = std::thread::hardware_concurrency();
  double load[1];
  if (getloadavg(load, 1) == 1) setup.load_average = load[0];
  for (const EngineInfo& info : engines) {
    setup.engines.push_back({info.name, info.describe(flags.config.engine_options)});
  }

  if (flags.csv) PrintSettings(stderr, setup);  // stdout holds the CSV and nothing else

  ProgressLog progress(stderr);
  std::vector<EngineReport> reports;
  bool ok = true;
  for (size_t i = 0; i < engines.size(); ++i) {
    const EngineInfo& info = engines[i];
    progress.Line(info.name + ": " + std::to_string(workloads.size()) + " workloads, " +
                  std::to_string(flags.config.num) + " keys, in " + db_dirs[i]);
    std::unique_ptr<EngineAdapter> engine = info.make();
    reports.push_back(RunEngine(*engine, info, db_dirs[i], flags.config, workloads, progress));
    ok = ok && reports.back().status.ok();
  }
  if (setup.db_dir_removed) {
    std::error_code ignored;  // a leftover temporary directory is not worth failing the run
    std::filesystem::remove_all(setup.db_dir, ignored);
  }

  if (flags.csv) {
    PrintCsv(stdout, flags.config, reports);
  } else {
    PrintTable(stdout, setup, workloads, reports);
  }
  std::fflush(stdout);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace stepdb::bench

int main(int argc, char** argv) {
  // Engines log through spdlog; to stderr and only warnings, so that stdout stays the table
  // (or the CSV) and the timings are not spent formatting log lines.
  stepdb::ServerOptions logging;
  logging.log_level = "warn";
  stepdb::SetUpLogging(logging);
  return stepdb::bench::Main(argc, argv);
}
