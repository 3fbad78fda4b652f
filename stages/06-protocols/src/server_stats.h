// ServerStats: the counters INFO stats and INFO clients report. Plain numbers, touched only
// on the server's loop thread.
#pragma once

#include <cstdint>

namespace stepdb {

struct ServerStats {
  int64_t start_ms = 0;  // unix time the server started
  uint64_t total_connections_received = 0;
  uint64_t rejected_connections = 0;  // over maxclients
  uint64_t total_commands_processed = 0;
  uint64_t total_net_input_bytes = 0;
  uint64_t total_net_output_bytes = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  uint64_t expired_keys = 0;  // stage 07
  uint64_t evicted_keys = 0;
  uint64_t total_error_replies = 0;
  uint64_t client_output_buffer_limit_disconnections = 0;
  uint64_t client_query_buffer_limit_disconnections = 0;
  uint64_t log_syncs = 0;  // fsyncs that acknowledged writes (appendfsync always)
  uint64_t connected_clients = 0;
};

}  // namespace stepdb
