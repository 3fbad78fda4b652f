// The stage 07 server: stage 06's server (server_runner.h) with the parts that make expiry
// act put in its place: the ExpiringKeyspace, the ExpiredValueFilter around the dead-database
// filter, the active expiry cycle on the loop, INFO's expired_keys, the TTL commands, and
// DEBUG SET-ACTIVE-EXPIRE.
//
// Thread safety: Stage07Parts and AddStage07Commands before serving; the handlers and the
// cycle run on the loop's thread.
#pragma once

#include "clock.h"
#include "redis_command_table.h"
#include "server_runner.h"

namespace stepdb {

inline constexpr const char* kStage07Name = "stepdb-stage07";

// Stage 06's commands, the expiry commands (redis_expire_commands.h), and DEBUG with
// SET-ACTIVE-EXPIRE.
void AddStage07Commands(RedisCommandTable& table);

// The parts of a stage 07 server, every expiry judged by `clock` (it must outlive the server).
ServerParts Stage07Parts(const Clock* clock = SystemClock::Instance());

// DEBUG: stage 06's subcommands and SET-ACTIVE-EXPIRE 0|1 (Redis's: +OK; the active cycle
// stops or starts, lazy expiry and the compaction filter go on).
void Stage07DebugCommand(CommandContext& ctx);

}  // namespace stepdb
