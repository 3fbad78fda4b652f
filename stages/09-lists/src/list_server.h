// The stage 09 server: stage 08's server (typed_server.h) with lists and the blocking
// commands. The parts that change: the list commands, the key commands that must move or
// describe a list (RENAME, COPY, MOVE, OBJECT ENCODING), the compaction filter that knows list
// records, and the blocked clients (blocked_clients.h), installed once the server serves.
//
// Thread safety: Stage09Parts and AddStage09Commands before serving; the handlers run on the
// loop's thread.
#pragma once

#include "clock.h"
#include "list_encoding.h"
#include "redis_command_table.h"
#include "server_runner.h"
#include "stale_element_filter.h"

namespace stepdb {

inline constexpr const char* kStage09Name = "stepdb-stage09";

// Stage 08's commands, the list commands (blocking ones included), and the list-aware key
// commands.
void AddStage09Commands(RedisCommandTable& table);

// The parts of a stage 09 server, every expiry judged by `clock` (it must outlive the server).
// `version_of` tells compaction which values keep records (stale_element_filter.h); a later
// stage with a type of its own passes one that knows it.
ServerParts Stage09Parts(const Clock* clock = SystemClock::Instance(),
                         StaleElementFilter::VersionOf version_of = ListOrCollectionVersion);

}  // namespace stepdb
