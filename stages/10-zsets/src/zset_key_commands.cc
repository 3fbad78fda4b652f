#include "zset_key_commands.h"

namespace stepdb {

// Filled in with the stage.
void ReplaceZSetKeyCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
