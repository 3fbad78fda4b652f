// ServerProcess: a stage's server binary started as a child process on a free loopback port,
// for black-box tests. The destructor kills it (SIGKILL) and reaps it, so a failing test never
// leaves a server behind.
//
//   auto server = ServerProcess::Start(testkit::kStageBinary, {"--data-dir", dir.path()});
//   TestClient client(server->port());
//
// Start() picks a free port, passes --host 127.0.0.1 --port <port> plus `args`, and waits
// (at most `timeout`) until the port accepts connections; it throws std::runtime_error with
// the server's log if the process exits or never listens. The server's stdout and stderr go
// to a log file whose text log() returns, for failure messages.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace stepdb::testkit {

class ServerProcess {
 public:
  static std::unique_ptr<ServerProcess> Start(
      const std::string& binary, const std::vector<std::string>& args,
      std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // Starts the binary with exactly `args` (no --host/--port added) and waits until `port`
  // accepts connections, for tests of flags and environment variables.
  static std::unique_ptr<ServerProcess> StartExact(
      const std::string& binary, const std::vector<std::string>& args, uint16_t port,
      std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // Starts the binary with exactly `args` (no --host/--port added) and waits for it to exit,
  // for flag and start-up error tests. Returns the exit code (128 + signal if killed); the
  // combined output is stored in *output. Kills the process after `timeout`.
  static int RunToExit(const std::string& binary, const std::vector<std::string>& args,
                       std::string* output,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // What RunUntilExitOrListening returns when the server started listening.
  static constexpr int kListening = -2;

  // Starts the binary with exactly `args` (no --host/--port added) and waits until it exits
  // or `port` accepts connections, for tests of a start-up that must be refused: once the
  // server listens the outcome is known, so the test does not wait out `timeout`. Returns the
  // exit code, kListening (the server is then stopped), or -1 if neither happened in time
  // (the server is then killed too); the combined output is stored in *output.
  static int RunUntilExitOrListening(const std::string& binary,
                                     const std::vector<std::string>& args, uint16_t port,
                                     std::string* output,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends `signal` and waits (at most `timeout`) for the process to exit. Returns its exit
  // code (128 + signal number if a signal ended it), or -1 if it did not exit in time.
  int Stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // kill -9, as a crash test wants it.
  void Kill() { Stop(9); }

  bool running();
  std::string log() const;

 private:
  ServerProcess(pid_t pid, uint16_t port, std::string log_path)
      : pid_(pid), port_(port), log_path_(std::move(log_path)) {}

  pid_t pid_;
  uint16_t port_;
  std::string log_path_;
  bool reaped_ = false;
  int exit_code_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
uint16_t FreePort();

}  // namespace stepdb::testkit
