#include "bench/report.h"

#include <algorithm>
#include <cinttypes>

namespace stepdb::bench {
namespace {

// 1234567.8 -> "1,234,568"
std::string FormatCount(double value) {
  std::string digits = std::to_string(static_cast<uint64_t>(value + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string FormatRatio(double numerator, uint64_t denominator) {
  if (denominator == 0) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", numerator / static_cast<double>(denominator));
  return text;
}

// The report of the engine named `name`, or nullptr.
const EngineReport* Find(const std::vector<EngineReport>& reports, const std::string& name) {
  for (const EngineReport& report : reports) {
    if (report.engine == name) return &report;
  }
  return nullptr;
}

// Rows of an in-memory engine say so, so nobody reads them as a disk engine's numbers.
std::string EngineLabel(const EngineReport& report) {
  return report.in_memory ? report.engine + " (in memory)" : report.engine;
}

void PrintWorkloads(std::FILE* out, const std::vector<const WorkloadSpec*>& workloads,
                    const std::vector<EngineReport>& reports) {
  const EngineReport* leveldb = Find(reports, "leveldb");
  std::fprintf(out, "%-13s %-28s %13s %10s %11s\n", "workload", "engine", "ops/s", "micros/op",
               "vs leveldb");
  std::fprintf(out, "%-13s %-28s %13s %10s %11s\n", "-------------", "----------------------------",
               "-------------", "----------", "-----------");
  for (size_t i = 0; i < workloads.size(); ++i) {
    bool first = true;
    for (const EngineReport& report : reports) {
      const std::string workload_label = first ? std::string(workloads[i]->name) : "";
      first = false;
      if (i >= report.results.size()) {
        std::fprintf(out, "%-13s %-28s %13s %10s %11s\n", workload_label.c_str(),
                     EngineLabel(report).c_str(), "-", "-", "-");
        continue;
      }
      const WorkloadResult& result = report.results[i];
      std::string ratio = "n/a";
      if (leveldb != nullptr && i < leveldb->results.size() &&
          leveldb->results[i].ops_per_sec() > 0) {
        char text[32];
        std::snprintf(text, sizeof text, "%.2fx",
                      result.ops_per_sec() / leveldb->results[i].ops_per_sec());
        ratio = text;
      }
      std::fprintf(out, "%-13s %-28s %13s %10.3f %11s\n", workload_label.c_str(),
                   EngineLabel(report).c_str(), FormatCount(result.ops_per_sec()).c_str(),
                   result.micros_per_op(), ratio.c_str());
    }
  }
  std::fprintf(out,
               "\"vs leveldb\" = the engine's ops/s divided by LevelDB's on the same workload: "
               "above 1.00x is faster than LevelDB.\n\n");
}

void PrintEngines(std::FILE* out, const std::vector<EngineReport>& reports) {
  // The engine column fits the longest name.
  int name_width = 16;
  for (const EngineReport& report : reports) {
    name_width = std::max(name_width, static_cast<int>(report.engine.size()));
  }
  std::fprintf(out, "%-*s %11s | %-22s | %-22s | %s\n", name_width, "", "user data",
               "engine-counted tables", "write(2) by process", "disk (du)");
  std::fprintf(out, "%-*s %11s | %11s %10s | %11s %10s | %10s %10s\n", name_width, "engine",
               "written", "bytes", "write-amp", "bytes", "write-amp", "peak", "final");
  for (const EngineReport& report : reports) {
    const double user = static_cast<double>(report.user_bytes_written);
    std::string table_bytes = "n/a";
    std::string table_amp = "n/a";
    if (report.table_bytes_written) {
      table_bytes = FormatBytes(*report.table_bytes_written);
      table_amp =
          FormatRatio(static_cast<double>(*report.table_bytes_written), report.user_bytes_written);
    }
    std::string write_bytes = "n/a";
    std::string write_amp = "n/a";
    std::string peak = "n/a";
    std::string final_size = "n/a";
    if (report.in_memory) {
      write_bytes = "in memory";
    } else {
      if (report.write_syscall_bytes) {
        write_bytes = FormatBytes(*report.write_syscall_bytes);
        write_amp = FormatRatio(static_cast<double>(*report.write_syscall_bytes),
                                report.user_bytes_written);
      }
      peak = FormatBytes(report.peak_disk_bytes);
      final_size = FormatBytes(report.final_disk_bytes);
    }
    std::fprintf(out, "%-*s %11s | %11s %10s | %11s %10s | %10s %10s\n", name_width,
                 report.engine.c_str(), FormatBytes(static_cast<uint64_t>(user)).c_str(),
                 table_bytes.c_str(), table_amp.c_str(), write_bytes.c_str(), write_amp.c_str(),
                 peak.c_str(), final_size.c_str());
  }
  std::fprintf(out,
               "user data written: key + value bytes of every put, key bytes of every delete.\n"
               "engine-counted tables: bytes the engine reports writing to table files in "
               "flushes and compactions (no WAL).\n"
               "write(2) by process: all bytes handed to the kernel while the engine was open: "
               "WAL, tables, manifests, info logs.\n"
               "write-amp = those bytes / user data written. disk peak: largest du seen after a "
               "workload; final: du after the last close.\n");
}

}  // namespace

void PrintSettings(std::FILE* out, const RunSetup& setup) {
  const BenchConfig& config = setup.config;
  const EngineOptions& options = config.engine_options;
  std::fprintf(out, "StepDB engine benchmark (db_bench-style workloads, one thread)\n");
  std::fprintf(out, "  keys:     %" PRIu64 " keys of %zu bytes, zero-padded decimal\n", config.num,
               kKeyBytes);
  std::fprintf(out,
               "  values:   %zu bytes each, pseudo-random (incompressible), seed %" PRIu64 "\n",
               config.value_size, config.seed);
  std::fprintf(out,
               "  settings: write buffer %s, block cache %s, bloom filter %d bits/key, "
               "sync=false (no fsync per write; the WAL stays on), compression off\n",
               FormatBytes(options.write_buffer_bytes).c_str(),
               FormatBytes(options.block_cache_bytes).c_str(), options.bloom_bits_per_key);
  std::fprintf(out, "  engines:\n");
  int name_width = 16;
  for (const RunSetup::Engine& engine : setup.engines) {
    name_width = std::max(name_width, static_cast<int>(engine.name.size()));
  }
  for (const RunSetup::Engine& engine : setup.engines) {
    std::fprintf(out, "    %-*s %s\n", name_width, engine.name.c_str(), engine.description.c_str());
  }
  for (const std::string& skipped : setup.skipped) {
    std::fprintf(out, "    skipped: %s\n", skipped.c_str());
  }
  std::fprintf(out, "  db dir:   %s%s\n", setup.db_dir.c_str(),
               setup.db_dir_removed ? " (temporary, removed afterwards)" : "");
  std::fprintf(out, "  machine:  %u CPUs", setup.cpus);
  if (setup.load_average >= 0) {
    std::fprintf(out, ", load average %.2f at the start", setup.load_average);
  }
  std::fprintf(out, "; one run per engine, so expect noise between runs\n\n");
}

void PrintTable(std::FILE* out, const RunSetup& setup,
                const std::vector<const WorkloadSpec*>& workloads,
                const std::vector<EngineReport>& reports) {
  PrintSettings(out, setup);
  PrintWorkloads(out, workloads, reports);
  PrintEngines(out, reports);
  for (const EngineReport& report : reports) {
    if (!report.status.ok()) {
      std::fprintf(out, "\nFAILED %s: %s\n", report.engine.c_str(),
                   report.status.ToString().c_str());
    }
  }
}

void PrintCsv(std::FILE* out, const BenchConfig& config, const std::vector<EngineReport>& reports) {
  std::fprintf(out, "engine,workload,num,value_size,ops_per_sec,micros_per_op\n");
  for (const EngineReport& report : reports) {
    for (const WorkloadResult& result : report.results) {
      std::fprintf(out, "%s,%s,%" PRIu64 ",%zu,%.1f,%.4f\n", report.engine.c_str(),
                   std::string(result.spec->name).c_str(), config.num, config.value_size,
                   result.ops_per_sec(), result.micros_per_op());
    }
  }
}

}  // namespace stepdb::bench
