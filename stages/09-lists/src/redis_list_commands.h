// (placeholder, filled in by the stage's work)
#pragma once

#include "redis_command_table.h"

namespace stepdb {

void AddRedisListCommands(RedisCommandTable& table);

}  // namespace stepdb
