#include "redis_tool_commands.h"

#include <string_view>

#include "redis_args.h"
#include "redis_subcommands.h"

namespace stepdb {
namespace {

constexpr std::string_view kErrClusterDisabled = "ERR This instance has cluster support disabled";

void ReplyEmptyArray(CommandContext& ctx) { ctx.reply.ArrayHeader(0); }

void ReplyClusterDisabled(CommandContext& ctx) { ctx.reply.Error(kErrClusterDisabled); }

void ModuleNotAllowed(CommandContext& ctx) {
  ctx.reply.Error(
      "ERR MODULE command not allowed. If the enable-module-command option is set to "
      "\"local\", you can run it from a local connection, otherwise you need to set this "
      "option in the configuration file, and then restart the server.");
}

void ModuleHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "LIST",
      "    Return a list of loaded modules.",
      "LOAD <path> [<arg> ...]",
      "    Load a module library from <path>, passing to it any optional arguments.",
      "LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]",
      "    Load a module library from <path>, while passing it module configurations and "
      "optional arguments.",
      "UNLOAD <name>",
      "    Unload a module.",
  };
  ReplyHelp(ctx, kLines);
}

constexpr Subcommand kModuleSubcommands[] = {
    {"list", 2, ReplyEmptyArray},     {"load", -3, ModuleNotAllowed},
    {"loadex", -3, ModuleNotAllowed}, {"unload", 3, ModuleNotAllowed},
    {"help", 2, ModuleHelp},
};

// Redis 7.0's CLUSTER subcommands with their arities: with cluster support disabled, each
// answers the same error, but an unknown one or a wrong arity is reported first.
constexpr Subcommand kClusterSubcommands[] = {
    {"addslots", -3, ReplyClusterDisabled},
    {"addslotsrange", -4, ReplyClusterDisabled},
    {"bumpepoch", 2, ReplyClusterDisabled},
    {"count-failure-reports", 3, ReplyClusterDisabled},
    {"countkeysinslot", 3, ReplyClusterDisabled},
    {"delslots", -3, ReplyClusterDisabled},
    {"delslotsrange", -4, ReplyClusterDisabled},
    {"failover", -2, ReplyClusterDisabled},
    {"flushslots", 2, ReplyClusterDisabled},
    {"forget", 3, ReplyClusterDisabled},
    {"getkeysinslot", 4, ReplyClusterDisabled},
    {"help", 2, ReplyClusterDisabled},
    {"info", 2, ReplyClusterDisabled},
    {"keyslot", 3, ReplyClusterDisabled},
    {"links", 2, ReplyClusterDisabled},
    {"meet", -4, ReplyClusterDisabled},
    {"myid", 2, ReplyClusterDisabled},
    {"nodes", 2, ReplyClusterDisabled},
    {"replicas", 3, ReplyClusterDisabled},
    {"replicate", 3, ReplyClusterDisabled},
    {"reset", -2, ReplyClusterDisabled},
    {"saveconfig", 2, ReplyClusterDisabled},
    {"set-config-epoch", 3, ReplyClusterDisabled},
    {"setslot", -4, ReplyClusterDisabled},
    {"shards", 2, ReplyClusterDisabled},
    {"slaves", 3, ReplyClusterDisabled},
    {"slots", 2, ReplyClusterDisabled},
};

void SlowlogGet(CommandContext& ctx) {
  if (ctx.argv.size() > 3) {
    ReplySubcommandSyntaxError(ctx);
    return;
  }
  int64_t count = 0;
  if (ctx.argv.size() == 3 && (!StringToInt64(ctx.argv[2], &count) || count < -1)) {
    ctx.reply.Error("ERR count should be greater than or equal to -1");
    return;
  }
  ReplyEmptyArray(ctx);
}

void SlowlogLen(CommandContext& ctx) { ctx.reply.Integer(0); }

void SlowlogReset(CommandContext& ctx) { ctx.reply.Ok(); }

void SlowlogHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "GET [<count>]",
      "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
      "    Entries are made of:",
      "    id, timestamp, time in microseconds, arguments array, client IP and port,",
      "    client name",
      "LEN",
      "    Return the length of the slowlog.",
      "RESET",
      "    Reset the slowlog.",
  };
  ReplyHelp(ctx, kLines);
}

constexpr Subcommand kSlowlogSubcommands[] = {
    {"get", -2, SlowlogGet},
    {"len", 2, SlowlogLen},
    {"reset", 2, SlowlogReset},
    {"help", 2, SlowlogHelp},
};

void LatencyReset(CommandContext& ctx) { ctx.reply.Integer(0); }

void LatencyHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "HISTORY <event>",
      "    Return time-latency samples for the <event> class.",
      "LATEST",
      "    Return the latest latency samples for all events.",
      "RESET [<event> ...]",
      "    Reset latency data of one or more <event> classes.",
      "    (default: reset all data for all event classes)",
  };
  ReplyHelp(ctx, kLines);
}

constexpr Subcommand kLatencySubcommands[] = {
    {"latest", 2, ReplyEmptyArray},
    {"history", 3, ReplyEmptyArray},
    {"reset", -2, LatencyReset},
    {"help", 2, LatencyHelp},
};

}  // namespace

void ModuleCommand(CommandContext& ctx) { DispatchSubcommand(ctx, kModuleSubcommands); }

void ClusterCommand(CommandContext& ctx) { DispatchSubcommand(ctx, kClusterSubcommands); }

void ReadOnlyCommand(CommandContext& ctx) { ReplyClusterDisabled(ctx); }

void ReadWriteCommand(CommandContext& ctx) { ReplyClusterDisabled(ctx); }

void WaitCommand(CommandContext& ctx) {
  int64_t replicas = 0;
  int64_t timeout = 0;
  if (!StringToInt64(ctx.argv[1], &replicas)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  if (!StringToInt64(ctx.argv[2], &timeout)) {
    ctx.reply.Error("ERR timeout is not an integer or out of range");
    return;
  }
  if (timeout < 0) {
    ctx.reply.Error("ERR timeout is negative");
    return;
  }
  ctx.reply.Integer(0);
}

void RoleCommand(CommandContext& ctx) {
  ctx.reply.ArrayHeader(3);
  ctx.reply.Bulk("master");
  ctx.reply.Integer(0);
  ctx.reply.ArrayHeader(0);
}

void SlowlogCommand(CommandContext& ctx) { DispatchSubcommand(ctx, kSlowlogSubcommands); }

void LatencyCommand(CommandContext& ctx) { DispatchSubcommand(ctx, kLatencySubcommands); }

void AddRedisToolCommands(RedisCommandTable& table) {
  constexpr uint32_t kAdmin = kCmdAdmin | kCmdNoScript;
  constexpr uint32_t kAlways = kCmdLoading | kCmdStale;
  table.Add({"module", -2, kAdmin, 0, 0, 0, "server", "4.0.0", "A container for module commands",
             ModuleCommand, kModuleSubcommands});
  table.Add({"cluster", -2, kCmdAdmin | kCmdStale, 0, 0, 0, "cluster", "3.0.0",
             "A container for cluster commands", ClusterCommand, kClusterSubcommands});
  table.Add({"readonly",
             1,
             kAlways | kCmdFast,
             0,
             0,
             0,
             "cluster",
             "3.0.0",
             "Enables read queries for a connection to a cluster replica node",
             ReadOnlyCommand,
             {}});
  table.Add({"readwrite",
             1,
             kAlways | kCmdFast,
             0,
             0,
             0,
             "cluster",
             "3.0.0",
             "Disables read queries for a connection to a cluster replica node",
             ReadWriteCommand,
             {}});
  table.Add({"wait",
             3,
             kCmdNoScript,
             0,
             0,
             0,
             "generic",
             "3.0.0",
             "Wait for the synchronous replication of all the write commands sent in the "
             "context of the current connection",
             WaitCommand,
             {}});
  table.Add({"role",
             1,
             kCmdNoScript | kAlways | kCmdFast,
             0,
             0,
             0,
             "server",
             "2.8.12",
             "Return the role of the instance in the context of replication",
             RoleCommand,
             {}});
  table.Add({"slowlog", -2, kCmdAdmin | kAlways, 0, 0, 0, "server", "2.2.12",
             "A container for slow log commands", SlowlogCommand, kSlowlogSubcommands});
  table.Add({"latency", -2, kAdmin | kAlways, 0, 0, 0, "server", "2.8.13",
             "A container for latency diagnostics commands", LatencyCommand, kLatencySubcommands});
}

}  // namespace stepdb
