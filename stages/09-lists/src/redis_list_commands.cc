#include "redis_list_commands.h"

namespace stepdb {

void AddRedisListCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
