// stepdb: the StepDB server — the newest stage's engine and protocols, with what running it
// in production needs: a redis.conf-style config file, environment variables, a start-up
// banner, graceful shutdown on SIGTERM, SIGINT and SHUTDOWN.
//
// Settings come from four places; the first that has one wins:
//   1. a command-line flag          --port 7000
//   2. an environment variable      STEPDB_PORT=7000
//   3. the config file (--config)   port 7000
//   4. the default                  6380
// The config file uses Redis's parameter names; bind, port, dir, appendfsync and loglevel
// set the flags --host, --port, --data-dir, --fsync and --log-level, every other name is a
// parameter of CONFIG GET/SET (server_config.h). An unknown name stops start-up, as in Redis.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <string>

#include "common/server_options.h"
#include "config_file.h"
#include "server_flags.h"
#include "server_runner.h"
#include "zset_server.h"

namespace {

// Redis's log levels, as spdlog's.
const std::map<std::string, std::string> kLogLevels = {
    {"debug", "debug"}, {"verbose", "info"}, {"notice", "info"}, {"warning", "warn"}};

// Applies the config file's directives to what no flag or environment variable set. False
// (after printing why) on an unknown name or a bad value.
bool ApplyConfigFile(const std::string& path, CLI::App& app, stepdb::RunOptions& options,
                     const stepdb::ServerConfigFlags& flags) {
  auto directives = stepdb::ReadConfigFile(path);
  if (!directives.ok()) {
    std::fprintf(stderr, "%s\n", directives.status().message().c_str());
    return false;
  }
  auto given = [&app](const std::string& flag) { return app.get_option(flag)->count() > 0; };
  for (const stepdb::ConfigDirective& d : *directives) {
    const std::string where = path + " line " + std::to_string(d.line) + ": ";
    std::string value = d.value;
    if (d.name == "bind") {
      value = value.substr(0, value.find(' '));  // the first address of the list
      if (!given("--host")) options.server.host = value;
    } else if (d.name == "port") {
      int port = -1;
      if (std::sscanf(value.c_str(), "%d", &port) != 1 || port < 0 || port > 65535) {
        std::fprintf(stderr, "%sport must be 0..65535, got '%s'\n", where.c_str(), value.c_str());
        return false;
      }
      if (!given("--port")) options.server.port = static_cast<uint16_t>(port);
    } else if (d.name == "dir") {
      if (!given("--data-dir")) options.server.data_dir = value;
    } else if (d.name == "appendfsync") {
      const std::map<std::string, stepdb::FsyncPolicy> policies = {
          {"always", stepdb::FsyncPolicy::kAlways},
          {"everysec", stepdb::FsyncPolicy::kEverySec},
          {"no", stepdb::FsyncPolicy::kNo}};
      auto policy = policies.find(value);
      if (policy == policies.end()) {
        std::fprintf(stderr, "%sappendfsync must be always, everysec or no\n", where.c_str());
        return false;
      }
      if (!given("--fsync")) options.server.fsync = policy->second;
    } else if (d.name == "loglevel") {
      auto level = kLogLevels.find(value);
      if (level == kLogLevels.end()) {
        std::fprintf(stderr, "%sloglevel must be debug, verbose, notice or warning\n",
                     where.c_str());
        return false;
      }
      if (!given("--log-level")) options.server.log_level = level->second;
    } else if (flags.values.count(d.name) == 0) {
      stepdb::Status status = options.config.Set(d.name, value, /*startup=*/true);
      if (status.IsNotFound()) {
        std::fprintf(stderr, "%sBad directive or wrong number of arguments: '%s'\n", where.c_str(),
                     d.name.c_str());
        return false;
      }
      if (!status.ok()) {
        std::fprintf(stderr, "%s%s: %s\n", where.c_str(), d.name.c_str(), status.message().c_str());
        return false;
      }
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  stepdb::RunOptions options;
  options.name = "stepdb";
  options.parts = stepdb::Stage10Parts();
  CLI::App app{
      "stepdb: the StepDB server. Redis (RESP2 and RESP3) and Memcached (text and meta) on one\n"
      "port, with its data in an LSM tree on disk. Settings: flag > STEPDB_* environment\n"
      "variable > --config file (redis.conf style: 'port 6380' lines) > default."};
  std::string config_path;
  app.add_option("--config", config_path, "A redis.conf-style file of settings")
      ->envname("STEPDB_CONFIG")
      ->check(CLI::ExistingFile);
  stepdb::ServerConfigFlags config_flags;
  stepdb::AddStage06ServerFlags(app, options, config_flags);
  CLI11_PARSE(app, argc, argv);
  if (!config_path.empty() && !ApplyConfigFile(config_path, app, options, config_flags)) {
    return 1;
  }
  stepdb::SetUpLogging(options.server);
  if (!stepdb::ApplyServerConfigFlags(config_flags, options)) return 2;
  return stepdb::RunServer(options);
}
