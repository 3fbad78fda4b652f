// Connection: one client's socket on the server's loop — its buffers, its protocol, its state.
//
// A connection reads into `in_`, decides its protocol from the first bytes (once), then
// parses and runs every complete request in the buffer, appending the replies to `out_`, and
// sends `out_` in one write when no write is in flight (else after it). Bytes of an unfinished
// request stay in `in_` for the next read; the parsers keep their progress, so a large
// request arriving in pieces is scanned once.
//
// A blocked client (server.h, rule 7) keeps its parked command in `argv_` and its further
// requests unparsed in `in_`: RetryBlocked runs the command again, EndWait replies in its
// place, and then the requests in `in_` run in a later turn of the loop (Resume).
//
// Lifetime: the server holds a shared_ptr in its table of connections; every pending
// asynchronous operation holds another, so a connection lives until the server dropped it and
// its last operation completed.
//
// Thread safety: everything runs on the server's loop thread.
#pragma once

// Boost 1.74's asio uses std::exchange without including <utility>, which GCC 12 needs.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "command_context.h"
#include "memcache_parser.h"
#include "protocol_detector.h"
#include "resp_parser.h"

namespace stepdb {

class Server;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Server* server, boost::asio::ip::tcp::socket socket, uint64_t id);

  void Start();
  // Closes the socket now (pending operations complete with an error).
  void Close();
  // Sends what is queued (after a log commit, for held replies).
  void ReleaseReplies();
  // Writes `text` and closes, for connections refused at accept.
  void RefuseAndClose(std::string text);
  // Server::RetryBlocked and Server::EndWait for this connection.
  bool RetryBlocked();
  bool EndWait(const std::function<void(RespWriter&)>& reply);

  ClientState& state() { return state_; }
  bool closed() const { return closed_; }

 private:
  void Read();
  void OnRead(const boost::system::error_code& error, size_t bytes);
  // Runs every complete request in in_ (none while the client is blocked).
  void Process();
  // Runs `commands` (a member that runs some of this client's commands), then does what
  // every round of commands needs: the kill and input-limit checks, the hold of the replies
  // until the log commit covers the round's writes (server.h, rule 4), the output limit,
  // and the write.
  void RunRound(void (Connection::*commands)());
  void ProcessResp();
  void ProcessMemcache();
  // Runs the command in argv_ (ProcessResp's and RetryBlocked's).
  void RunCommand();
  // Applies the client's reply mode to the reply that begins at out_[reply_start].
  void FinishReply(size_t reply_start);
  // Runs the requests that arrived while the client was blocked, in a later turn of the
  // loop, and reads on.
  void Resume();
  void Write();
  void OnWrite(const boost::system::error_code& error);
  size_t pending_output() const { return out_.size() + sending_.size(); }
  bool OverOutputLimit() const;

  Server* const server_;
  boost::asio::ip::tcp::socket socket_;
  ClientState state_;

  std::string_view unread() const {
    return std::string_view(in_).substr(in_start_, in_end_ - in_start_);
  }

  // in_[in_start_, in_end_) holds the received bytes not yet consumed; beyond in_end_ is room
  // for the next read.
  std::string in_;
  size_t in_start_ = 0;
  size_t in_end_ = 0;
  std::string out_;      // replies not yet handed to a write
  std::string sending_;  // the write in flight
  bool reading_ = false;
  bool writing_ = false;
  bool held_ = false;     // replies wait for a log commit
  bool closing_ = false;  // close once out_ is written
  bool closed_ = false;

  Protocol protocol_ = Protocol::kUndecided;
  RespParser resp_;
  MemcacheParser memcache_;
  std::vector<std::string> argv_;
  McRequest request_;
};

}  // namespace stepdb
