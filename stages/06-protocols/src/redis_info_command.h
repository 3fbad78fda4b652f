// INFO [section ...]: the server's state as text, in Redis's format, for people (redis-cli
// INFO) and for programs (clients read redis_version to decide what they may send, monitoring
// reads used_memory and the keyspace line, benchmarks read commandstats).
//
// The reply is one bulk string (RESP3: verbatim text of format "txt") of sections, each a
// header line and "name:value" lines, every line ending in "\r\n", sections separated by an
// empty line:
//
//   # Server\r\n
//   redis_version:7.0.15\r\n
//   ...
//   \r\n
//   # Keyspace\r\n
//   db0:keys=3,expires=0,avg_ttl=0\r\n
//
// Sections, in this order: server, clients, memory, persistence, stats, replication, cpu,
// modules, commandstats, cluster, keyspace, and storage, which is this server's own: stage
// 05's engine counters (LeveledEngine::Stats(): memtable, tables, block cache, bloom filter,
// compactions, bytes per level). Arguments pick sections by name in any case and any order
// (the reply keeps the order above); "default" (also no argument) is every section but
// commandstats; "all" and "everything" are every section; an unknown name adds nothing, so
// INFO foo is an empty bulk string.
//
// Where a Redis field has no counterpart here, it is left out or given the value Redis shows
// when the feature is idle (role:master, connected_slaves:0, blocked_clients:0,
// rdb_bgsave_in_progress:0). Deliberate differences:
//   - used_memory is the process's resident set size, as is used_memory_rss: the server has
//     no allocator of its own to ask, and the block cache and memtables are most of the RSS.
//   - aof_enabled is 1: every write goes to the engine's log, whatever appendonly says.
//   - instantaneous_ops_per_sec is 0: nothing samples the rate between INFO calls.
//   - commandstats has one line per command (cmdstat_config), not per subcommand
//     (cmdstat_config|get), because the command table counts per command.
//   - there is no errorstats section, because errors are not counted by their code.
//
// Thread safety: the handler runs on the server's loop thread (command_context.h).
#pragma once

#include <string>
#include <string_view>

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

void InfoCommand(CommandContext& ctx);

// Redis's bytesToHuman: 1023 -> "1023B", 1024 -> "1.00K", 1536000 -> "1.46M".
std::string BytesToHuman(uint64_t bytes);

// Adds INFO.
void AddRedisInfoCommand(RedisCommandTable& table);

}  // namespace stepdb
