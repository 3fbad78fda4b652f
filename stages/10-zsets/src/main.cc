// stepdb-stage10: stage 09's Redis and Memcached server, with sorted sets.
#include "server_flags.h"
#include "zset_server.h"

int main(int argc, char** argv) {
  stepdb::RunOptions options;
  options.name = stepdb::kStage10Name;
  options.parts = stepdb::Stage10Parts();
  return stepdb::RunServerMain(
      argc, argv,
      "stepdb-stage10: a Redis and Memcached server on a leveled LSM tree, with expiry,\n"
      "hashes, sets, lists and sorted sets (stage 10). A sorted set is a hash from member\n"
      "to score plus an index of its members in score order, both records on the engine.",
      std::move(options));
}
