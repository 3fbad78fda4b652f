#include "common/server_options.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <map>

namespace stepdb {

void AddNetworkFlags(CLI::App& app, ServerOptions& options) {
  app.add_option("--host", options.host, "Address to listen on")
      ->envname("STEPDB_HOST")
      ->capture_default_str();
  app.add_option("--port", options.port, "TCP port to listen on (0 picks a free one)")
      ->envname("STEPDB_PORT")
      ->capture_default_str();
  app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error or off")
      ->envname("STEPDB_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
}

void AddStorageFlags(CLI::App& app, ServerOptions& options) {
  app.add_option("--data-dir", options.data_dir, "Directory that holds the database files")
      ->envname("STEPDB_DATA")
      ->capture_default_str();
  const std::map<std::string, FsyncPolicy> policies = {{"always", FsyncPolicy::kAlways},
                                                       {"everysec", FsyncPolicy::kEverySec},
                                                       {"no", FsyncPolicy::kNo}};
  app.add_option("--fsync", options.fsync,
                 "When writes reach the disk: always (before each reply), everysec, no")
      ->envname("STEPDB_FSYNC")
      ->transform(CLI::CheckedTransformer(policies, CLI::ignore_case))
      ->default_str("everysec");
}

void SetUpLogging(const ServerOptions& options) {
  auto logger = spdlog::stderr_logger_mt("stepdb");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(options.log_level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

const char* FsyncPolicyName(FsyncPolicy policy) {
  switch (policy) {
    case FsyncPolicy::kAlways:
      return "always";
    case FsyncPolicy::kEverySec:
      return "everysec";
    case FsyncPolicy::kNo:
      return "no";
  }
  return "?";
}

}  // namespace stepdb
