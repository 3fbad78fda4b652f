#include "redis_zset_commands.h"

namespace stepdb {

// Filled in with the stage.
void AddRedisZSetCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
