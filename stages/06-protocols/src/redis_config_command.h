// CONFIG: reading and changing the server's parameters at run time (server_config.h holds
// them; this file is the Redis command in front of it).
//
//   CONFIG GET pattern [pattern ...]       every parameter whose name matches a pattern
//   CONFIG SET name value [name value ...] all of them, or none
//   CONFIG RESETSTAT                       zero INFO's counters and commandstats
//   CONFIG REWRITE                         always an error: the server keeps no config file
//   CONFIG HELP
//
// CONFIG GET replies a map (RESP2: a flat array of names and values). A pattern without a
// glob character ("[", "*", "?") is a plain name, looked up in any case and echoed as the
// client wrote it ("CONFIG GET MAXCLIENTS" answers "MAXCLIENTS"); a glob pattern matches
// names case-insensitively and answers them in lower case. A parameter matched twice is
// listed once. Redis answers in the order of its hash table; this server answers in the order
// of the patterns, and within a pattern in name order.
//
// CONFIG SET is atomic, as in Redis 7.0, and checks in Redis's order, so that the same mistake
// gets the same error:
//   1. an odd number of arguments       "ERR syntax error"
//   2. each name in turn; the first that is unknown, immutable or given twice is reported:
//        "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"
//        "ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable
//        config"   (or "- duplicate parameter")
//   3. every value fits its parameter: they are set in order on a copy of the config; the
//      first that does not fit names its parameter and Redis's reason ("- argument couldn't
//      be parsed into an integer"), and the config is left as it was.
// Step 2 names the argument as written; step 3 names the parameter in lower case.
//
// Setting requirepass where none was set keeps the clients already connected logged in, as in
// Redis (they were authenticated when they connected without a password).
//
// Thread safety: the handler runs on the server's loop thread (command_context.h).
#pragma once

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

void ConfigCommand(CommandContext& ctx);

// Adds CONFIG.
void AddRedisConfigCommand(RedisCommandTable& table);

}  // namespace stepdb
