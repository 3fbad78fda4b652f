#include "connection.h"

#include <chrono>
#include <cstring>

#include "server.h"

namespace stepdb {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kLargeReadChunk = 256 * 1024;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string Endpoint(const boost::asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  std::string text = address.to_string();
  if (address.is_v6()) text = "[" + text + "]";
  return text + ":" + std::to_string(endpoint.port());
}

RespLimits LimitsFrom(const ServerConfig& config) {
  RespLimits limits;
  limits.max_bulk_bytes = config.Integer("proto-max-bulk-len");
  return limits;
}

MemcacheLimits MemcacheLimitsFrom(const ServerConfig& config) {
  MemcacheLimits limits;
  limits.max_item_bytes = static_cast<size_t>(config.Integer("memcached-max-item-size"));
  return limits;
}

}  // namespace

Connection::Connection(Server* server, boost::asio::ip::tcp::socket socket, uint64_t id)
    : server_(server),
      socket_(std::move(socket)),
      resp_(LimitsFrom(*server->context().config)),
      memcache_(MemcacheLimitsFrom(*server->context().config)) {
  boost::system::error_code error;
  state_.id = id;
  state_.fd = socket_.native_handle();
  state_.created_ms = state_.last_interaction_ms = NowMs();
  if (auto remote = socket_.remote_endpoint(error); !error) state_.addr = Endpoint(remote);
  if (auto local = socket_.local_endpoint(error); !error) state_.laddr = Endpoint(local);
  socket_.set_option(boost::asio::ip::tcp::no_delay(true), error);
}

void Connection::Start() { Read(); }

void Connection::RefuseAndClose(std::string text) {
  out_ = std::move(text);
  closing_ = true;
  Write();
}

void Connection::Read() {
  if (reading_ || closing_ || closed_ || pending_output() >= Server::kPauseReadingBytes) return;
  if (in_start_ == in_end_) {
    in_start_ = in_end_ = 0;
  } else if (in_start_ > in_end_ / 2) {
    std::memmove(in_.data(), in_.data() + in_start_, in_end_ - in_start_);
    in_end_ -= in_start_;
    in_start_ = 0;
  }
  const size_t unconsumed = in_end_ - in_start_;
  const size_t chunk = unconsumed > 4 * kReadChunk ? kLargeReadChunk : kReadChunk;
  // The buffer only grows: a read into room it already has costs no zero-filling.
  if (in_.size() < in_end_ + chunk) in_.resize(in_end_ + chunk);
  reading_ = true;
  socket_.async_read_some(
      boost::asio::buffer(in_.data() + in_end_, chunk),
      [self = shared_from_this()](const boost::system::error_code& error, size_t n) {
        if (!error) self->in_end_ += n;
        self->OnRead(error, n);
      });
}

void Connection::OnRead(const boost::system::error_code& error, size_t bytes) {
  reading_ = false;
  if (closed_) return;
  if (error) {
    Close();
    return;
  }
  server_->stats_.total_net_input_bytes += bytes;
  state_.last_interaction_ms = NowMs();
  Process();
  if (closed_) return;
  Read();
}

void Connection::Process() {
  if (protocol_ == Protocol::kUndecided) {
    protocol_ = DetectProtocol(unread());
    if (protocol_ == Protocol::kUndecided) return;
    state_.memcached = protocol_ == Protocol::kMemcached;
  }
  RunRound(protocol_ == Protocol::kResp ? &Connection::ProcessResp : &Connection::ProcessMemcache);
}

void Connection::RunRound(void (Connection::*commands)()) {
  const uint64_t writes_before = server_->context().keyspace->write_count();
  // A round may run inside another client's command (a blocked client served by a push).
  Connection* const outer = server_->current_;
  server_->current_ = this;
  (this->*commands)();
  server_->current_ = outer;
  if (state_.kill) {
    Close();
    return;
  }
  state_.input_buffer_bytes = in_end_ - in_start_;
  const auto query_limit =
      static_cast<uint64_t>(server_->context().config->Integer("client-query-buffer-limit"));
  if (state_.input_buffer_bytes > query_limit) {
    ++server_->stats_.client_query_buffer_limit_disconnections;
    Close();
    return;
  }
  // A reply waits for the log commit that covers this round's writes (server.h, rule 4): its
  // own writes, and the writes of others it may have read (a reply must never show a value a
  // crash could still take back).
  if (server_->settings_.commit_log && !held_ &&
      (server_->context().keyspace->write_count() != writes_before || server_->commit_posted_)) {
    held_ = true;
    server_->AwaitCommit(shared_from_this());
  }
  state_.output_buffer_bytes = pending_output();
  if (OverOutputLimit()) {
    ++server_->stats_.client_output_buffer_limit_disconnections;
    Close();
    return;
  }
  if (!held_) Write();
}

void Connection::ProcessResp() {
  if (const Status flushed = server_->memcache().FlushIfDue(); !flushed.ok()) {
    RespWriter(&out_, state_.resp).Error("ERR " + flushed.ToString());
    closing_ = true;
    return;
  }
  while (!closing_ && !state_.kill && !state_.blocked) {
    const RespParser::Outcome outcome = resp_.Parse(unread(), &argv_);
    in_start_ += resp_.consumed();
    if (outcome == RespParser::Outcome::kNeedMore) break;
    if (outcome == RespParser::Outcome::kError) {
      RespWriter(&out_, state_.resp).Error("ERR " + resp_.error());
      closing_ = true;
      break;
    }
    // CLIENT REPLY OFF and SKIP drop replies: the reply is written, then cut off again. A
    // skipped command runs in mode kSkip, which it may end itself (CLIENT REPLY ON, whose
    // +OK Redis sends even then).
    if (state_.skip_next_reply && state_.reply_mode == ClientState::ReplyMode::kOn) {
      state_.reply_mode = ClientState::ReplyMode::kSkip;
    }
    state_.skip_next_reply = false;
    RunCommand();
  }
}

void Connection::RunCommand() {
  const size_t reply_start = out_.size();
  RespWriter writer(&out_, state_.resp);
  CommandContext ctx{argv_, writer, state_, server_->context()};
  server_->commands().Execute(ctx);
  // A command that parked the client has no reply yet: the mode it ran in (a skip) waits for
  // the reply it will have.
  if (!state_.blocked) FinishReply(reply_start);
  if (state_.close_after_reply) closing_ = true;
  if (BlockingService* blocking = server_->context().blocking) blocking->AfterCommand();
}

void Connection::FinishReply(size_t reply_start) {
  if (state_.reply_mode != ClientState::ReplyMode::kOn) out_.resize(reply_start);
  if (state_.reply_mode == ClientState::ReplyMode::kSkip) {
    state_.reply_mode = ClientState::ReplyMode::kOn;
  }
}

bool Connection::RetryBlocked() {
  if (closed_ || !state_.blocked) return false;
  state_.blocked = false;
  RunRound(&Connection::RunCommand);
  if (state_.blocked) return true;
  Resume();
  return false;
}

bool Connection::EndWait(const std::function<void(RespWriter&)>& reply) {
  if (closed_ || !state_.blocked) return false;
  state_.blocked = false;
  const size_t reply_start = out_.size();
  RespWriter writer(&out_, state_.resp);
  reply(writer);
  FinishReply(reply_start);
  Resume();  // the round it posts writes the reply out
  return true;
}

void Connection::Resume() {
  if (closed_) return;
  boost::asio::post(server_->io(), [self = shared_from_this()] {
    if (self->closed_ || self->state_.blocked) return;
    self->Process();
    if (!self->closed_) self->Read();
  });
}

void Connection::ProcessMemcache() {
  while (!closing_ && !state_.kill) {
    const MemcacheParser::Outcome outcome = memcache_.Parse(unread(), &request_);
    in_start_ += memcache_.consumed();
    if (outcome == MemcacheParser::Outcome::kNeedMore) break;
    if (outcome == MemcacheParser::Outcome::kError) {
      out_ += memcache_.reply();
      if (memcache_.close()) closing_ = true;
      continue;
    }
    server_->memcache().Execute(request_, state_, &out_);
    ++server_->stats_.total_commands_processed;
    if (state_.close_after_reply) closing_ = true;
  }
}

bool Connection::OverOutputLimit() const {
  // "normal <hard> <soft> <seconds> ...": the hard limit of normal clients; 0 is none.
  const std::string* limits = server_->context().config->Get("client-output-buffer-limit");
  if (limits == nullptr) return false;
  const size_t at = limits->find("normal ");
  if (at == std::string::npos) return false;
  const size_t start = at + 7;
  const std::string hard = limits->substr(start, limits->find(' ', start) - start);
  int64_t bytes = 0;
  if (!ServerConfig::ParseMemory(hard, &bytes) || bytes == 0) return false;
  return pending_output() > static_cast<uint64_t>(bytes);
}

void Connection::ReleaseReplies() {
  held_ = false;
  Write();
  Read();
}

void Connection::Write() {
  if (closed_ || writing_) return;
  if (out_.empty()) {
    if (closing_) Close();
    return;
  }
  sending_.swap(out_);
  out_.clear();
  writing_ = true;
  server_->stats_.total_net_output_bytes += sending_.size();
  boost::asio::async_write(socket_, boost::asio::buffer(sending_),
                           [self = shared_from_this()](const boost::system::error_code& error,
                                                       size_t) { self->OnWrite(error); });
}

void Connection::OnWrite(const boost::system::error_code& error) {
  writing_ = false;
  sending_.clear();
  if (closed_) return;
  if (error) {
    Close();
    return;
  }
  state_.output_buffer_bytes = pending_output();
  if (!held_) Write();
  if (closed_) return;
  Read();  // reading may have paused while replies piled up
}

void Connection::Close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  server_->Remove(this);
}

}  // namespace stepdb
