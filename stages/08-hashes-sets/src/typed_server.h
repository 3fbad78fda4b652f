// The stage 08 server: stage 07's server (ttl_server.h) with hashes and sets. The parts that
// change: the hash and set commands, the key commands that must move a collection's elements
// with it (RENAME, COPY, MOVE) or describe it (OBJECT ENCODING), and the StaleElementFilter
// around stage 07's filter, given the engine once it is open.
//
// Thread safety: Stage08Parts and AddStage08Commands before serving; the handlers run on the
// loop's thread.
#pragma once

#include "clock.h"
#include "redis_command_table.h"
#include "server_runner.h"
#include "stale_element_filter.h"

namespace stepdb {

inline constexpr const char* kStage08Name = "stepdb-stage08";

// Stage 07's commands, the hash and set commands, and the collection-aware key commands.
void AddStage08Commands(RedisCommandTable& table);

// The parts of a stage 08 server, every expiry judged by `clock` (it must outlive the server).
// `version_of` tells the StaleElementFilter which envelopes keep their elements as records; a
// later stage with another such type passes one that knows it.
ServerParts Stage08Parts(const Clock* clock = SystemClock::Instance(),
                         StaleElementFilter::VersionOf version_of = CollectionVersion);

}  // namespace stepdb
