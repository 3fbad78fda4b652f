#include "redis_expire_commands.h"

namespace stepdb {

void AddRedisExpireCommands(RedisCommandTable& table) { (void)table; }

}  // namespace stepdb
