#include "server.h"

#include <unistd.h>

#include <chrono>
#include <fstream>

#include "common/log.h"
#include "connection.h"

namespace stepdb {
namespace {

int64_t NowUnix() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Server::Server(ServerSettings settings, Keyspace* keyspace, ServerConfig* config,
               const RedisCommandTable* commands)
    : settings_(std::move(settings)),
      commands_(commands),
      memcache_(context_),
      acceptor_(io_),
      accept_retry_(io_) {
  context_.keyspace = keyspace;
  context_.config = config;
  context_.stats = &stats_;
  context_.commands = commands;
  context_.services = this;
  context_.clock = settings_.clock;
  stats_.start_ms = NowUnix() * 1000;
  last_save_unix_ = NowUnix();
}

Server::~Server() = default;

Status Server::Listen() {
  namespace ip = boost::asio::ip;
  boost::system::error_code error;
  ip::tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(settings_.host, std::to_string(settings_.port),
                                    ip::tcp::resolver::passive, error);
  if (error || endpoints.empty()) {
    return Status::InvalidArgument("cannot resolve host '" + settings_.host +
                                   "': " + error.message());
  }
  const ip::tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(ip::tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(boost::asio::socket_base::max_listen_connections, error);
  if (error) {
    return Status::IOError("cannot listen on " + settings_.host + ":" +
                           std::to_string(settings_.port) + ": " + error.message());
  }
  port_ = acceptor_.local_endpoint().port();
  return Status::Ok();
}

void Server::Run() {
  Accept();
  io_.run();
}

void Server::Stop() {
  boost::asio::post(io_, [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    auto connections = connections_;
    for (auto& [id, connection] : connections) connection->Close();
    io_.stop();
  });
}

void Server::Accept() {
  acceptor_.async_accept(
      [this](const boost::system::error_code& error, boost::asio::ip::tcp::socket socket) {
        if (!acceptor_.is_open()) return;
        if (error) {
          // Out of file descriptors (or another passing failure): try again shortly instead of
          // spinning; the clients already connected keep being served meanwhile.
          LogWarn("accept failed: {}", error.message());
          AcceptLater();
          return;
        }
        ++stats_.total_connections_received;
        auto connection = std::make_shared<Connection>(this, std::move(socket), next_client_id_++);
        const auto maxclients = static_cast<size_t>(context_.config->Integer("maxclients"));
        if (connections_.size() >= maxclients) {
          ++stats_.rejected_connections;
          connection->RefuseAndClose("-ERR max number of clients reached\r\n");
        } else {
          connections_.emplace(connection->state().id, connection);
          stats_.connected_clients = connections_.size();
          connection->Start();
        }
        Accept();
      });
}

void Server::AcceptLater() {
  accept_retry_.expires_after(std::chrono::milliseconds(100));
  accept_retry_.async_wait([this](const boost::system::error_code& error) {
    if (!error && acceptor_.is_open()) Accept();
  });
}

void Server::Remove(Connection* connection) {
  if (context_.blocking != nullptr) context_.blocking->ClientClosed(connection->state());
  connections_.erase(connection->state().id);
  stats_.connected_clients = connections_.size();
}

bool Server::RetryBlocked(uint64_t client_id) {
  auto it = connections_.find(client_id);
  if (it == connections_.end()) return false;
  std::shared_ptr<Connection> connection = it->second;  // it may close while its command runs
  return connection->RetryBlocked();
}

bool Server::EndWait(uint64_t client_id, const std::function<void(RespWriter&)>& reply) {
  auto it = connections_.find(client_id);
  return it != connections_.end() && it->second->EndWait(reply);
}

void Server::AwaitCommit(std::shared_ptr<Connection> connection) {
  awaiting_commit_.push_back(std::move(connection));
  if (commit_posted_) return;
  commit_posted_ = true;
  // Posted behind the reads that are ready now, so that one commit covers all their writes.
  boost::asio::post(io_, [this] { CommitAndRelease(); });
}

void Server::CommitAndRelease() {
  commit_posted_ = false;
  std::vector<std::shared_ptr<Connection>> waiting;
  waiting.swap(awaiting_commit_);
  const Status status = settings_.commit_log ? settings_.commit_log() : Status::Ok();
  if (settings_.sync_writes) ++stats_.log_syncs;
  for (auto& connection : waiting) {
    if (connection->closed()) continue;
    if (status.ok()) {
      connection->ReleaseReplies();
    } else {
      // The writes are not durable: their clients get no acknowledgement.
      LogError("log {} failed, closing client {}: {}", settings_.sync_writes ? "sync" : "write",
               connection->state().id, status.ToString());
      connection->Close();
    }
  }
}

std::vector<ClientState*> Server::Clients() {
  std::vector<ClientState*> clients;
  for (auto& [id, connection] : connections_) clients.push_back(&connection->state());
  return clients;
}

void Server::KillClient(ClientState& client) {
  if (current_ != nullptr && &current_->state() == &client) {
    client.close_after_reply = true;  // its reply still goes out, then it is closed
    return;
  }
  auto it = connections_.find(client.id);
  if (it != connections_.end()) {
    auto connection = it->second;
    connection->Close();
  }
}

void Server::RequestShutdown() {
  shutdown_requested_ = true;
  Stop();
}

Status Server::Save() {
  Status status = settings_.save ? settings_.save() : Status::Ok();
  if (status.ok()) last_save_unix_ = NowUnix();
  return status;
}

uint64_t Server::resident_bytes() const {
  std::ifstream statm("/proc/self/statm");
  uint64_t pages = 0;
  uint64_t resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace stepdb
