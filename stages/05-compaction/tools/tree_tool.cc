// stepdb-tree: shows, checks and compacts the tree of a stage-05 data directory.
//
//   stepdb-tree show DIR      the levels from the MANIFEST: per level its tables, bytes,
//                             budget and compaction score; per table its number, size and
//                             key range; then bytes flushed, bytes compacted and the write
//                             amplification so far. Reads only the MANIFEST, so it works
//                             while a server runs on DIR.
//   stepdb-tree check DIR     verifies the tree: every table the MANIFEST names is there with
//                             its size, reads back whole, keys in order and inside the range
//                             the MANIFEST records; levels 1+ sorted without overlaps; and
//                             lists table files the MANIFEST does not name (orphans)
//   stepdb-tree compact DIR   opens the database (it must not be in use), compacts every
//                             level into the last one (as COMPACT does), then shows the tree
//
// Exit status: 0 fine; 1 the directory cannot be read, is in use (compact), or the check
// found a problem; 2 bad usage.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <set>
#include <string>

#include "common/escape_bytes.h"
#include "common/format_bytes.h"
#include "compaction_picker.h"
#include "file_names.h"
#include "file_system.h"
#include "leveled_engine.h"
#include "manifest.h"
#include "table.h"

namespace stepdb {
namespace {

void PrintTree(const std::string& dir, const ManifestState& state,
               const CompactionOptions& options) {
  std::printf("tree of %s: next file number %llu, oldest log %llu\n", dir.c_str(),
              static_cast<unsigned long long>(state.next_file_number),
              static_cast<unsigned long long>(state.log_number));
  std::printf("%-6s %7s %11s %11s %6s\n", "level", "tables", "bytes", "budget", "score");
  size_t tables = 0;
  uint64_t total = 0;
  for (size_t level = 0; level < state.levels.size(); ++level) {
    const auto& metas = state.levels[level];
    const std::string budget =
        level == 0 ? std::to_string(options.l0_compaction_trigger) + " tables"
        : level + 1 >= options.max_levels ? "none"
                                          : FormatBytes(options.MaxBytesForLevel(level));
    std::printf("L%-5zu %7zu %11s %11s %6.2f\n", level, metas.size(),
                FormatBytes(TotalBytes(metas)).c_str(), budget.c_str(),
                LevelScore(state, options, level));
    for (const TableMeta& meta : metas) {
      std::printf("  %06llu %11s  %s .. %s\n", static_cast<unsigned long long>(meta.number),
                  FormatBytes(meta.size).c_str(), EscapeBytes(meta.smallest).c_str(),
                  EscapeBytes(meta.largest).c_str());
    }
    tables += metas.size();
    total += TotalBytes(metas);
  }
  std::printf("total: %zu tables, %s\n", tables, FormatBytes(total).c_str());
  std::printf("bytes flushed: %s, bytes compacted: %s", FormatBytes(state.bytes_flushed).c_str(),
              FormatBytes(state.bytes_compacted).c_str());
  if (state.bytes_flushed > 0) {
    std::printf(", write amplification (tables): %.2f",
                static_cast<double>(state.bytes_flushed + state.bytes_compacted) /
                    static_cast<double>(state.bytes_flushed));
  }
  std::printf("\n");
}

int Show(const std::string& dir, const CompactionOptions& options) {
  Result<ManifestState> state = LoadManifest(*DefaultFileSystem(), dir);
  if (!state.ok()) {
    std::fprintf(stderr, "stepdb-tree: %s\n", state.status().ToString().c_str());
    return 1;
  }
  PrintTree(dir, *state, options);
  return 0;
}

// Reads the whole table; returns the problems found (empty if none).
std::vector<std::string> CheckTable(const std::string& dir, const TableMeta& meta) {
  FileSystem& fs = *DefaultFileSystem();
  const std::string path = TableFileName(dir, meta.number);
  Result<uint64_t> size = fs.GetFileSize(path);
  if (!size.ok()) return {path + ": " + size.status().ToString()};
  if (*size != meta.size) {
    return {path + ": " + std::to_string(*size) + " bytes, the MANIFEST says " +
            std::to_string(meta.size)};
  }
  auto file = fs.NewRandomAccessFile(path);
  if (!file.ok()) return {path + ": " + file.status().ToString()};
  auto table = Table::Open(std::move(file).value(), *size, path, TableOptions{});
  if (!table.ok()) return {table.status().ToString()};
  TableReadOptions read_options;
  read_options.fill_cache = false;
  auto it = (*table)->NewIterator(read_options);
  std::vector<std::string> problems;
  std::string previous;
  bool first = true;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key();
    if (!first && key <= previous) {
      problems.push_back(path + ": key " + EscapeBytes(key) + " out of order");
    }
    if (key < meta.smallest || key > meta.largest) {
      problems.push_back(path + ": key " + EscapeBytes(key) +
                         " outside the range the MANIFEST records");
    }
    previous.assign(key);
    first = false;
  }
  if (!it->status().ok()) problems.push_back(it->status().ToString());
  if (first) problems.push_back(path + ": no entries");
  return problems;
}

int Check(const std::string& dir) {
  Result<ManifestState> state = LoadManifest(*DefaultFileSystem(), dir);
  if (!state.ok()) {
    std::fprintf(stderr, "stepdb-tree: %s\n", state.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> problems;
  std::set<uint64_t> live;
  size_t tables = 0;
  for (size_t level = 0; level < state->levels.size(); ++level) {
    const auto& metas = state->levels[level];
    for (size_t i = 0; i < metas.size(); ++i) {
      live.insert(metas[i].number);
      ++tables;
      for (std::string& problem : CheckTable(dir, metas[i])) problems.push_back(std::move(problem));
      if (level > 0 && i + 1 < metas.size() && metas[i].largest >= metas[i + 1].smallest) {
        problems.push_back("level " + std::to_string(level) + ": tables " +
                           std::to_string(metas[i].number) + " and " +
                           std::to_string(metas[i + 1].number) + " overlap or are out of order");
      }
    }
  }
  auto children = DefaultFileSystem()->GetChildren(dir);
  if (children.ok()) {
    for (const std::string& name : *children) {
      uint64_t number = 0;
      if (ParseFileName(name, &number) == FileKind::kTable && !live.contains(number)) {
        // Not damage: start-up removes it. Worth knowing when the server is down.
        std::printf("orphan: %s/%s is not in the MANIFEST (start-up removes it)\n", dir.c_str(),
                    name.c_str());
      }
    }
  }
  for (const std::string& problem : problems) std::printf("problem: %s\n", problem.c_str());
  std::printf("%s: %zu tables in %zu levels checked, %zu problems\n", dir.c_str(), tables,
              state->levels.size(), problems.size());
  return problems.empty() ? 0 : 1;
}

int Compact(const std::string& dir, const LeveledOptions& options) {
  auto engine = LeveledEngine::Open(DefaultFileSystem(), dir, options);
  if (!engine.ok()) {
    std::fprintf(stderr, "stepdb-tree: cannot open %s: %s\n", dir.c_str(),
                 engine.status().ToString().c_str());
    return 1;
  }
  Status status = (*engine)->CompactAll();
  Status closed = (*engine)->Close();
  if (status.ok()) status = closed;
  if (!status.ok()) {
    std::fprintf(stderr, "stepdb-tree: compaction of %s failed: %s\n", dir.c_str(),
                 status.ToString().c_str());
    return 1;
  }
  return Show(dir, options.compaction);
}

}  // namespace
}  // namespace stepdb

int main(int argc, char** argv) {
  CLI::App app{
      "stepdb-tree: shows, checks and compacts the LSM tree of a StepDB stage-05 data "
      "directory."};
  app.footer("Exit status: 0 fine, 1 unreadable, in use or damaged, 2 bad usage.");
  app.require_subcommand(1);
  std::string dir;
  stepdb::LeveledOptions options;
  options.engine.lsm.fsync = stepdb::FsyncPolicy::kAlways;

  CLI::App* show = app.add_subcommand("show", "Print the levels, tables, key ranges and sizes");
  CLI::App* check = app.add_subcommand(
      "check", "Verify every table and the level invariants; list orphan tables");
  CLI::App* compact = app.add_subcommand(
      "compact", "Merge every level into the last one (the database must not be in use)");
  for (CLI::App* command : {show, check, compact}) {
    command->add_option("DIR", dir, "The data directory")->required();
  }
  for (CLI::App* command : {show, compact}) {
    command
        ->add_option("--level1-max-bytes", options.compaction.level1_max_bytes,
                     "Level 1's budget, as given to the server")
        ->transform(CLI::AsSizeValue(false))
        ->default_str("10MiB");
    command
        ->add_option("--level-size-ratio", options.compaction.size_ratio,
                     "Growth from level to level, as given to the server")
        ->check(CLI::Range(2, 1000))
        ->default_str("10");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  if (*show) return stepdb::Show(dir, options.compaction);
  if (*check) return stepdb::Check(dir);
  return stepdb::Compact(dir, options);
}
