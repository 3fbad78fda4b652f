// (placeholder, filled in by the stage's work)
#pragma once

#include "redis_command_table.h"

namespace stepdb {

void AddBlockingListCommands(RedisCommandTable& table);

}  // namespace stepdb
