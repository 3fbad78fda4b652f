#include "serve.h"

#include <pthread.h>
#include <signal.h>

#include <thread>

#include "common/log.h"
#include "tcp_server.h"

namespace stepdb {

int ServeUntilSignal(const ServerOptions& options, const CommandTable& commands) {
  // Block SIGINT and SIGTERM in this thread before any other thread starts, so that every
  // thread inherits the mask and the signals wait for sigwait() below instead of killing
  // the process in the middle of a write.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  TcpServer server(commands);
  if (Status status = server.Listen(options.host, options.port); !status.ok()) {
    LogError("{}", status.message());
    return 1;
  }
  LogInfo("listening on {}:{}", options.host, server.port());
  std::thread serving([&server] { server.Serve(); });

  int received = 0;
  sigwait(&signals, &received);
  LogInfo("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.Stop();
  serving.join();
  return 0;
}

}  // namespace stepdb
