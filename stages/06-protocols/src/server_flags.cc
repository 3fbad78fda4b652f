#include "server_flags.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "bloom_cache_flags.h"
#include "wal_flags.h"

namespace stepdb {
namespace {

struct FlagSpec {
  const char* parameter;
  const char* help;
};

constexpr FlagSpec kFlags[] = {
    {"requirepass", "Password clients must give with AUTH or HELLO (default: none)"},
    {"maxclients", "Connections served at once; more are refused (default: 10000)"},
    {"databases", "Number of databases for SELECT (default: 16)"},
    {"proto-max-bulk-len", "Largest RESP bulk string accepted, e.g. 512mb (default: 512mb)"},
    {"memcached-max-item-size", "Largest Memcached item, e.g. 1mb (default: 1mb)"},
};

}  // namespace

void AddServerConfigFlags(CLI::App& app, ServerConfigFlags& flags) {
  for (const FlagSpec& spec : kFlags) {
    const std::string parameter = spec.parameter;
    app.add_option_function<std::string>(
        "--" + parameter,
        [&flags, parameter](const std::string& value) { flags.values[parameter] = value; },
        spec.help);
  }
}

void AddStage06ServerFlags(CLI::App& app, RunOptions& options, ServerConfigFlags& flags) {
  AddNetworkFlags(app, options.server);
  AddStorageFlags(app, options.server);
  AddWalRecoveryFlags(app, options.engine.engine.lsm.recovery);
  AddBloomCacheFlags(app, options.engine.engine);
  AddServerConfigFlags(app, flags);
}

bool ApplyServerConfigFlags(const ServerConfigFlags& flags, RunOptions& options) {
  std::map<std::string, std::string> values = flags.values;
  values["bind"] = options.server.host;
  values["port"] = std::to_string(options.server.port);
  values["dir"] = options.server.data_dir;
  values["appendfsync"] = FsyncPolicyName(options.server.fsync);
  for (const auto& [name, value] : values) {
    if (Status status = options.config.Set(name, value, /*startup=*/true); !status.ok()) {
      std::fprintf(stderr, "--%s %s: %s\n", name.c_str(), value.c_str(), status.message().c_str());
      return false;
    }
  }
  return true;
}

int RunServerMain(int argc, char** argv, const std::string& description, RunOptions options) {
  CLI::App app{description};
  ServerConfigFlags config_flags;
  AddStage06ServerFlags(app, options, config_flags);
  CLI11_PARSE(app, argc, argv);
  SetUpLogging(options.server);
  if (!ApplyServerConfigFlags(config_flags, options)) return 2;
  return RunServer(options);
}

}  // namespace stepdb
