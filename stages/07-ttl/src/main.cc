// stepdb-stage07: stage 06's Redis and Memcached server, with keys that expire.
#include "server_flags.h"
#include "ttl_server.h"

int main(int argc, char** argv) {
  stepdb::RunOptions options;
  options.name = stepdb::kStage07Name;
  options.parts = stepdb::Stage07Parts();
  return stepdb::RunServerMain(
      argc, argv,
      "stepdb-stage07: a Redis and Memcached server on a leveled LSM tree, with expiry\n"
      "(stage 07). One port speaks RESP2/RESP3 and Memcached's text and meta protocols; keys\n"
      "expire lazily, by an active cycle, and in compaction.",
      std::move(options));
}
