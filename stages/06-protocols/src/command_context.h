// CommandContext: what a Redis command handler gets — its arguments, the reply writer, the
// calling client's state, and the server's shared state.
//
// Everything here lives on the server's loop thread (see server.h): a handler runs to the end
// before any other command starts, so it may read and write the keyspace, the config, the
// counters and other clients' states without locks, and a read-modify-write (INCR, APPEND,
// MSETNX) is atomic with respect to every other client.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "common/status.h"
#include "keyspace.h"
#include "resp_writer.h"
#include "scan_cursors.h"
#include "server_config.h"
#include "server_stats.h"

namespace stepdb {

class LeveledEngine;
class RedisCommandTable;

// One connection's state, as CLIENT LIST shows it.
struct ClientState {
  enum class ReplyMode { kOn, kOff, kSkip };

  uint64_t id = 0;
  std::string name;
  std::string addr;   // "127.0.0.1:53422"
  std::string laddr;  // "127.0.0.1:6380"
  int fd = -1;
  int db = 0;
  int resp = 2;  // 2 or 3 (HELLO 3)
  bool authenticated = false;
  bool memcached = false;  // detected as a Memcached connection
  int64_t created_ms = 0;
  int64_t last_interaction_ms = 0;
  std::string last_command;  // lower case, for CLIENT LIST's cmd=
  // kOff: CLIENT REPLY OFF; kSkip: while the command after CLIENT REPLY SKIP runs.
  ReplyMode reply_mode = ReplyMode::kOn;
  bool skip_next_reply = false;  // CLIENT REPLY SKIP: the next command's reply is dropped
  bool no_evict = false;
  bool no_touch = false;
  std::string lib_name;
  std::string lib_ver;
  uint64_t input_buffer_bytes = 0;   // for CLIENT LIST qbuf=
  uint64_t output_buffer_bytes = 0;  // for CLIENT LIST omem=
  // Set by a handler: close the connection once this reply is written (QUIT), or at once
  // without waiting for the reply to be read (CLIENT KILL of oneself).
  bool close_after_reply = false;
  bool kill = false;
};

// The services of the running server that some commands need (CLIENT, SHUTDOWN, SAVE, INFO).
class ServerServices {
 public:
  virtual ~ServerServices() = default;
  // Every connected client, in id order.
  virtual std::vector<ClientState*> Clients() = 0;
  // Marks a client to be closed; it is closed once the current command finished.
  virtual void KillClient(ClientState& client) = 0;
  // Starts a graceful shutdown once the current command finished (SHUTDOWN).
  virtual void RequestShutdown() = 0;
  // Makes every acknowledged write durable and flushes the memtable into a table (SAVE).
  virtual Status Save() = 0;
  // The engine, for INFO's storage section and DEBUG COMPACT; nullptr if not a LeveledEngine.
  virtual LeveledEngine* engine() = 0;
  // Seconds since the epoch of the last successful Save (or of the start).
  virtual int64_t last_save_unix() const = 0;
  // Bytes the server's process holds (resident set size), for INFO memory.
  virtual uint64_t resident_bytes() const = 0;
};

struct ServerContext {
  Keyspace* keyspace = nullptr;
  ServerConfig* config = nullptr;
  ServerStats* stats = nullptr;
  const RedisCommandTable* commands = nullptr;
  ServerServices* services = nullptr;
  // The time of day every expiry is computed and checked with (clock.h).
  const Clock* clock = SystemClock::Instance();
  ScanCursors scan_cursors;  // SCAN's cursors, shared by every client
};

struct CommandContext {
  const std::vector<std::string>& argv;  // argv[0] is the command name, as the client sent it
  RespWriter& reply;
  ClientState& client;
  ServerContext& server;

  Keyspace& keyspace() const { return *server.keyspace; }
  int db() const { return client.db; }
  int64_t NowMs() const { return server.clock->NowMs(); }
  // Writes Redis's reply for an engine error: "-ERR <status>". Handlers call it when a
  // keyspace call failed (a storage error is never hidden as a missing key).
  void ReplyStorageError(const Status& status) const;
};

}  // namespace stepdb
