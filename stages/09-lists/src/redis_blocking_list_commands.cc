#include "redis_blocking_list_commands.h"

namespace stepdb {

void AddBlockingListCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
