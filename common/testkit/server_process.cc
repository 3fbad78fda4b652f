#include "common/testkit/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace stepdb::testkit {
namespace {

using Clock = std::chrono::steady_clock;

std::string MakeLogPath() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/stepdb-server-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  int fd = mkstemp(buffer.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed: " + pattern);
  close(fd);
  return buffer.data();
}

pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::string& log_path) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_TRUNC);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Waits up to `timeout` for pid to exit; returns its exit code or -1.
int WaitFor(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return DecodeWaitStatus(status);
    if (done < 0 || Clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool Accepts(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    close(fd);
    throw std::runtime_error("could not find a free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

std::unique_ptr<ServerProcess> ServerProcess::StartExact(const std::string& binary,
                                                         const std::vector<std::string>& args,
                                                         uint16_t port,
                                                         std::chrono::milliseconds timeout) {
  const std::string log_path = MakeLogPath();
  std::unique_ptr<ServerProcess> server(
      new ServerProcess(Spawn(binary, args, log_path), port, log_path));
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline && server->running()) {
    if (Accepts(port)) return server;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const bool still_running = server->running();
  throw std::runtime_error(std::string(still_running ? "server did not listen on port "
                                                     : "server exited before listening on port ") +
                           std::to_string(port) + "; its log:\n" + server->log());
}

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::string& binary,
                                                    const std::vector<std::string>& args,
                                                    std::chrono::milliseconds timeout) {
  // Another process may take the free port between FreePort() and the server's bind; a
  // server that exits early because of that is retried on a new port a few times.
  for (int attempt = 0;; ++attempt) {
    const uint16_t port = FreePort();
    std::vector<std::string> full = {"--host", "127.0.0.1", "--port", std::to_string(port)};
    full.insert(full.end(), args.begin(), args.end());
    try {
      return StartExact(binary, full, port, timeout);
    } catch (const std::runtime_error& error) {
      const std::string what = error.what();
      if (attempt == 2 || what.find("in use") == std::string::npos) throw;
    }
  }
}

int ServerProcess::RunToExit(const std::string& binary, const std::vector<std::string>& args,
                             std::string* output, std::chrono::milliseconds timeout) {
  const std::string log_path = MakeLogPath();
  pid_t pid = Spawn(binary, args, log_path);
  int code = WaitFor(pid, timeout);
  if (code == -1) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  *output = ReadFile(log_path);
  unlink(log_path.c_str());
  return code;
}

int ServerProcess::RunUntilExitOrListening(const std::string& binary,
                                           const std::vector<std::string>& args, uint16_t port,
                                           std::string* output, std::chrono::milliseconds timeout) {
  const std::string log_path = MakeLogPath();
  pid_t pid = Spawn(binary, args, log_path);
  const auto deadline = Clock::now() + timeout;
  int code = -1;
  while (true) {
    code = WaitFor(pid, std::chrono::milliseconds(10));
    if (code != -1) break;
    if (Accepts(port)) {
      code = kListening;
      break;
    }
    if (Clock::now() >= deadline) break;
  }
  if (code == kListening) {
    // SIGTERM first, so that the server flushes its log for the failure message.
    kill(pid, SIGTERM);
    if (WaitFor(pid, std::chrono::seconds(2)) != -1) pid = -1;
  }
  if (code < 0 && pid > 0) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  *output = ReadFile(log_path);
  unlink(log_path.c_str());
  return code;
}

ServerProcess::~ServerProcess() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  unlink(log_path_.c_str());
}

bool ServerProcess::running() {
  if (reaped_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    exit_code_ = DecodeWaitStatus(status);
    return false;
  }
  return true;
}

int ServerProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (reaped_) return exit_code_;
  kill(pid_, signal);
  int code = WaitFor(pid_, timeout);
  if (code != -1) {
    reaped_ = true;
    exit_code_ = code;
  }
  return code;
}

std::string ServerProcess::log() const { return ReadFile(log_path_); }

}  // namespace stepdb::testkit
