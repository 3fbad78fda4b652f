// stepdb-stage09: stage 08's Redis and Memcached server, with lists and the blocking commands.
#include "list_server.h"
#include "server_flags.h"

int main(int argc, char** argv) {
  stepdb::RunOptions options;
  options.name = stepdb::kStage09Name;
  options.parts = stepdb::Stage09Parts();
  return stepdb::RunServerMain(
      argc, argv,
      "stepdb-stage09: a Redis and Memcached server on a leveled LSM tree, with expiry,\n"
      "hashes, sets and lists (stage 09). A list is a metadata record and one record per\n"
      "element at a position that orders it; BLPOP and the other blocking commands wait\n"
      "on the event loop without holding it.",
      std::move(options));
}
