#include "server_runner.h"

#include <sys/resource.h>

#include <boost/asio/signal_set.hpp>

#include "common/log.h"
#include "file_system.h"
#include "keyspace.h"
#include "redis_key_commands.h"
#include "redis_server_commands.h"
#include "redis_string_commands.h"
#include "server.h"
#include "wal_flags.h"

namespace stepdb {
namespace {

// Each client is a descriptor; the engine needs its tables, logs and a few more.
constexpr rlim_t kReservedDescriptors = 128;

void RaiseOpenFileLimit(uint64_t maxclients) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(maxclients) + kReservedDescriptors;
  if (limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur = std::min(wanted, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur < wanted) {
    LogWarn("open-file limit is {}, below the {} that maxclients {} needs", limit.rlim_cur, wanted,
            maxclients);
  } else {
    LogInfo("open-file limit: {}", limit.rlim_cur);
  }
}

}  // namespace

void AddStage06Commands(RedisCommandTable& table) {
  AddRedisServerCommands(table);
  AddRedisStringCommands(table);
  AddRedisKeyCommands(table);
}

int RunServer(RunOptions& options) {
  ServerConfig& config = options.config;
  const ServerOptions& server_options = options.server;
  RaiseOpenFileLimit(static_cast<uint64_t>(config.Integer("maxclients")));

  // The server commits the log once per round of writes (server.h, rule 4): under appendfsync
  // always with a sync, otherwise with a write(2); so the engine itself neither syncs nor
  // writes the log per write.
  const bool sync_writes = server_options.fsync == FsyncPolicy::kAlways;
  options.engine.engine.lsm.fsync = sync_writes ? FsyncPolicy::kNo : server_options.fsync;
  options.engine.engine.lsm.flush_each_write = false;
  const ServerParts& parts = options.parts;
  auto filter = std::make_shared<DeadDatabaseFilter>();
  options.engine.filter = parts.filter ? parts.filter(filter) : filter;
  LogInfo("opening {}", server_options.data_dir);
  auto engine = LeveledEngine::Open(DefaultFileSystem(), server_options.data_dir, options.engine);
  if (!engine.ok()) {
    LogOpenFailure(server_options.data_dir, engine.status());
    return 1;
  }
  LeveledEngine& db = **engine;

  KeyspaceOptions keyspace_options;
  keyspace_options.databases = static_cast<int>(config.Integer("databases"));
  keyspace_options.sync_log = [&db] { return db.SyncLog(); };
  keyspace_options.on_count_progress = [](int database, uint64_t keys) {
    LogInfo("counting keys: db{} has {} keys so far", database, keys);
  };
  auto keyspace = parts.open_keyspace(&db, filter.get(), keyspace_options);
  if (!keyspace.ok()) {
    LogError("cannot load the keyspace in {}: {}", server_options.data_dir,
             keyspace.status().ToString());
    (void)db.Close();
    return 1;
  }
  uint64_t keys = 0;
  for (int i = 0; i < (*keyspace)->databases(); ++i) keys += (*keyspace)->KeyCount(i);

  RedisCommandTable commands;
  parts.add_commands(commands);

  ServerSettings settings;
  settings.host = server_options.host;
  settings.port = server_options.port;
  settings.sync_writes = sync_writes;
  if (sync_writes) {
    settings.commit_log = [&db] { return db.SyncLog(); };
  } else {
    settings.commit_log = [&db] { return db.FlushLog(); };
  }
  settings.save = [&db] {
    STEPDB_RETURN_IF_ERROR(db.SyncLog());
    return db.lsm().Flush();
  };
  settings.engine = &db;
  settings.clock = parts.clock;
  Server server(settings, keyspace->get(), &config, &commands);
  if (Status status = server.Listen(); !status.ok()) {
    LogError("{}", status.message());
    (void)db.Close();
    return 1;
  }
  LogInfo("{} {} (Redis {} protocol, Memcached text and meta) listening on {}:{}", options.name,
          kStepdbVersion, kRedisCompatibleVersion, server_options.host, server.port());
  LogInfo("data in {} ({} keys), appendfsync {}", server_options.data_dir, keys,
          FsyncPolicyName(server_options.fsync));

  boost::asio::signal_set signals(server.io(), SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code& error, int signal) {
    if (error) return;
    LogInfo("received {}, shutting down", signal == SIGINT ? "SIGINT" : "SIGTERM");
    server.Stop();
  });
  std::shared_ptr<void> started;
  if (parts.on_serving) {
    boost::asio::post(server.io(), [&] { started = parts.on_serving(server); });
  }
  server.Run();
  started.reset();
  if (server.shutdown_requested()) LogInfo("SHUTDOWN received, shutting down");

  int code = 0;
  if (Status status = db.SyncLog(); !status.ok()) {
    LogError("syncing the log failed: {}", status.ToString());
    code = 1;
  }
  if (Status status = db.Close(); !status.ok()) {
    LogError("closing {} failed: {}", server_options.data_dir, status.ToString());
    code = 1;
  }
  LogInfo("bye");
  return code;
}

}  // namespace stepdb
