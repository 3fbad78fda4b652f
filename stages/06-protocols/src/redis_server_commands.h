// The server commands of Redis that act on whole databases or on the server itself:
//
//   DBSIZE                         keys in the selected database (kept by the keyspace)
//   FLUSHDB [ASYNC|SYNC]           empty the selected database
//   FLUSHALL [ASYNC|SYNC]          empty every database
//   SWAPDB index1 index2           exchange two databases, for every client
//   TIME                           [unix seconds, microseconds], both as bulk strings
//   LASTSAVE                       unix time of the last successful SAVE (or of the start)
//   SAVE                           make every acknowledged write durable and flush the memtable
//   BGSAVE [SCHEDULE]              the same, answered "+Background saving started"
//   SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]   stop the server cleanly; no reply
//   DEBUG SLEEP seconds | COMPACT | HELP
//
// FLUSHDB, FLUSHALL and SWAPDB are O(1) whatever the databases hold: they remap database
// numbers to fresh database ids (keyspace.h) and leave the old keys for compaction to drop.
// So ASYNC and SYNC are accepted and mean the same thing; the reply comes once the remapping
// is durable.
//
// The engine writes every change to its log as it happens, so there is no snapshot for SAVE
// to take: SAVE and BGSAVE both sync the log and flush the memtable into a table
// (ServerServices::Save), synchronously, and differ only in their reply text. For the same
// reason every SHUTDOWN, NOSAVE included, loses nothing acknowledged: the server syncs and
// closes the engine on its way out (server_runner.h). ABORT has nothing to abort, since a
// shutdown never waits: "ERR No shutdown in progress.".
//
// DEBUG SLEEP blocks the loop (every client waits, which is what tests of timeouts want);
// DEBUG COMPACT runs stage 05's full compaction (LeveledEngine::CompactAll): afterwards
// flushed databases and deleted keys are gone from disk, not only unreachable. Unknown DEBUG
// subcommands get Redis's "unknown subcommand or wrong number of arguments" error.
//
// AddRedisServerCommands adds, besides these, every command of the server's own files:
// connection (redis_connection_commands.h), CLIENT, CONFIG, INFO, COMMAND, and the commands
// tools send on connect (redis_tool_commands.h).
//
// Thread safety: the handlers run on the server's loop thread (command_context.h).
#pragma once

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

void DbSizeCommand(CommandContext& ctx);
void FlushDbCommand(CommandContext& ctx);
void FlushAllCommand(CommandContext& ctx);
void SwapDbCommand(CommandContext& ctx);
void TimeCommand(CommandContext& ctx);
void LastSaveCommand(CommandContext& ctx);
void SaveCommand(CommandContext& ctx);
void BgSaveCommand(CommandContext& ctx);
void ShutdownCommand(CommandContext& ctx);
void DebugCommand(CommandContext& ctx);

// Adds the commands above and those of the connection, CLIENT, CONFIG, INFO, COMMAND and
// tool files.
void AddRedisServerCommands(RedisCommandTable& table);

}  // namespace stepdb
