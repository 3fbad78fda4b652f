// MemcacheCommands: runs Memcached requests (text and meta, parsed by memcache_parser.h)
// against the keyspace, and writes memcached's replies.
//
// Memcached has no databases: its items are the keys of database 0, stored in the same
// envelope as Redis strings (value_envelope.h), so a key set with `set k 5 0 3` is the Redis
// string "k" and the other way round; the envelope keeps the client flags and the cas unique.
//
// Thread safety: not thread-safe; runs on the server's loop thread.
#pragma once

#include <string>

#include "command_context.h"
#include "memcache_parser.h"

namespace stepdb {

class MemcacheCommands {
 public:
  explicit MemcacheCommands(ServerContext& server) : server_(server) {}

  // Runs one request for `client` and appends memcached's reply bytes to *out (nothing for a
  // noreply request that succeeded). Sets client.close_after_reply for `quit`.
  void Execute(const McRequest& request, ClientState& client, std::string* out);

 private:
  ServerContext& server_;
};

}  // namespace stepdb
