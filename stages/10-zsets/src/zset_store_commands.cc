#include "zset_store_commands.h"

namespace stepdb {

// Filled in with the stage.
void AddZSetStoreCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
