// Commands that tools and client libraries send on their own, for features this server does
// not have. Each gets the reply Redis 7.0 gives when the feature is idle or disabled, so that
// the tool carries on instead of failing on an unknown command or a dropped connection:
//
//   MODULE LIST                     []                 (no modules)
//   MODULE LOAD | LOADEX | UNLOAD   Redis's "MODULE command not allowed" error
//   CLUSTER <any>, READONLY, READWRITE
//                                   "ERR This instance has cluster support disabled"
//   WAIT numreplicas timeout        0 at once: there are no replicas to wait for (Redis
//                                   waits for the timeout, or forever with 0, first)
//   ROLE                            ["master", 0, []]
//   SLOWLOG GET [count] | LEN | RESET
//                                   [] | 0 | OK: nothing is recorded
//   LATENCY LATEST | HISTORY event | RESET [event ...]
//                                   [] | [] | 0: latency monitoring is off
//
// MONITOR, MULTI/EXEC and the like are not here: a client that sends them gets Redis's
// ordinary unknown-command error, which is what a client expects of a server without them.
//
// Thread safety: the handlers run on the server's loop thread (command_context.h).
#pragma once

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

void ModuleCommand(CommandContext& ctx);
void ClusterCommand(CommandContext& ctx);
void ReadOnlyCommand(CommandContext& ctx);
void ReadWriteCommand(CommandContext& ctx);
void WaitCommand(CommandContext& ctx);
void RoleCommand(CommandContext& ctx);
void SlowlogCommand(CommandContext& ctx);
void LatencyCommand(CommandContext& ctx);

// Adds the commands above.
void AddRedisToolCommands(RedisCommandTable& table);

}  // namespace stepdb
