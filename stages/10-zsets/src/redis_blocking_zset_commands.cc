#include "redis_blocking_zset_commands.h"

namespace stepdb {

// Filled in with the stage.
void AddZSetPopCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
