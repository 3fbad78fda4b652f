// CommandContext: what a Redis command handler gets — its arguments, the reply writer, the
// calling client's state, and the server's shared state.
//
// Everything here lives on the server's loop thread (see server.h): a handler runs to the end
// before any other command starts, so it may read and write the keyspace, the config, the
// counters and other clients' states without locks, and a read-modify-write (INCR, APPEND,
// MSETNX) is atomic with respect to every other client.
//
// Blocking commands (BLPOP and its kin, from stage 09) cannot wait inside their handler: the
// loop would stop for everyone. A handler that finds nothing to serve parks its client
// instead (BlockingService::Block) and returns without a reply; the connection then runs none
// of that client's further requests, and the server re-runs the parked command, as if it had
// just arrived, once a write made one of its keys worth trying again. Until a stage fills
// ServerContext::blocking in, there is no service and no command blocks.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
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
#include "value_envelope.h"

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
  // A command parked this client (BlockingService::Block); it has no reply yet.
  bool blocked = false;
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

struct CommandContext;

// The clients that blocking commands parked, and how they leave: a write makes a key they
// wait on worth trying, their timeout passes, CLIENT UNBLOCK ends the wait, or they go away.
//
//   BLPOP l 0 (l empty) ─▶ Block ─▶ parked ─┬─ a write stores a list under l, then the
//   (waits for a list)                       │  command ends: AfterCommand re-runs BLPOP
//                                            ├─ the timeout passes: a null array
//                                            ├─ CLIENT UNBLOCK: Unblock (null array or error)
//                                            └─ disconnect, CLIENT KILL: ClientClosed
//
// The server calls AfterCommand after every Redis command it ran (the re-run ones too), and
// ClientClosed when a connection closes; INFO reads blocked_clients. Stage 09's
// BlockedClients (blocked_clients.h) implements it.
class BlockingService {
 public:
  virtual ~BlockingService() = default;
  // Parks ctx.client on `keys` of its database, waiting for a value of `type` (a list for
  // BLPOP, a sorted set for BZPOPMIN); ctx.client.blocked becomes true, and the calling
  // handler replies nothing and returns. The server re-runs the client's command once a write
  // stored a value of `type` under one of the keys, in the order the clients blocked; a value
  // of another type does not wake it, as in Redis 7.0. A command that blocks again when re-run
  // keeps its place and its deadline. After timeout_ms (0: never) the client gets Redis's
  // timeout reply for a blocked list or sorted set command, a null array (*-1, RESP3 _).
  // REQUIRES: !keys.empty(); timeout_ms >= 0; ctx is a RESP client's.
  virtual void Block(CommandContext& ctx, std::span<const std::string> keys, ValueType type,
                     int64_t timeout_ms) = 0;
  // Serves the clients whose keys became ready during the command that just ran.
  virtual void AfterCommand() = 0;
  // Forgets client, which is closing.
  virtual void ClientClosed(const ClientState& client) = 0;
  // CLIENT UNBLOCK: ends the wait of the client with that id, which then gets the timeout
  // reply or, with_error, "-UNBLOCKED client unblocked via CLIENT UNBLOCK"; true iff it was
  // blocked.
  virtual bool Unblock(uint64_t client_id, bool with_error) = 0;
  // How many clients are blocked (INFO clients).
  virtual size_t blocked_clients() const = 0;
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
  // The parked clients of blocking commands; nullptr (stage 06): no command blocks.
  BlockingService* blocking = nullptr;
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
