// The flags of the stage 06 server beyond the common ones of common/server_options.h, each a Redis
// config parameter of the same name (server_config.h): --requirepass, --maxclients, --databases,
// --proto-max-bulk-len, --memcached-max-item-size.
#pragma once

#include <map>
#include <string>

#include "common/cli_fwd.h"
#include "server_runner.h"

namespace stepdb {

struct ServerConfigFlags {
  std::map<std::string, std::string> values;  // parameter name -> value given
};

void AddServerConfigFlags(CLI::App& app, ServerConfigFlags& flags);

// Every flag of a stage 06 server: the network and storage flags of common/server_options.h, WAL
// recovery, the engine's (stage 04's bloom filter and cache flags), and the config flags above.
void AddStage06ServerFlags(CLI::App& app, RunOptions& options, ServerConfigFlags& flags);

// Copies the flags given, and the common ones (host, port, data dir, fsync), into
// options.config. False (after printing the reason) if a value does not fit its parameter.
bool ApplyServerConfigFlags(const ServerConfigFlags& flags, RunOptions& options);

// The whole main() of a stage's server: parses argv into `options` (every flag above; --help
// prints `description`), sets up logging and runs the server. Returns the exit code.
int RunServerMain(int argc, char** argv, const std::string& description, RunOptions options);

}  // namespace stepdb
