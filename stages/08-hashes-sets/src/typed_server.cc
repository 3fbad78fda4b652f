#include "typed_server.h"

#include <memory>
#include <utility>

#include "collection_scan.h"
#include "expiry_filter.h"
#include "redis_collection_key_commands.h"
#include "redis_hash_commands.h"
#include "redis_set_commands.h"
#include "ttl_server.h"

namespace stepdb {

void AddStage08Commands(RedisCommandTable& table) {
  AddStage07Commands(table);
  AddRedisHashCommands(table);
  AddRedisSetCommands(table);
  AddCollectionScanCommands(table);
  ReplaceCollectionKeyCommands(table);
}

ServerParts Stage08Parts(const Clock* clock, StaleElementFilter::VersionOf version_of) {
  ServerParts parts = Stage07Parts(clock);
  parts.add_commands = AddStage08Commands;
  // The filter is made before the engine opens and reads the engine once it is open: the two
  // functions below share it.
  auto filter = std::make_shared<std::shared_ptr<StaleElementFilter>>();
  parts.filter = [clock, filter, version_of](std::shared_ptr<DeadDatabaseFilter> dead) {
    *filter = std::make_shared<StaleElementFilter>(
        std::make_shared<ExpiredValueFilter>(std::move(dead), clock), clock, version_of);
    return std::shared_ptr<CompactionFilter>(*filter);
  };
  parts.open_keyspace = [open = parts.open_keyspace, filter](
                            Engine* engine, DeadDatabaseFilter* dead,
                            const KeyspaceOptions& options) -> Result<std::unique_ptr<Keyspace>> {
    if (*filter != nullptr) (*filter)->set_engine(engine);
    return open(engine, dead, options);
  };
  return parts;
}

}  // namespace stepdb
