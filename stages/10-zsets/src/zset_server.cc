#include "zset_server.h"

#include "list_server.h"
#include "redis_blocking_zset_commands.h"
#include "redis_zset_commands.h"
#include "zset_encoding.h"
#include "zset_key_commands.h"
#include "zset_store_commands.h"

namespace stepdb {

void AddStage10Commands(RedisCommandTable& table) {
  AddStage09Commands(table);
  AddRedisZSetCommands(table);
  AddZSetStoreCommands(table);
  AddZSetPopCommands(table);
  ReplaceZSetKeyCommands(table);
}

ServerParts Stage10Parts(const Clock* clock) {
  // Stage 09's filter would take a sorted set's envelope for a string and drop its records.
  ServerParts parts = Stage09Parts(clock, ZSetOrCollectionVersion);
  parts.add_commands = AddStage10Commands;
  return parts;
}

}  // namespace stepdb
