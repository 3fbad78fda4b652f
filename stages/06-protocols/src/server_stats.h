// ServerStats: the counters INFO stats and INFO clients report. Plain numbers, touched only
// on the server's loop thread.
#pragma once

#include <cstdint>

namespace stepdb {

// The counters of memcached's `stats` that StepDB keeps, under memcached's names. They count
// Memcached requests only, as memcached counts them (gat and gats are touches, not gets; a meta
// command counts as the text command it stands for; cmd_meta counts `me`, as memcached 1.6
// does), and `stats reset` zeroes them.
struct MemcacheStats {
  uint64_t cmd_get = 0;
  uint64_t cmd_set = 0;
  uint64_t cmd_flush = 0;
  uint64_t cmd_touch = 0;
  uint64_t cmd_meta = 0;
  uint64_t get_hits = 0;
  uint64_t get_misses = 0;
  uint64_t get_expired = 0;  // lookups that found an item due, and deleted it (stage 07)
  uint64_t delete_misses = 0;
  uint64_t delete_hits = 0;
  uint64_t incr_misses = 0;
  uint64_t incr_hits = 0;
  uint64_t decr_misses = 0;
  uint64_t decr_hits = 0;
  uint64_t cas_misses = 0;
  uint64_t cas_hits = 0;
  uint64_t cas_badval = 0;
  uint64_t touch_hits = 0;
  uint64_t touch_misses = 0;
  uint64_t total_items = 0;  // items stored (a set, an incr, a vivified miss...)
};

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
  MemcacheStats memcached;
};

}  // namespace stepdb
