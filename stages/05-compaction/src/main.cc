// stepdb-stage05: the stage 04 server with leveled compaction in the background, write
// stalls, and COMPACT.
#include <CLI/CLI.hpp>

#include "bloom_cache_flags.h"
#include "common/log.h"
#include "common/server_options.h"
#include "compact_command.h"
#include "file_system.h"
#include "leveled_engine.h"
#include "scan_command.h"
#include "serve.h"
#include "stats_command.h"
#include "string_commands.h"
#include "wal_flags.h"

int main(int argc, char** argv) {
  stepdb::ServerOptions options;
  stepdb::LeveledOptions engine_options;
  stepdb::CompactionOptions& compaction = engine_options.compaction;
  CLI::App app{
      "stepdb-stage05: a key-value server on a leveled LSM tree (stage 05). Speaks the text\n"
      "protocol: SET <key> <value>, GET <key>, DEL <key>, SCAN <start> <end> [limit], STATS,\n"
      "COMPACT, HELP. Full memtables become tables in level 0; a background thread merges\n"
      "them down into levels 1, 2, ... of growing size."};
  stepdb::AddNetworkFlags(app, options);
  stepdb::AddStorageFlags(app, options);
  stepdb::AddWalRecoveryFlags(app, engine_options.engine.lsm.recovery);
  stepdb::AddBloomCacheFlags(app, engine_options.engine);
  app.add_option("--l0-compaction-trigger", compaction.l0_compaction_trigger,
                 "Compact level 0 into level 1 once it holds this many tables")
      ->check(CLI::Range(size_t{1}, size_t{1000}))
      ->default_str("4");
  app.add_option("--l0-slowdown-tables", compaction.l0_slowdown_tables,
                 "Delay each write by 1 ms while level 0 holds this many tables")
      ->check(CLI::Range(size_t{1}, size_t{1000}))
      ->default_str("8");
  app.add_option("--l0-stop-tables", compaction.l0_stop_tables,
                 "Stop writes while level 0 holds this many tables, until a compaction is done")
      ->check(CLI::Range(size_t{1}, size_t{1000}))
      ->default_str("12");
  app.add_option("--level1-max-bytes", compaction.level1_max_bytes,
                 "Size budget of level 1; each deeper level gets --level-size-ratio times more "
                 "(suffixes KiB, MiB, GiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(uint64_t{4096}, uint64_t{1} << 40))
      ->default_str("10MiB");
  app.add_option("--level-size-ratio", compaction.size_ratio,
                 "How many times larger each level is than the one above")
      ->check(CLI::Range(2, 1000))
      ->default_str("10");
  app.add_option("--target-table-bytes", compaction.target_table_bytes,
                 "Size of the tables a compaction writes (suffixes KiB, MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(uint64_t{4096}, uint64_t{1} << 32))
      ->default_str("2MiB");
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options);
  engine_options.engine.lsm.fsync = options.fsync;

  auto engine =
      stepdb::LeveledEngine::Open(stepdb::DefaultFileSystem(), options.data_dir, engine_options);
  if (!engine.ok()) {
    stepdb::LogOpenFailure(options.data_dir, engine.status());
    return 1;
  }
  stepdb::LogInfo(
      "fsync policy: {}, memtable limit: {} bytes, level 0: compact at {} tables, slow down at "
      "{}, stop at {}; level 1: {} bytes, size ratio {}",
      stepdb::FsyncPolicyName(options.fsync), engine_options.engine.lsm.memtable_bytes,
      compaction.l0_compaction_trigger, compaction.l0_slowdown_tables, compaction.l0_stop_tables,
      compaction.level1_max_bytes, compaction.size_ratio);

  stepdb::LeveledEngine& db = **engine;
  stepdb::CommandTable commands;
  stepdb::AddStringCommands(commands, db);
  stepdb::AddScanCommand(commands, db);
  stepdb::AddStatsCommand(commands, [&db] { return db.Stats(); });
  stepdb::AddCompactCommand(commands, db);
  const int code = stepdb::ServeUntilSignal(options, commands);
  if (stepdb::Status closed = db.Close(); !closed.ok()) {
    stepdb::LogError("closing {} failed: {}", options.data_dir, closed.ToString());
    return code == 0 ? 1 : code;
  }
  return code;
}
