// stepdb-stage04: the stage 03 LSM server with a bloom filter per table, an LRU block cache,
// a bound on open table files, and STATS.
#include <CLI/CLI.hpp>

#include "bloom_cache_engine.h"
#include "bloom_cache_flags.h"
#include "common/log.h"
#include "common/server_options.h"
#include "file_system.h"
#include "scan_command.h"
#include "serve.h"
#include "stats_command.h"
#include "string_commands.h"
#include "wal_flags.h"

int main(int argc, char** argv) {
  stepdb::ServerOptions options;
  stepdb::BloomCacheOptions engine_options;
  CLI::App app{
      "stepdb-stage04: a key-value server on sorted tables with bloom filters and a block\n"
      "cache (stage 04). Speaks the text protocol: SET <key> <value>, GET <key>, DEL <key>,\n"
      "SCAN <start> <end> [limit], STATS, HELP. Writes go to a log and a memtable; a full\n"
      "memtable is written to <data-dir>/NNNNNN.sst in the background."};
  stepdb::AddNetworkFlags(app, options);
  stepdb::AddStorageFlags(app, options);
  stepdb::AddWalRecoveryFlags(app, engine_options.lsm.recovery);
  stepdb::AddBloomCacheFlags(app, engine_options);
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options);
  engine_options.lsm.fsync = options.fsync;

  auto engine =
      stepdb::BloomCacheEngine::Open(stepdb::DefaultFileSystem(), options.data_dir, engine_options);
  if (!engine.ok()) {
    stepdb::LogOpenFailure(options.data_dir, engine.status());
    return 1;
  }
  stepdb::LogInfo(
      "fsync policy: {}, memtable limit: {} bytes, bloom filter: {} bits per key, block cache: "
      "{} bytes, open table files: at most {}",
      stepdb::FsyncPolicyName(options.fsync), engine_options.lsm.memtable_bytes,
      engine_options.bloom_bits_per_key, engine_options.block_cache_bytes,
      engine_options.max_open_files);

  stepdb::BloomCacheEngine& db = **engine;
  stepdb::CommandTable commands;
  stepdb::AddStringCommands(commands, db);
  stepdb::AddScanCommand(commands, db);
  stepdb::AddStatsCommand(commands, [&db] { return db.Stats(); });
  const int code = stepdb::ServeUntilSignal(options, commands);
  if (stepdb::Status closed = db.Close(); !closed.ok()) {
    stepdb::LogError("closing {} failed: {}", options.data_dir, closed.ToString());
    return code == 0 ? 1 : code;
  }
  return code;
}
