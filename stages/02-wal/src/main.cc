// stepdb-stage02: the stage 01 server made durable by a write-ahead log.
#include <CLI/CLI.hpp>
#include <chrono>

#include "common/log.h"
#include "common/server_options.h"
#include "file_system.h"
#include "serve.h"
#include "string_commands.h"
#include "wal_engine.h"
#include "wal_flags.h"

int main(int argc, char** argv) {
  stepdb::ServerOptions options;
  stepdb::WalEngineOptions engine_options;
  CLI::App app{
      "stepdb-stage02: a durable key-value server (stage 02: write-ahead log).\n"
      "Speaks the text protocol: SET <key> <value>, GET <key>, DEL <key>, HELP.\n"
      "Every write is logged to <data-dir>/wal.log before it is applied; start-up replays it."};
  stepdb::AddNetworkFlags(app, options);
  stepdb::AddStorageFlags(app, options);
  stepdb::AddWalRecoveryFlags(app, engine_options.recovery);
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options);
  engine_options.fsync = options.fsync;

  const auto started = std::chrono::steady_clock::now();
  auto engine =
      stepdb::WalEngine::Open(stepdb::DefaultFileSystem(), options.data_dir, engine_options);
  if (!engine.ok()) {
    stepdb::LogError("cannot open {}: {}", options.data_dir, engine.status().ToString());
    if (engine.status().IsCorruption()) {
      stepdb::LogError(
          "the log was left as it is; to keep the records before the corrupt one and "
          "drop the rest, start again with --salvage-wal");
    }
    return 1;
  }
  const stepdb::WalReplaySummary& recovered = (*engine)->recovery();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  stepdb::LogInfo("recovered {} records ({} puts and deletes, {} bytes) from {} in {} ms: {} keys",
                  recovered.records, recovered.entries, recovered.good_bytes, (*engine)->log_path(),
                  elapsed.count(), (*engine)->size());
  stepdb::LogInfo("fsync policy: {}", stepdb::FsyncPolicyName(options.fsync));

  stepdb::CommandTable commands;
  stepdb::AddStringCommands(commands, **engine);
  const int code = stepdb::ServeUntilSignal(options, commands);
  if (stepdb::Status closed = (*engine)->Close(); !closed.ok()) {
    stepdb::LogError("closing {} failed: {}", (*engine)->log_path(), closed.ToString());
    return code == 0 ? 1 : code;
  }
  stepdb::LogInfo("wal {} synced and closed at {} bytes", (*engine)->log_path(),
                  (*engine)->log_bytes());
  return code;
}
