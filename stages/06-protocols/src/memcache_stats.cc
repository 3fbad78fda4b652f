// `stats` and its groups, in memcached's format: one "STAT <name> <value>\r\n" line per
// statistic, then "END\r\n".
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

#include "memcache_commands.h"

namespace stepdb {
namespace {

class StatLines {
 public:
  explicit StatLines(std::string* out) : out_(out) {}
  void Add(std::string_view name, std::string_view value) {
    *out_ += "STAT ";
    out_->append(name);
    *out_ += " ";
    out_->append(value);
    *out_ += "\r\n";
  }
  void Add(std::string_view name, uint64_t value) { Add(name, std::to_string(value)); }
  void End() { *out_ += "END\r\n"; }

 private:
  std::string* out_;
};

// seconds.microseconds, as memcached prints rusage
std::string Seconds(const timeval& time) {
  char text[32];
  std::snprintf(text, sizeof(text), "%ld.%06ld", static_cast<long>(time.tv_sec),
                static_cast<long>(time.tv_usec));
  return text;
}

}  // namespace

void MemcacheCommands::Stats(const McRequest& request, const ClientState& client,
                             std::string* out) {
  const std::string_view group =
      request.args.empty() ? std::string_view() : std::string_view(request.args[0]);
  const ServerStats& server = *server_.stats;
  const ServerConfig& config = *server_.config;
  const int64_t now_ms = NowMs();
  StatLines stats(out);
  if (group.empty()) {
    const MemcacheStats& mc = server.memcached;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    stats.Add("pid", static_cast<uint64_t>(getpid()));
    stats.Add("uptime", static_cast<uint64_t>((now_ms - server.start_ms) / 1000));
    stats.Add("time", static_cast<uint64_t>(now_ms / 1000));
    stats.Add("version", kMemcachedCompatibleVersion);
    stats.Add("pointer_size", static_cast<uint64_t>(8 * sizeof(void*)));
    stats.Add("rusage_user", Seconds(usage.ru_utime));
    stats.Add("rusage_system", Seconds(usage.ru_stime));
    stats.Add("max_connections", static_cast<uint64_t>(config.Integer("maxclients")));
    stats.Add("curr_connections", server.connected_clients);
    stats.Add("total_connections", server.total_connections_received);
    stats.Add("rejected_connections", server.rejected_connections);
    stats.Add("cmd_get", mc.cmd_get);
    stats.Add("cmd_set", mc.cmd_set);
    stats.Add("cmd_flush", mc.cmd_flush);
    stats.Add("cmd_touch", mc.cmd_touch);
    stats.Add("cmd_meta", mc.cmd_meta);
    stats.Add("get_hits", mc.get_hits);
    stats.Add("get_misses", mc.get_misses);
    stats.Add("get_expired", mc.get_expired);
    stats.Add("get_flushed", uint64_t{0});  // a flush removes items at once
    stats.Add("delete_misses", mc.delete_misses);
    stats.Add("delete_hits", mc.delete_hits);
    stats.Add("incr_misses", mc.incr_misses);
    stats.Add("incr_hits", mc.incr_hits);
    stats.Add("decr_misses", mc.decr_misses);
    stats.Add("decr_hits", mc.decr_hits);
    stats.Add("cas_misses", mc.cas_misses);
    stats.Add("cas_hits", mc.cas_hits);
    stats.Add("cas_badval", mc.cas_badval);
    stats.Add("touch_hits", mc.touch_hits);
    stats.Add("touch_misses", mc.touch_misses);
    stats.Add("bytes_read", server.total_net_input_bytes);
    stats.Add("bytes_written", server.total_net_output_bytes);
    stats.Add("threads", uint64_t{1});  // one loop thread serves every connection
    stats.Add("curr_items", keyspace().KeyCount(kDb));
    stats.Add("total_items", mc.total_items);
    stats.Add("evictions", uint64_t{0});  // StepDB never evicts
    stats.End();
  } else if (group == "settings") {
    stats.Add("maxconns", static_cast<uint64_t>(config.Integer("maxclients")));
    stats.Add("tcpport", static_cast<uint64_t>(config.Integer("port")));
    stats.Add("verbosity", uint64_t{verbosity_});
    stats.Add("evictions", "off");
    stats.Add("num_threads", uint64_t{1});
    stats.Add("cas_enabled", "yes");
    stats.Add("binding_protocol", "ascii");
    stats.Add("item_size_max", static_cast<uint64_t>(config.Integer("memcached-max-item-size")));
    stats.Add("flush_enabled", "yes");
    stats.End();
  } else if (group == "items") {
    // One class standing for every item: StepDB has no slab classes.
    const uint64_t items = keyspace().KeyCount(kDb);
    if (items > 0) stats.Add("items:1:number", items);
    stats.End();
  } else if (group == "slabs") {
    stats.Add("active_slabs", uint64_t{0});
    stats.Add("total_malloced", uint64_t{0});
    stats.End();
  } else if (group == "sizes") {
    stats.Add("sizes_status", "disabled");
    stats.End();
  } else if (group == "conns") {
    for (const ClientState* other : server_.services->Clients()) {
      const std::string fd = std::to_string(other->fd);
      stats.Add(fd + ":addr", "tcp:" + other->addr);
      stats.Add(fd + ":listen_addr", "tcp:" + other->laddr);
      stats.Add(fd + ":state", other == &client ? "conn_parse_cmd" : "conn_waiting");
      stats.Add(fd + ":secs_since_last_cmd",
                static_cast<uint64_t>((now_ms - other->last_interaction_ms) / 1000));
    }
    stats.End();
  } else if (group == "reset") {
    server_.stats->memcached = MemcacheStats{};
    *out += "RESET\r\n";
  } else {
    *out += "ERROR\r\n";
  }
}

}  // namespace stepdb
