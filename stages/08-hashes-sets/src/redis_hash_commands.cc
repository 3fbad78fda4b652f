#include "redis_hash_commands.h"

namespace stepdb {

void AddRedisHashCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
