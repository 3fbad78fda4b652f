// TcpServer: a blocking TCP server with one thread per connection.
//
// The simplest server design that serves many clients at once: the accept loop (Serve) takes
// each new connection and starts a thread for it; that thread reads bytes, cuts them into
// lines (LineFramer), runs each line through the CommandTable, and writes the replies back in
// order. A thread costs a stack (8 MiB reserved, little used) and a context switch per
// request, which is fine for a few hundred clients; stage 06 replaces this with an event loop.
//
//   client ──TCP──▶ accept loop ──spawns──▶ connection thread ──▶ CommandTable ──▶ Engine
//
// Invariants:
//   1. Replies go out in the order of the requests on each connection.
//   2. A connection's bad request never affects another connection: a malformed line gets an
//      ERROR reply; only an over-long line closes the connection (after its ERROR).
//   3. Serve() returns only once every connection thread has
//      ended, so the engine may be destroyed right after Serve() returns.
//
// Thread safety: Listen() and Serve() from one thread; Stop() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "command_table.h"
#include "common/status.h"

namespace stepdb {

class TcpServer {
 public:
  // `commands` must outlive the server.
  explicit TcpServer(const CommandTable& commands) : commands_(commands) {}
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  // Binds and listens on host:port (port 0 picks a free port; see port()). InvalidArgument
  // if the host does not resolve to an address; IOError if no address it resolves to can be
  // bound (in use, not local, ...).
  Status Listen(const std::string& host, uint16_t port);
  // The port listened on. REQUIRES: Listen() succeeded.
  uint16_t port() const { return port_; }

  // Accepts connections until Stop(), then waits for every connection thread to end.
  void Serve();

  // Stops accepting, closes every open connection and makes Serve() return. Idempotent.
  void Stop();

 private:
  struct Connection {
    int fd;
    std::thread thread;
    std::atomic<bool> done{false};
  };

  void HandleConnection(Connection* connection);
  void JoinFinished();         // REQUIRES: mu_ held
  void ShutdownConnections();  // REQUIRES: mu_ held

  const CommandTable& commands_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};

  std::mutex mu_;
  std::list<std::unique_ptr<Connection>> connections_;  // guarded by mu_
};

}  // namespace stepdb
