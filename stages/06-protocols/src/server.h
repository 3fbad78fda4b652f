// Server: one port, two protocols, one event loop (Boost.Asio).
//
// Stage 01 gave every connection a thread that blocked in recv(). That is simple, but ten
// thousand idle clients are ten thousand threads, each with its stack, and two of them
// writing one key need a lock. This server runs one io_context on one thread (the loop): a
// connection is a socket, a read buffer, a write buffer and a little state; the operating
// system tells the loop which sockets are ready (epoll), and the loop reads, runs and answers
// whatever arrived, never waiting on any one client.
//
//   accept ──▶ Connection ──read──▶ detect (first bytes) ──▶ RESP parser ──▶ command table
//                 ▲                                       └─▶ Memcached parser ─▶ MemcacheCommands
//                 └──────────── one write of every reply of the batch ◀──────────┘
//
// Rules that follow from running every command on the loop thread, as Redis does:
//   1. Each command is atomic with respect to every other client (nothing else runs while it
//      runs), so read-modify-writes such as INCR and MSETNX need no locks.
//   2. Pipelining: every complete request in a read is executed, and their replies leave in
//      one write.
//   3. Engine calls run on the loop. A read that misses the block cache reads a mapped table
//      file (a page fault), which stalls every client for that long; the chapter measures it.
//   4. A write's reply is held until one commit of the log covers it: the engine leaves the
//      log's records in its buffer, and the loop posts one commit after each round of reads,
//      so the writes of every client in that round share it (group commit, as Redis writes
//      and fsyncs its AOF before it sleeps). With appendfsync always the commit is an fsync;
//      under everysec and no it is one write(2) of the log to the operating system (the
//      engine's background thread syncs it every second under everysec). While a commit is
//      pending, the replies of readers wait for it too, so no reply shows a write that a
//      crash could still undo.
//   5. A client is bounded: its unparsed input by client-query-buffer-limit, its pending
//      output by client-output-buffer-limit (then it is disconnected); and while more than
//      kPauseReadingBytes of its replies wait, the loop stops reading from it, so a client
//      that sends without reading cannot make the server buffer without end.
//   6. Over maxclients, a new connection gets "-ERR max number of clients reached" and is
//      closed.
//   7. A blocked client (a command parked it, command_context.h's BlockingService) runs none
//      of its further requests until its wait ends; its socket is still read, so a
//      disconnect is seen and rule 5's input limit holds. When a write makes its keys ready,
//      its command runs again (RetryBlocked) as soon as the command that wrote has ended,
//      before the writer's next command, with the bookkeeping of any round: its reply waits
//      for the log commit as every write's does (rule 4). Its requests that arrived meanwhile
//      run in a later turn of the loop, as Redis runs an unblocked client's input before it
//      sleeps again.
//
// Thread safety: Run() on one thread; Stop() from any thread or a signal handler's strand.
#pragma once

// Boost 1.74's asio uses std::exchange without including <utility>, which GCC 12 needs.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "command_context.h"
#include "memcache_commands.h"
#include "redis_command_table.h"

namespace stepdb {

class Connection;

struct ServerSettings {
  std::string host = "127.0.0.1";
  uint16_t port = 6380;
  // Replies to writes wait until commit_log() made the writes of their round as durable as
  // the fsync policy promises (rule 4); empty, replies leave at once (an engine that commits
  // each write itself). sync_writes says that commit_log syncs (appendfsync always).
  std::function<Status()> commit_log;
  bool sync_writes = false;
  // SAVE: sync the log and flush the memtable.
  std::function<Status()> save;
  LeveledEngine* engine = nullptr;
  // The time every expiry is computed and checked with (clock.h).
  const Clock* clock = SystemClock::Instance();
};

class Server final : public ServerServices {
 public:
  static constexpr size_t kPauseReadingBytes = 16 << 20;

  // `keyspace`, `config` and `commands` must outlive the server.
  Server(ServerSettings settings, Keyspace* keyspace, ServerConfig* config,
         const RedisCommandTable* commands);
  ~Server() override;

  // Binds host:port. InvalidArgument if the host does not resolve, IOError if the address
  // cannot be bound (in use, no permission).
  Status Listen();
  // The port bound (useful when settings.port was 0).
  uint16_t port() const { return port_; }

  // Serves until Stop() or SHUTDOWN, then closes every connection and returns.
  void Run();
  // Stops the loop; safe from any thread.
  void Stop();
  bool shutdown_requested() const { return shutdown_requested_; }

  // ServerServices
  std::vector<ClientState*> Clients() override;
  void KillClient(ClientState& client) override;
  void RequestShutdown() override;
  Status Save() override;
  LeveledEngine* engine() override { return settings_.engine; }
  int64_t last_save_unix() const override { return last_save_unix_; }
  uint64_t resident_bytes() const override;

  ServerContext& context() { return context_; }
  boost::asio::io_context& io() { return io_; }
  MemcacheCommands& memcache() { return memcache_; }
  const RedisCommandTable& commands() const { return *commands_; }

  // For the blocking service (rule 7). RetryBlocked runs the parked command of the blocked
  // client with that id again and returns true iff the client is still blocked (its command
  // parked it again); false if it was served, is not blocked or is not connected.
  // EndWait ends the wait of that client with the reply `reply` writes (a timeout, CLIENT
  // UNBLOCK), under the client's reply mode; false iff it was not blocked. Either way a
  // client no longer blocked goes on with its further requests in a later turn of the loop.
  bool RetryBlocked(uint64_t client_id);
  bool EndWait(uint64_t client_id, const std::function<void(RespWriter&)>& reply);

 private:
  friend class Connection;

  void Accept();
  void AcceptLater();
  void Remove(Connection* connection);
  // Queues a connection whose replies wait for a log commit, and posts the commit if none is.
  void AwaitCommit(std::shared_ptr<Connection> connection);
  void CommitAndRelease();

  ServerSettings settings_;
  const RedisCommandTable* commands_;
  ServerStats stats_;
  ServerContext context_;
  MemcacheCommands memcache_;

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_;
  uint16_t port_ = 0;
  uint64_t next_client_id_ = 1;
  std::map<uint64_t, std::shared_ptr<Connection>> connections_;
  Connection* current_ = nullptr;  // the connection whose commands are running
  std::vector<std::shared_ptr<Connection>> awaiting_commit_;
  bool commit_posted_ = false;
  bool shutdown_requested_ = false;
  int64_t last_save_unix_ = 0;
};

}  // namespace stepdb
