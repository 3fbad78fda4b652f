// RunServer: the body of stage 06's main() and of server/stepdb — open the engine and the
// keyspace, build the command table, serve until a signal or SHUTDOWN, then close cleanly.
//
// Start-up, in order: raise the open-file limit to fit maxclients (logging what it got); open
// stage 05's engine in the data directory (recovery logs its progress) with the keyspace's
// compaction filter; count the keys; bind; log the banner (version, address, data directory,
// fsync policy); serve. SIGINT, SIGTERM and SHUTDOWN stop the loop; the log is then synced and
// the engine closed, so nothing acknowledged is lost even under appendfsync no.
//
// Returns main's exit code: 0 after a clean stop, 1 if the engine could not open or the
// address could not be bound (with the reason logged).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "clock.h"
#include "common/server_options.h"
#include "keyspace.h"
#include "leveled_engine.h"
#include "redis_command_table.h"
#include "server_config.h"

namespace stepdb {

class Server;

inline constexpr const char* kStepdbVersion = "0.6.0";
// What INFO's redis_version says: clients read it to decide which commands to send.
inline constexpr const char* kRedisCompatibleVersion = "7.0.15";

// Every Redis command of this stage.
void AddStage06Commands(RedisCommandTable& table);

// What a later stage puts in the server in place of this stage's parts, without copying
// RunServer. Each default is stage 06's.
struct ServerParts {
  // Adds the Redis commands to the table.
  std::function<void(RedisCommandTable&)> add_commands = AddStage06Commands;
  // The time every expiry is computed and checked with.
  const Clock* clock = SystemClock::Instance();
  // The compaction filter the engine runs, built around the keyspace's DeadDatabaseFilter;
  // empty: that filter alone.
  std::function<std::shared_ptr<CompactionFilter>(std::shared_ptr<DeadDatabaseFilter>)> filter;
  // Opens the keyspace over the engine.
  std::function<Result<std::unique_ptr<Keyspace>>(Engine*, DeadDatabaseFilter*,
                                                  const KeyspaceOptions&)>
      open_keyspace = Keyspace::Open;
  // Called on the loop's thread once the server listens, before it serves its first client
  // (stage 07 starts its active expiry here). What it returns is kept until the loop has
  // stopped and released before the server is destroyed, so it may hold the loop's timers.
  std::function<std::shared_ptr<void>(Server&)> on_serving;
};

struct RunOptions {
  ServerOptions server;   // host, port, data dir, fsync policy, log level
  LeveledOptions engine;  // the engine's own options (memtable, cache, compaction)
  ServerConfig config;    // maxclients, requirepass, databases, ... (CONFIG GET/SET)
  std::string name = "stepdb-stage06";
  ServerParts parts;
};

int RunServer(RunOptions& options);

}  // namespace stepdb
