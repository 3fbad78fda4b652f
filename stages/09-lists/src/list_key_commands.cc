#include "list_key_commands.h"

namespace stepdb {

void ReplaceListKeyCommands(RedisCommandTable& /*table*/) {}

}  // namespace stepdb
