// stepdb-stage04: the stage 03 LSM server with a bloom filter per table, an LRU block cache,
// a bound on open table files, and STATS.
#include <spdlog/spdlog.h>

#include "bloom_cache_engine.h"
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
  app.add_option("--memtable-bytes", engine_options.lsm.memtable_bytes,
                 "Write the memtable to a table once it holds about this many bytes "
                 "(suffixes KiB, MiB)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{4096}, size_t{1} << 32))
      ->default_str("4MiB");
  app.add_option("--bloom-bits-per-key", engine_options.bloom_bits_per_key,
                 "Bits per key of the bloom filter written into new tables (10: about 1% false "
                 "positives); 0 = no filter")
      ->check(CLI::Range(0, 64))
      ->default_str("10");
  app.add_option("--block-cache-bytes", engine_options.block_cache_bytes,
                 "Capacity of the LRU cache of table blocks (suffixes KiB, MiB, GiB); 0 = cache "
                 "nothing")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(size_t{0}, size_t{1} << 40))
      ->default_str("8MiB");
  app.add_option("--max-open-files", engine_options.max_open_files,
                 "Table files kept open at once; a read of another one closes the least "
                 "recently read and opens it")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20))
      ->default_str("500");
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options);
  engine_options.lsm.fsync = options.fsync;

  auto engine =
      stepdb::BloomCacheEngine::Open(stepdb::DefaultFileSystem(), options.data_dir, engine_options);
  if (!engine.ok()) {
    spdlog::error("cannot open {}: {}", options.data_dir, engine.status().ToString());
    if (engine.status().IsCorruption()) {
      spdlog::error(
          "nothing was changed; if a log is corrupt, --salvage-wal keeps the records "
          "before the damage and drops the rest");
    }
    return 1;
  }
  spdlog::info(
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
    spdlog::error("closing {} failed: {}", options.data_dir, closed.ToString());
    return code == 0 ? 1 : code;
  }
  return code;
}
