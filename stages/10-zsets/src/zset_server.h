// The stage 10 server: stage 09's server (list_server.h) with sorted sets. The parts that
// change: the sorted set commands (the blocking pops among them, served by stage 09's blocked
// clients), the key commands that must copy or describe a sorted set, and the compaction
// filter, which must know that a sorted set keeps records.
//
// Thread safety: Stage10Parts and AddStage10Commands before serving; the handlers run on the
// loop's thread.
#pragma once

#include "clock.h"
#include "redis_command_table.h"
#include "server_runner.h"

namespace stepdb {

inline constexpr const char* kStage10Name = "stepdb-stage10";

// Stage 09's commands, the sorted set commands, and the sorted-set-aware key commands.
void AddStage10Commands(RedisCommandTable& table);

// The parts of a stage 10 server, every expiry judged by `clock` (it must outlive the server).
ServerParts Stage10Parts(const Clock* clock = SystemClock::Instance());

}  // namespace stepdb
