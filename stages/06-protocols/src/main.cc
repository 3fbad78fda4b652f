// stepdb-stage06: Redis (RESP2 and RESP3) and Memcached on one port, over stage 05's engine.
#include "common/server_options.h"
#include "server_flags.h"
#include "server_runner.h"

int main(int argc, char** argv) {
  stepdb::RunOptions options;
  CLI::App app{
      "stepdb-stage06: a Redis and Memcached server on a leveled LSM tree (stage 06). One port\n"
      "speaks RESP2/RESP3 (redis-cli, Redis clients, inline commands typed into nc) and\n"
      "Memcached's text and meta protocols; the first bytes of a connection decide."};
  stepdb::ServerConfigFlags config_flags;
  stepdb::AddStage06ServerFlags(app, options, config_flags);
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options.server);
  if (!stepdb::ApplyServerConfigFlags(config_flags, options)) return 2;
  return stepdb::RunServer(options);
}
