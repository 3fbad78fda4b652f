#include "tcp_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "common/log.h"
#include "line_framer.h"
#include "protocol_limits.h"

namespace stepdb {
namespace {

constexpr size_t kReplyFlushBytes = 64 * 1024;

// Writes all of `bytes`; false if the peer is gone.
bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string PeerName(int fd) {
  sockaddr_storage addr{};
  socklen_t length = sizeof addr;
  char host[NI_MAXHOST] = "?";
  char port[NI_MAXSERV] = "?";
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    getnameinfo(reinterpret_cast<sockaddr*>(&addr), length, host, sizeof host, port, sizeof port,
                NI_NUMERICHOST | NI_NUMERICSERV);
  }
  return std::string(host) + ":" + port;
}

// Tells the client why it is refused, then hangs up. The line fits in a new socket's empty
// send buffer, so send() does not block the accept loop. A request the client already sent
// is discarded unread, which makes close() reset the connection: such a client may see the
// reset instead of the line. This is the last resort of a server out of threads.
void RefuseConnection(int fd, const Status& why) {
  LogWarn("refusing the connection from {}: {}", PeerName(fd), why.message());
  std::string reply;
  ReplyError(&reply, "server busy: cannot start a thread for this connection");
  SendAll(fd, reply);
  close(fd);
}

}  // namespace

std::thread TcpServer::StartStdThread(std::function<void()> body) {
  return std::thread(std::move(body));
}

TcpServer::~TcpServer() {
  Stop();
  if (listen_fd_ >= 0) close(listen_fd_);
}

Status TcpServer::Listen(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses); rc != 0) {
    return Status::InvalidArgument("cannot resolve host '" + host + "': " + gai_strerror(rc));
  }
  std::string error = "no address";
  for (addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0) {
      sockaddr_storage bound{};
      socklen_t length = sizeof bound;
      getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
      port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
      listen_fd_ = fd;
      freeaddrinfo(addresses);
      return Status::Ok();
    }
    error = std::strerror(errno);
    close(fd);
  }
  freeaddrinfo(addresses);
  return Status::IOError("cannot listen on " + host + ":" + service + ": " + error);
}

void TcpServer::Serve() {
  while (!stopping_) {
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stopping_) break;
      if (errno == EINTR || errno == ECONNABORTED) continue;
      // Out of file descriptors or memory: back off instead of spinning.
      LogWarn("accept failed: {}", std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::unique_lock lock(mu_);
    JoinFinished();
    if (stopping_) {
      close(fd);
      break;
    }
    if (Status started = StartConnection(fd); !started.ok()) {
      lock.unlock();
      RefuseConnection(fd, started);
    }
  }
  // Stop() may not have reached the connections yet (accept() can wake before it takes
  // mu_), so the loop's exit shuts them down itself before waiting for their threads.
  std::list<std::unique_ptr<Connection>> remaining;
  {
    std::lock_guard lock(mu_);
    ShutdownConnections();
    remaining.swap(connections_);
  }
  for (auto& connection : remaining) connection->thread.join();
}

Status TcpServer::StartConnection(int fd) {
  auto connection = std::make_unique<Connection>();
  connection->fd = fd;
  Connection* raw = connection.get();
  // The thread may run before the connection is listed: it takes mu_, which is held here,
  // only when it ends.
  try {
    connection->thread = start_thread_([this, raw] { HandleConnection(raw); });
  } catch (const std::system_error& e) {
    return Status::Busy(std::string("cannot start a thread for the connection: ") + e.what());
  }
  connections_.push_back(std::move(connection));
  return Status::Ok();
}

void TcpServer::Stop() {
  if (stopping_.exchange(true)) return;
  // shutdown() wakes a thread blocked in accept() or recv() on that socket.
  if (listen_fd_ >= 0) shutdown(listen_fd_, SHUT_RDWR);
  std::lock_guard lock(mu_);
  ShutdownConnections();
}

void TcpServer::ShutdownConnections() {
  for (auto& connection : connections_) {
    if (!connection->done) shutdown(connection->fd, SHUT_RDWR);
  }
}

void TcpServer::JoinFinished() {
  for (auto it = connections_.begin(); it != connections_.end();) {
    if ((*it)->done) {
      (*it)->thread.join();
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

void TcpServer::HandleConnection(Connection* connection) {
  const int fd = connection->fd;
  const std::string peer = PeerName(fd);
  LogDebug("connection from {}", peer);
  LineFramer framer(kMaxLineBytes);
  std::string reply;
  char chunk[16 * 1024];
  bool open = true;
  while (open && !stopping_) {
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    framer.Append(std::string_view(chunk, static_cast<size_t>(n)));
    reply.clear();
    while (true) {
      Result<std::optional<std::string>> line = framer.Next();
      if (!line.ok()) {
        // The rest of the stream cannot be framed: answer, then hang up.
        ReplyError(&reply, line.status().message());
        LogInfo("closing {}: {}", peer, line.status().message());
        open = false;
        break;
      }
      if (!line->has_value()) break;
      commands_.Execute(**line, &reply);
      // Many small pipelined requests can ask for large values: send as the replies pile
      // up, so one chunk of requests never costs more than about kReplyFlushBytes.
      if (reply.size() >= kReplyFlushBytes) {
        if (!SendAll(fd, reply)) {
          open = false;
          break;
        }
        reply.clear();
      }
    }
    // Pipelined requests that arrived together are answered with one send().
    if (!reply.empty() && !SendAll(fd, reply)) break;
  }
  LogDebug("connection from {} closed", peer);
  {
    // Closing under mu_ keeps Stop() from calling shutdown() on a reused descriptor.
    std::lock_guard lock(mu_);
    close(fd);
    connection->done = true;
  }
}

}  // namespace stepdb
