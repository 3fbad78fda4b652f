// stepdb-stage07: stage 06's Redis and Memcached server, with keys that expire.
#include "common/server_options.h"
#include "server_flags.h"
#include "ttl_server.h"

int main(int argc, char** argv) {
  stepdb::RunOptions options;
  options.name = stepdb::kStage07Name;
  options.parts = stepdb::Stage07Parts();
  CLI::App app{
      "stepdb-stage07: a Redis and Memcached server on a leveled LSM tree, with expiry\n"
      "(stage 07). One port speaks RESP2/RESP3 and Memcached's text and meta protocols; keys\n"
      "expire lazily, by an active cycle, and in compaction."};
  stepdb::ServerConfigFlags config_flags;
  stepdb::AddStage06ServerFlags(app, options, config_flags);
  CLI11_PARSE(app, argc, argv);
  stepdb::SetUpLogging(options.server);
  if (!stepdb::ApplyServerConfigFlags(config_flags, options)) return 2;
  return stepdb::RunServer(options);
}
