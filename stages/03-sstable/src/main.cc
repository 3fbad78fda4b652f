// stepdb-stage03: the key-value server on an LSM tree of a memtable and sorted tables.
#include <CLI/CLI.hpp>

#include "common/log.h"
#include "common/server_options.h"
#include "file_system.h"
#include "lsm_engine.h"
#include "lsm_flags.h"
#include "scan_command.h"
#include "serve.h"
#include "string_commands.h"
#include "wal_flags.h"

int main(int argc, char** argv) {
  stepdb::ServerOptions options;
  stepdb::LsmOptions engine_options;
  CLI::App app{
      "stepdb-stage03: a key-value server on sorted tables (stage 03: SSTables).\n"
      "Speaks the text protocol: SET <key> <value>, GET <key>, DEL <key>,\n"
      "SCAN <start> <end> [limit], HELP. Writes go to a log and a memtable; a full memtable\n"
      "is written to <data-dir>/NNNNNN.sst in the background."};
  stepdb::AddNetworkFlags(app, options);
  stepdb::AddStorageFlags(app, options);
  stepdb::AddWalRecoveryFlags(app, engine_options.recovery);
  stepdb::AddLsmFlags(app, engine_options);
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options);
  engine_options.fsync = options.fsync;

  auto engine =
      stepdb::LsmEngine::Open(stepdb::DefaultFileSystem(), options.data_dir, engine_options);
  if (!engine.ok()) {
    stepdb::LogOpenFailure(options.data_dir, engine.status());
    return 1;
  }
  stepdb::LogInfo("fsync policy: {}, memtable limit: {} bytes",
                  stepdb::FsyncPolicyName(options.fsync), engine_options.memtable_bytes);

  stepdb::CommandTable commands;
  stepdb::AddStringCommands(commands, **engine);
  stepdb::AddScanCommand(commands, **engine);
  const int code = stepdb::ServeUntilSignal(options, commands);
  if (stepdb::Status closed = (*engine)->Close(); !closed.ok()) {
    stepdb::LogError("closing {} failed: {}", options.data_dir, closed.ToString());
    return code == 0 ? 1 : code;
  }
  return code;
}
