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
//   4. A connection whose thread cannot start (std::thread throws std::system_error when the
//      process is out of threads or memory) is refused: it gets "ERROR server busy: cannot
//      start a thread for this connection" and is closed, and the server keeps serving.
//
// Thread safety: Listen() and Serve() from one thread; Stop() from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
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
  // Starts the thread that serves one connection and returns it; throws std::system_error
  // if it cannot (invariant 4). The default is std::thread's constructor; tests pass one
  // that throws, to see the refusal without exhausting the machine's threads.
  using ThreadStarter = std::function<std::thread(std::function<void()> body)>;
  static std::thread StartStdThread(std::function<void()> body);

  // `commands` must outlive the server.
  explicit TcpServer(const CommandTable& commands, ThreadStarter start_thread = StartStdThread)
      : commands_(commands), start_thread_(std::move(start_thread)) {}
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  // Binds and listens on host:port (port 0 picks a free port; see port()). InvalidArgument
  // if the host does not resolve to an address; IOError if no address it resolves to can be
  // bound (in use, not local, ...).
  Status Listen(const std::string& host, uint16_t port);
  // The port listened on. REQUIRES: Listen() succeeded.
  uint16_t port() const { return port_; }

  // Accepts connections until Stop(), then waits for every connection thread to end. A
  // connection whose thread cannot start is refused (invariant 4).
  void Serve();

  // Stops accepting, closes every open connection and makes Serve() return. Idempotent.
  void Stop();

 private:
  struct Connection {
    int fd;
    std::thread thread;
    std::atomic<bool> done{false};
  };

  // Starts fd's connection thread. Busy if the thread cannot start; fd is then still
  // open and the caller's. REQUIRES: mu_ held.
  Status StartConnection(int fd);
  void HandleConnection(Connection* connection);
  void JoinFinished();         // REQUIRES: mu_ held
  void ShutdownConnections();  // REQUIRES: mu_ held

  const CommandTable& commands_;
  const ThreadStarter start_thread_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};

  std::mutex mu_;
  std::list<std::unique_ptr<Connection>> connections_;  // guarded by mu_
};

}  // namespace stepdb
