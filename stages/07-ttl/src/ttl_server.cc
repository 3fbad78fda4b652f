#include "ttl_server.h"

#include <memory>

#include "active_expiry.h"
#include "expiring_keyspace.h"
#include "expiry_filter.h"
#include "redis_args.h"
#include "redis_expire_commands.h"
#include "redis_server_commands.h"
#include "redis_subcommands.h"
#include "server.h"

namespace stepdb {

void Stage07DebugCommand(CommandContext& ctx) {
  if (!EqualsIgnoreCase(ctx.argv[1], "set-active-expire")) {
    DebugCommand(ctx);
    return;
  }
  auto* keyspace = dynamic_cast<ExpiringKeyspace*>(ctx.server.keyspace);
  if (ctx.argv.size() != 3 || keyspace == nullptr) {
    ReplySubcommandSyntaxError(ctx);
    return;
  }
  // Redis reads the flag with atoi: "1" turns the cycle on, anything else off.
  keyspace->set_active_expire_enabled(ctx.argv[2] == "1");
  ctx.reply.Ok();
}

void AddStage07Commands(RedisCommandTable& table) {
  AddStage06Commands(table);
  AddRedisExpireCommands(table);
  RedisCommand debug = *table.Find("debug");
  debug.handler = Stage07DebugCommand;
  table.Replace(std::move(debug));
}

ServerParts Stage07Parts(const Clock* clock) {
  ServerParts parts;
  parts.add_commands = AddStage07Commands;
  parts.clock = clock;
  parts.filter = [clock](std::shared_ptr<DeadDatabaseFilter> dead) {
    return std::make_shared<ExpiredValueFilter>(std::move(dead), clock);
  };
  parts.open_keyspace = [clock](
                            Engine* engine, DeadDatabaseFilter* filter,
                            const KeyspaceOptions& options) -> Result<std::unique_ptr<Keyspace>> {
    STEPDB_ASSIGN_OR_RETURN(std::unique_ptr<ExpiringKeyspace> keyspace,
                            ExpiringKeyspace::Open(engine, filter, options, clock));
    return std::unique_ptr<Keyspace>(std::move(keyspace));
  };
  parts.on_serving = [](Server& server) -> std::shared_ptr<void> {
    auto* keyspace = static_cast<ExpiringKeyspace*>(server.context().keyspace);
    ServerStats* stats = server.context().stats;
    keyspace->set_on_expired([stats] { ++stats->expired_keys; });
    LeveledEngine* engine = server.engine();
    auto cycle = std::make_shared<ActiveExpiry>(server.io(), keyspace, [engine] {
      return engine != nullptr ? engine->FlushLog() : Status::Ok();
    });
    cycle->Start();
    return cycle;
  };
  return parts;
}

}  // namespace stepdb
