#include "redis_set_commands.h"

namespace stepdb {

void AddRedisSetCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
