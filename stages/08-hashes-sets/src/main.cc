// stepdb-stage08: stage 07's Redis and Memcached server, with hashes and sets on the engine.
#include "server_flags.h"
#include "typed_server.h"

int main(int argc, char** argv) {
  stepdb::RunOptions options;
  options.name = stepdb::kStage08Name;
  options.parts = stepdb::Stage08Parts();
  return stepdb::RunServerMain(
      argc, argv,
      "stepdb-stage08: a Redis and Memcached server on a leveled LSM tree, with expiry,\n"
      "hashes and sets (stage 08). A collection is a metadata record and one record per\n"
      "element on the engine, so it may be larger than memory.",
      std::move(options));
}
