#include "list_server.h"

#include <memory>
#include <utility>

#include "blocked_clients.h"
#include "list_key_commands.h"
#include "redis_blocking_list_commands.h"
#include "redis_list_commands.h"
#include "typed_server.h"

namespace stepdb {

void AddStage09Commands(RedisCommandTable& table) {
  AddStage08Commands(table);
  AddRedisListCommands(table);
  AddBlockingListCommands(table);
  ReplaceListKeyCommands(table);
}

ServerParts Stage09Parts(const Clock* clock, StaleElementFilter::VersionOf version_of) {
  // Stage 08's filter would take a list's envelope for a string and drop its records.
  ServerParts parts = Stage08Parts(clock, std::move(version_of));
  parts.add_commands = AddStage09Commands;
  // The blocked clients live beside what the earlier stages start (stage 07's active expiry)
  // and go first when the loop has stopped.
  parts.on_serving = [earlier = std::move(parts.on_serving)](Server& server) {
    struct Serving {
      std::shared_ptr<void> earlier;
      BlockedClients blocked;
    };
    return std::shared_ptr<void>(
        new Serving{earlier ? earlier(server) : nullptr, BlockedClients(server)});
  };
  return parts;
}

}  // namespace stepdb
