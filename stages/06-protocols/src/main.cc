// stepdb-stage06: Redis (RESP2 and RESP3) and Memcached on one port, over stage 05's engine.
#include "server_flags.h"

int main(int argc, char** argv) {
  return stepdb::RunServerMain(
      argc, argv,
      "stepdb-stage06: a Redis and Memcached server on a leveled LSM tree (stage 06). One port\n"
      "speaks RESP2/RESP3 (redis-cli, Redis clients, inline commands typed into nc) and\n"
      "Memcached's text and meta protocols; the first bytes of a connection decide.",
      stepdb::RunOptions{});
}
