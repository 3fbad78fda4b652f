// The flags every stage server takes (--host, --port, --data-dir, --fsync, --log-level, with
// the STEPDB_* environment variables), parsed with CLI11, and the logger set-up.
//
// A stage's main() declares which groups of flags apply to it:
//
//   ServerOptions options;
//   CLI::App app{"stepdb-stage02: ..."};
//   AddNetworkFlags(app, options);   // --host --port --log-level
//   AddStorageFlags(app, options);   // --data-dir --fsync (stages with persistence)
//   CLI11_PARSE(app, argc, argv);
//   SetUpLogging(options);
//
// Each flag can also come from the environment (STEPDB_HOST, STEPDB_PORT, STEPDB_DATA,
// STEPDB_FSYNC, STEPDB_LOG_LEVEL); a flag on the command line wins over the environment.
#pragma once

#include <cstdint>
#include <string>

#include "common/cli_fwd.h"

namespace stepdb {

// When a write is made durable (Redis's appendfsync words).
enum class FsyncPolicy {
  kAlways,    // fsync before a write is acknowledged
  kEverySec,  // fsync in the background about once a second
  kNo,        // leave it to the operating system
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 6380;
  std::string data_dir = "./data";
  FsyncPolicy fsync = FsyncPolicy::kEverySec;
  std::string log_level = "info";
};

void AddNetworkFlags(CLI::App& app, ServerOptions& options);
void AddStorageFlags(CLI::App& app, ServerOptions& options);

// Configures spdlog's default logger: timestamps, level from options.log_level, to stderr.
void SetUpLogging(const ServerOptions& options);

const char* FsyncPolicyName(FsyncPolicy policy);

}  // namespace stepdb
