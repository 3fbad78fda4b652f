// stepdb-stage01: the stage 01 server, an in-memory key-value store over the text protocol.
#include <CLI/CLI.hpp>

#include "common/log.h"
#include "common/server_options.h"
#include "memtable_engine.h"
#include "serve.h"
#include "string_commands.h"

int main(int argc, char** argv) {
  stepdb::ServerOptions options;
  CLI::App app{
      "stepdb-stage01: an in-memory key-value server (stage 01: MemTable + TCP).\n"
      "Speaks the text protocol: SET <key> <value>, GET <key>, DEL <key>, HELP."};
  stepdb::AddNetworkFlags(app, options);
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options);

  stepdb::MemTableEngine engine;
  stepdb::CommandTable commands;
  stepdb::AddStringCommands(commands, engine);
  stepdb::LogInfo("stepdb-stage01: data lives in memory only and is lost at exit");
  return stepdb::ServeUntilSignal(options, commands);
}
