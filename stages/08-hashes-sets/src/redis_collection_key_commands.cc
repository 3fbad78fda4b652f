#include "redis_collection_key_commands.h"

namespace stepdb {

void ReplaceCollectionKeyCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
