#include "list_server.h"

#include "list_encoding.h"
#include "list_key_commands.h"
#include "redis_blocking_list_commands.h"
#include "redis_list_commands.h"
#include "typed_server.h"

namespace stepdb {

void AddStage09Commands(RedisCommandTable& table) {
  AddStage08Commands(table);
  AddRedisListCommands(table);
  AddBlockingListCommands(table);
  ReplaceListKeyCommands(table);
}

ServerParts Stage09Parts(const Clock* clock) {
  // Stage 08's filter would take a list's envelope for a string and drop its records.
  ServerParts parts = Stage08Parts(clock, ListOrCollectionVersion);
  parts.add_commands = AddStage09Commands;
  return parts;
}

}  // namespace stepdb
